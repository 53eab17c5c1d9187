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
        let (status, lines, _) = try FilterProcessTests.run(["doctor"], stdin: Data(), environment: good)
        #expect(status == 0)
        #expect(lines.count == 8)
        #expect(lines.allSatisfy { $0.hasPrefix("OK ") }, "\(lines)")

        var badStore = good
        badStore["MAGENTO_STORE_CODE"] = "nosuchstore"
        let (failed, failedLines, _) = try FilterProcessTests.run(["doctor"], stdin: Data(), environment: badStore)
        #expect(failed != 0)
        #expect(failedLines.last?.hasPrefix("FAIL store view:") == true)
        await simulator.stop()
    }
}
