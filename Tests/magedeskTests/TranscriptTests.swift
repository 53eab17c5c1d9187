import Assistant
import Foundation
import Logging
import MagentoWire
import Testing

@testable import magedesk

@Suite struct TranscriptParserTests {
    @Test func readsDirectivesTurnsAndExpectations() throws {
        let text = """
            # comment
            @locale en
            @customer email=jane@example.com verified=true name="Jane Doe"
            > hello
            >| second line
            < Hi!
            <~ hi
            <! secret
            ? intent=greeting awaiting=none slot.email=jane@example.com lookup=order_by_number:found
            ---
            @backend magento1
            @fault down
            > where is my order
            """
        let transcript = try TranscriptParser.parse(text, path: "t.txt")
        #expect(transcript.conversations.count == 2)
        let first = transcript.conversations[0]
        #expect(first.directives.customer == CustomerContext(email: "jane@example.com", verified: true, name: "Jane Doe"))
        #expect(first.directives.backends == [.magento2, .magento1])
        #expect(first.turns[0].text == "hello\nsecond line")
        #expect(first.turns[0].expectations.count == 7)
        let second = transcript.conversations[1]
        #expect(second.directives.backends == [.magento1])
        #expect(second.directives.fault == "down")
        #expect(second.directives.locale == "en")
    }

    @Test(arguments: [
        "@weather sunny\n> hi",
        "> hi\n? colour=red",
        "> hi\n? slot.shoe=42",
        "> hi\n? verified=maybe",
        "> hi\n? lookup=order_by_number",
        "< orphan expectation",
        "> hi\n@locale de",
        "> hi\nwhat is this line",
        "@fault flood\n> hi",
        "@config colour=red\n> hi",
        "> hi\n~ tomorrow",
        "~ new conversation\n> hi",
        "> hi\n~ new conversation\n---\n> hi",
        "> hi\n? handoff=grumpy",
    ])
    func unknownThingsFailTheFile(_ text: String) {
        #expect(throws: TranscriptSyntaxError.self) { try TranscriptParser.parse(text, path: "bad.txt") }
    }
}

/// Every transcript in transcripts/ passes on both Magento versions, through the real clients and
/// the simulator.
@Suite struct TranscriptReplayTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theTranscriptSetCoversTheDialogue() throws {
        let files = try TranscriptRunner.transcriptFiles([Self.repository.appendingPathComponent("transcripts").path])
        let conversations = try files.flatMap { file in
            try TranscriptParser.parse(String(contentsOfFile: file, encoding: .utf8), path: file).conversations
        }
        #expect(conversations.count >= 40)
        #expect(conversations.filter { $0.directives.locale == "de" }.count >= 5)
        let turns = conversations.flatMap(\.turns)
        #expect(turns.contains { $0.startsNewConversation }, "a cross-conversation lockout is replayed")
        #expect(turns.contains { $0.secondsPassed > 30 * 60 }, "an idle expiry is replayed")
        let asserted = Set(turns.flatMap(\.expectations).compactMap { expectation -> String? in
            if case .output(let key, let value) = expectation.kind, key == "handoff" || key == "awaiting" { return "\(key)=\(value)" }
            return nil
        })
        // state_unavailable needs a conversation store that fails, which a replay (in memory) has
        // not: ReliabilityProcessTests and FailClosedTests hand off for it.
        for reason in Handoff.Reason.allCases where reason != .backendUnavailable && reason != .stateUnavailable {
            #expect(asserted.contains("handoff=\(reason.rawValue)"), "a transcript hands off for \(reason.rawValue)")
        }
        #expect(asserted.contains("awaiting=order_choice"))
    }

    @Test func stageDirectionsApplyToTheNextTurn() throws {
        let text = "> where is order 000000101\n~ new conversation\n~ 31 minutes pass\n> hello"
        let turns = try TranscriptParser.parse(text, path: "t.txt").conversations[0].turns
        #expect(!turns[0].startsNewConversation && turns[0].secondsPassed == 0)
        #expect(turns[1].startsNewConversation && turns[1].secondsPassed == 31 * 60)
    }

    @Test func everyTranscriptPassesOnBothVersions() async throws {
        let catalog = try IntentCatalog.load(from: Self.repository.appendingPathComponent("intents"))
        var logger = Logger(label: "replay-test")
        logger.logLevel = .critical
        let runner = TranscriptRunner(catalog: catalog, logger: logger)
        let files = try TranscriptRunner.transcriptFiles([Self.repository.appendingPathComponent("transcripts").path])
        #expect(!files.isEmpty)
        let summary = await runner.run(files: files)
        // Read-only, proven on everything the replay sent: Magento 2 saw only GETs and the token
        // POSTs, Magento 1 only login, endSession and *.info / *.list calls.
        let requests = runner.recordedRequests
        #expect(requests.contains { $0.face == .magento2 } && requests.contains { $0.face == .magento1 })
        for request in requests {
            switch request.face {
            case .magento2:
                let tokenRoute = request.operation.hasSuffix("/V1/integration/admin/token") || request.operation.hasSuffix("/V1/tfa/provider/google/authenticate")
                #expect(request.method == "GET" || (request.method == "POST" && tokenRoute), "\(request.method) \(request.operation)")
            case .magento1 where request.operation == "wsdl" || request.operation.hasPrefix("soap "):
                let readOperations = Set(Magento1Operations.soapV2.values.map(\.operation)).union(["login", "endSession"])
                #expect(request.operation == "wsdl" || readOperations.contains(String(request.operation.dropFirst("soap ".count))), "\(request.operation)")
            case .magento1:
                let parts = request.operation.split(separator: " ").filter { $0 != "soap1" }
                #expect(["login", "call", "multiCall", "endSession"].contains(String(parts[0])), "\(request.operation)")
                for path in parts.dropFirst().flatMap({ $0.split(separator: ",") }) {
                    #expect(path.hasSuffix(".info") || path.hasSuffix(".list"), "\(path) is not a read call")
                }
            }
        }
        #expect(requests.contains { $0.method == "POST" && $0.face == .magento2 }, "the admin-token transcripts ran")
        #expect(requests.contains { $0.operation.hasPrefix("soap ") }, "the SOAP transcripts ran")
        await runner.shutdown()
        for failure in summary.failures { Issue.record("\(failure)") }
        #expect(summary.failed == 0)
        #expect(summary.passed >= files.count)
    }

    @Test func aFailingExpectationIsReportedWithFileAndLine() async throws {
        let catalog = try IntentCatalog.load(from: Self.repository.appendingPathComponent("intents"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("failing-\(UUID().uuidString).txt")
        try "@backend magento2\n> where is my order 000000101?\n<~ banana\n".write(to: file, atomically: true, encoding: .utf8)
        var logger = Logger(label: "replay-test")
        logger.logLevel = .critical
        let runner = TranscriptRunner(catalog: catalog, logger: logger)
        let summary = await runner.run(files: [file.path])
        await runner.shutdown()
        #expect(summary.passed == 0)
        #expect(summary.failed == 1)
        #expect(summary.failures.first?.location == "\(file.path):3")
    }
}
