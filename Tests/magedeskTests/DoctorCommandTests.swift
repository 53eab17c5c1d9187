import Foundation
import MagentoSimulator
import Testing

/// `magedesk doctor` as a merchant runs it: a real process, the configured environment, one line per check.
@Suite struct DoctorCommandTests {
    @Test func passesAgainstAWorkingStoreAndFailsWithTheFixNamed() async throws {
        let fixture = try Fixture.sampleStore()
        let simulator = MagentoSimulator(fixture: fixture)
        let root = try await simulator.start()
        let good = ["MAGENTO_BASE_URL": root.absoluteString, "MAGENTO_ACCESS_TOKEN": fixture.integration.accessToken]
        let (status, lines, _) = try await FilterProcessTests.runInBackground(["doctor"], stdin: Data(), environment: good)
        #expect(status == 0)
        #expect(lines.count == 8)
        #expect(lines.allSatisfy { $0.hasPrefix("OK ") }, "\(lines)")

        var badStore = good
        badStore["MAGENTO_STORE_CODE"] = "nosuchstore"
        let (failed, failedLines, _) = try await FilterProcessTests.runInBackground(["doctor"], stdin: Data(), environment: badStore)
        #expect(failed != 0)
        #expect(failedLines.last?.hasPrefix("FAIL store view:") == true)
        await simulator.stop()
    }
}

/// Short-lived workers sharing one SQLite state file log in to Magento once between them.
@Suite struct SharedAdminTokenTests {
    @Test func twoFilterProcessesOnOneStateFileShareTheAdminToken() async throws {
        let fixture = try Fixture.sampleStore()
        let simulator = MagentoSimulator(fixture: fixture)
        let root = try await simulator.start()
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-\(UUID().uuidString).sqlite").path
        let environment = [
            "MAGENTO_BASE_URL": root.absoluteString, "MAGENTO_ADMIN_USERNAME": "support-admin", "MAGENTO_ADMIN_PASSWORD": "demo-admin-password-1",
        ]
        let turns = Data(#"{"conversation_id":"w","text":"where is my order 000000101?"}"#.utf8 + [0x0A] + #"{"conversation_id":"w","text":"jane.doe@example.com"}"#.utf8 + [0x0A])
        for _ in 0..<2 {
            let (status, lines, errors) = try await FilterProcessTests.runInBackground(["filter", "--state", "sqlite:\(state)"], stdin: turns, environment: environment)
            #expect(status == 0, "\(errors)")
            #expect(lines.last?.contains("\"verified\":true") == true)
        }
        #expect(simulator.recordedRequests.filter { $0.method == "POST" }.count == 1)
        let permissions = try FileManager.default.attributesOfItem(atPath: state)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        await simulator.stop()
    }
}
