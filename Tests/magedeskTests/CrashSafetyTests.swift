import Foundation
import MagentoSimulator
import MagentoWire
import Testing

/// `kill -9` of one of two workers sharing a store while its turns are in flight: the other worker
/// finishes every conversation within 5 s of the kill (the dead worker's turn locks are noticed,
/// not waited out), SQLite's integrity check says ok, and a restarted worker goes on where the
/// conversations were. On SQLite, and on PostgreSQL where the test command runs one.
@Suite(.serialized) struct CrashSafetyTests {
    static func states() -> [String] {
        var states = ["sqlite:" + FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-crash-\(UUID().uuidString).sqlite").path]
        if let url = ProcessInfo.processInfo.environment["MAGEDESK_TEST_POSTGRES_URL"], !url.isEmpty { states.append(url) }
        return states
    }

    @Test(arguments: states()) func aKilledWorkersConversationsAreFinishedByTheOtherWithinFiveSeconds(state: String) async throws {
        let fixture = try Fixture.sampleStore()
        // The victim's store stops answering once its conversations are waiting for a lookup.
        let stalled = MagentoSimulator(fixture: fixture)
        let healthy = MagentoSimulator(fixture: fixture)
        let stalledRoot = try await stalled.start()
        let healthyRoot = try await healthy.start()
        defer { Task { await stalled.stop(); await healthy.stop() } }
        func environment(_ root: URL) -> [String: String] {
            ["MAGENTO_BASE_URL": root.absoluteString, "MAGENTO_ACCESS_TOKEN": fixture.integration.accessToken, "MAGEDESK_LOOKUP_DEADLINE": "60s"]
        }
        let victim = try RunningProcess(["filter", "--state", state, "--log-level", "error"], environment: environment(stalledRoot))
        let survivor = try RunningProcess(["filter", "--state", state, "--log-level", "error"], environment: environment(healthyRoot))
        let run = UUID().uuidString.prefix(8)
        let victims = (0..<4).map { "crash-\(run)-v\($0)" }
        let others = (0..<4).map { "crash-\(run)-o\($0)" }

        // Both workers start their conversations: each is waiting for the email.
        for id in victims { try victim.write(ReliabilityProcessTests.line(id, "where is order 000000101?") + "\n") }
        for id in others { try survivor.write(ReliabilityProcessTests.line(id, "where is order 000000101?") + "\n") }
        let started = try await offPool { (victim.waitForLines(4, timeout: 60), survivor.waitForLines(4, timeout: 60)) }
        for answer in try answers(started.0, count: 4, victim.standardError) + answers(started.1, count: 4, survivor.standardError) {
            #expect(answer["awaiting"].string == "email")
        }

        // The victim takes the next turn of each of its conversations and hangs in the lookup,
        // holding their turn locks, when it is killed.
        stalled.fault = .timeout
        stalled.clearRecordedRequests()
        for id in victims { try victim.write(ReliabilityProcessTests.line(id, "jane.doe@example.com") + "\n") }
        let deadline = Date().addingTimeInterval(30)
        while stalled.recordedRequests.count < victims.count, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(stalled.recordedRequests.count >= victims.count, "the victim's turns never reached the store")
        victim.signal(SIGKILL)
        let killed = Date()

        for id in victims + others { try survivor.write(ReliabilityProcessTests.line(id, "jane.doe@example.com") + "\n") }
        let finished = try await offPool { survivor.waitForLines(12, timeout: 30) }
        let elapsed = Date().timeIntervalSince(killed)
        let results = try answers(finished, count: 12, survivor.standardError)
        #expect(elapsed < 5, "the survivor needed \(elapsed) s")
        for answer in results.dropFirst(4) {
            // The conversations went on from where they were: waiting for the email, now verified.
            #expect(answer["verified"].bool == true, "\(answer)")
            #expect(answer["handoff"].isNull, "\(answer)")
        }
        survivor.closeInput()
        #expect(survivor.waitForExit() == 0)

        if state.hasPrefix("sqlite:") {
            let path = String(state.dropFirst("sqlite:".count))
            let (status, output) = try ReliabilityProcessTests.shell("sqlite3 '\(path)' 'PRAGMA integrity_check'")
            if status != 127 { #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok") }
        }

        // A restarted worker continues: each conversation is verified for its order.
        let restarted = try RunningProcess(["filter", "--state", state, "--log-level", "error"], environment: environment(healthyRoot))
        for id in victims { try restarted.write(ReliabilityProcessTests.line(id, "and where is order 000000101 now?") + "\n") }
        restarted.closeInput()
        let continued = try await offPool { restarted.waitForLines(4, timeout: 60) }
        for answer in try answers(continued, count: 4, restarted.standardError) {
            #expect(answer["verified"].bool == true, "\(answer)")
            #expect(answer["awaiting"].isNull, "\(answer)")
        }
        #expect(restarted.waitForExit() == 0)
    }
}
