import Foundation
import MagentoSimulator
import MagentoWire
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

/// `magedesk eval` on a labelled file, in both output forms.
@Suite struct EvalCommandTests {
    @Test func reportsIntentAndSlotFigures() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let intents = directory.appendingPathComponent("intents.jsonl")
        try """
            {"text":"hello there","intent":"greeting"}
            {"text":"where is my parcel, order 000000101","intent":"order_status"}
            {"text":"thank you so much","intent":"thanks","also_acceptable":["goodbye"]}
            """.write(to: intents, atomically: true, encoding: .utf8)
        let (status, lines, _) = try FilterProcessTests.run(["eval", intents.path, "--json"], stdin: Data())
        #expect(status == 0)
        let figures = try JSON.parse(Data(try #require(lines.first).utf8))
        #expect(figures["accuracy"] == .int(1) || figures["accuracy"] == .double(1))
        #expect(figures["per_intent"]["order_status"]["support"].int == 1)
        let slots = directory.appendingPathComponent("slots.jsonl")
        try """
            {"text":"my order is #000000604","slots":{"order_number":"000000604"}}
            {"text":"call me on 555 123 4567","slots":{}}
            """.write(to: slots, atomically: true, encoding: .utf8)
        let (slotStatus, slotLines, _) = try FilterProcessTests.run(["eval", "--slots", slots.path, "--json"], stdin: Data())
        #expect(slotStatus == 0)
        let slotFigures = try JSON.parse(Data(try #require(slotLines.first).utf8))
        #expect(slotFigures["exact_match"] == .int(1) || slotFigures["exact_match"] == .double(1))
        #expect(slotFigures["false_positives"].int == 0)
        try "not json\n".write(to: slots, atomically: true, encoding: .utf8)
        let (bad, _, errors) = try FilterProcessTests.run(["eval", "--slots", slots.path], stdin: Data())
        #expect(bad != 0)
        #expect(errors.contains("slots.jsonl:1"))
    }

    @Test func errorsListsEachWrongAnswerWithTheClassifiersTopThree() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-eval-\(UUID().uuidString).jsonl")
        try """
            {"text":"hello there","intent":"greeting"}
            {"text":"where is my parcel?","intent":"invoice"}
            """.write(to: file, atomically: true, encoding: .utf8)
        let (status, lines, _) = try FilterProcessTests.run(["eval", file.path, "--errors"], stdin: Data())
        #expect(status == 0)
        let wrong = try #require(lines.firstIndex { $0.contains("\(file.lastPathComponent):2  invoice → order_status") })
        #expect(lines[wrong].contains("[order_status "), "the top three follow: \(lines[wrong])")
        #expect(lines[wrong].components(separatedBy: ", ").count == 3)
        #expect(lines[wrong + 1].contains("where is my parcel?"))
        #expect(!lines.contains { $0.contains(":1  greeting") }, "a right answer is not listed")
    }
}
