import Foundation
import MagentoSimulator
import MagentoWire
import Testing

/// `magedesk serve`'s /health and /metrics through outages: 503 naming the failing dependency
/// (the conversation store, Magento) while it is down, 200 again after, and the fail-closed turns
/// and state-store failures counted.
@Suite(.serialized) struct HealthProcessTests {
    static func failing(_ body: String) throws -> [String] {
        try JSON.parse(body)["failing"].elements.compactMap { $0["dependency"].string }
    }

    @Test func healthNamesMagentoWhileItFailsAndIsOkAgainAfter() async throws {
        let simulator = MagentoSimulator(fixture: try Fixture.sampleStore())
        let root = try await simulator.start()
        defer { Task { await simulator.stop() } }
        let (server, base) = try await ServeProcessTests.start(
            environment: [
                "MAGENTO_BASE_URL": root.absoluteString, "MAGENTO_ACCESS_TOKEN": simulator.fixture.integration.accessToken,
                "MAGEDESK_LOOKUP_DEADLINE": "1s",
            ])
        let healthy = try await ServeProcessTests.request(base, "GET", "/health")
        #expect(healthy.0 == 200, "\(healthy.1)")

        simulator.fault = .drop
        let turn = try await ServeProcessTests.request(
            base, "POST", "/v1/turn", body: #"{"conversation_id":"h-1","text":"where is order 000000101?","customer":{"email":"jane.doe@example.com","verified":true}}"#)
        #expect(try JSON.parse(turn.1)["handoff"]["reason"].string == "backend_unavailable")
        let down = try await ServeProcessTests.request(base, "GET", "/health")
        #expect(down.0 == 503)
        #expect(try Self.failing(down.1) == ["magento"], "\(down.1)")

        simulator.fault = nil
        try await Task.sleep(for: .milliseconds(1100))
        let back = try await ServeProcessTests.request(base, "GET", "/health")
        #expect(back.0 == 200, "\(back.1)")
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0)
    }

    @Test func healthAndMetricsWhileTheStateStoresDiskIsFull() async throws {
        guard let mount = try ReliabilityProcessTests.tmpfs() else {
            print("skipped: mounting a tmpfs needs root and a mount-capable machine")
            return
        }
        defer { _ = try? ReliabilityProcessTests.shell("umount -l '\(mount)'; rmdir '\(mount)'") }
        let (server, base) = try await ServeProcessTests.start(["--state", "sqlite:\(mount)/state.sqlite"], environment: ["MAGEDESK_STATE_TIMEOUT": "1s"])
        #expect(try await ServeProcessTests.request(base, "GET", "/health").0 == 200)

        try ReliabilityProcessTests.shell("dd if=/dev/zero of='\(mount)/filler' bs=4k 2>/dev/null")
        let turn = try await ServeProcessTests.request(
            base, "POST", "/v1/turn", body: #"{"conversation_id":"h-2","text":"where is order 000000101? my email is jane.doe@example.com"}"#)
        let answer = try JSON.parse(turn.1)
        #expect(answer["handoff"]["reason"].string == "state_unavailable", "\(turn.1)")
        #expect(answer["verified"].bool == false)
        try await Task.sleep(for: .milliseconds(1100))
        let down = try await ServeProcessTests.request(base, "GET", "/health")
        #expect(down.0 == 503)
        #expect(try Self.failing(down.1) == ["state_store"], "\(down.1)")
        let metrics = try await ServeProcessTests.request(base, "GET", "/metrics")
        #expect(metrics.1.contains("magedesk_fail_closed_turns_total 1"), "\(metrics.1)")
        #expect(metrics.1.contains(#"magedesk_state_failures_total{operation="save"} 1"#), "\(metrics.1)")
        #expect(metrics.1.contains(#"magedesk_handoffs_total{reason="state_unavailable"} 1"#), "\(metrics.1)")

        try FileManager.default.removeItem(atPath: "\(mount)/filler")
        try await Task.sleep(for: .milliseconds(1100))
        let back = try await ServeProcessTests.request(base, "GET", "/health")
        #expect(back.0 == 200, "\(back.1)")
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0)
    }
}
