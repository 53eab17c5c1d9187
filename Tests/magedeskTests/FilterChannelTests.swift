import Foundation
import MagentoSimulator
import MagentoWire
import Testing

/// The filter's channel promises: parallel conversations in input order, every bad input answered,
/// and a graceful stop on SIGTERM.
@Suite struct FilterChannelTests {
    /// A sample store on loopback that answers each request after `latency`.
    static func withSlowStore<T>(latency: Duration, _ body: (MagentoSimulator, [String: String]) async throws -> T) async throws -> T {
        let simulator = MagentoSimulator(fixture: try Fixture.sampleStore())
        simulator.latency = latency
        let root = try await simulator.start()
        do {
            let environment = ["MAGENTO_BASE_URL": root.absoluteString, "MAGENTO_ACCESS_TOKEN": simulator.fixture.integration.accessToken]
            let value = try await body(simulator, environment)
            await simulator.stop()
            return value
        } catch {
            await simulator.stop()
            throw error
        }
    }

    static func conversations(_ count: Int) -> Data {
        var text = ""
        for index in 0..<count { text += #"{"conversation_id":"c\#(index)","text":"where is order 000000101"}"# + "\n" }
        for index in 0..<count { text += #"{"conversation_id":"c\#(index)","text":"jane.doe@example.com"}"# + "\n" }
        return Data(text.utf8)
    }

    @Test func differentConversationsLookUpInParallelAndAnswersKeepInputOrder() async throws {
        try await Self.withSlowStore(latency: .milliseconds(80)) { simulator, environment in
            let (status, lines, _) = try await FilterProcessTests.runInBackground(
                ["filter", "--concurrency", "8"], stdin: Self.conversations(12), environment: environment)
            #expect(status == 0)
            #expect(lines.count == 24)
            let values = try lines.map { try JSON.parse($0) }
            for (index, value) in values.enumerated() {
                #expect(value["conversation_id"].string == "c\(index % 12)", "answers are in input order")
                if index >= 12 { #expect(value["verified"].bool == true, "turn 2 of c\(index % 12) ran after its turn 1") }
            }
            #expect(simulator.peakConcurrentRequests > 1, "lookups of different conversations overlapped")
        }
    }

    @Test func concurrencyOneIsSequential() async throws {
        try await Self.withSlowStore(latency: .milliseconds(20)) { simulator, environment in
            let (status, lines, _) = try await FilterProcessTests.runInBackground(
                ["filter", "--concurrency", "1"], stdin: Self.conversations(4), environment: environment)
            #expect(status == 0)
            #expect(lines.count == 8)
            #expect(simulator.peakConcurrentRequests == 1)
        }
    }

    @Test func turnsOfOneConversationStayInOrderUnderConcurrency() async throws {
        var text = #"{"conversation_id":"same","text":"where is order 000000101"}"# + "\n"
        text += #"{"conversation_id":"same","text":"jane.doe@example.com"}"# + "\n"
        text += #"{"conversation_id":"same","text":"what did I order?"}"# + "\n"
        text += #"{"conversation_id":"same","text":"sorry, I meant 000000102"}"# + "\n"
        let (status, lines, _) = try await FilterProcessTests.runInBackground(["filter", "--concurrency", "16"], stdin: Data(text.utf8))
        #expect(status == 0)
        let values = try answers(lines, count: 4)
        #expect(values.map { $0["awaiting"].string ?? "none" } == ["email", "none", "none", "none"])
        #expect(values[2]["reply"].string?.contains("Radiant Tee") == true)
        #expect(values[3]["slots"]["order_number"].string == "000000102")
    }

    @Test(arguments: [
        (#"[1, 2]"#, "not_an_object"),
        (#""just a string""#, "not_an_object"),
        (#"{"conversation_id": 5, "text": "hi"}"#, "wrong_type"),
        (#"{"conversation_id": "a", "text": 5}"#, "wrong_type"),
        (#"{"conversation_id": "a", "text": "hi", "customer": "jane"}"#, "wrong_type"),
        (#"{"conversation_id": "a", "text": "hi", "customer": {"verified": "yes"}}"#, "wrong_type"),
        (#"{"conversation_id": "a", "text": "hi", "reset": "no"}"#, "wrong_type"),
        (#"{"conversation_id": "a", "text": "hi", "locale": 7}"#, "wrong_type"),
        (#"{"text": "hi"}"#, "missing_field"),
        (#"{"conversation_id": "a"}"#, "missing_field"),
        (#"{"conversation_id": "", "text": "hi"}"#, "missing_field"),
        (#"{"conversation_id": "a", "text": "hi""#, "invalid_json"),
    ])
    func eachBadInputGetsItsErrorAndTheNextLineGoesOn(_ line: String, _ code: String) throws {
        let input = Data((line + "\n" + #"{"conversation_id":"ok","text":"hello"}"# + "\n").utf8)
        let (status, lines, errors) = try FilterProcessTests.run(["filter"], stdin: input)
        #expect(status == 0)
        let values = try answers(lines, count: 2, errors)
        #expect(values[0]["error"]["code"].string == code)
        #expect(values[0]["line"].int == 1)
        #expect(values[1]["conversation_id"].string == "ok")
    }

    @Test func blankLinesAreSkippedAndCRLFIsAccepted() throws {
        let input = Data("\n   \n\t\n".utf8 + Array(#"{"conversation_id":"a","text":"hello"}"#.utf8) + [0x0D, 0x0A])
        let (status, lines, errors) = try FilterProcessTests.run(["filter"], stdin: input)
        #expect(status == 0)
        #expect(try answers(lines, count: 1, errors)[0]["intent"]["name"].string == "greeting")
    }

    @Test func sigtermFinishesTheTurnsInFlightFlushesAndExitsZero() async throws {
        try await Self.withSlowStore(latency: .milliseconds(400)) { _, environment in
            let process = try RunningProcess(["filter"], environment: environment)
            try process.write(#"{"conversation_id":"a","text":"where is order 000000101"}"# + "\n")
            let first = try await offPool { process.waitForLines(1) }
            #expect(first.count == 1)
            // This turn's lookups take 800 ms: the signal arrives while they run.
            try process.write(#"{"conversation_id":"a","text":"jane.doe@example.com"}"# + "\n")
            try await Task.sleep(for: .milliseconds(150))
            process.signal(SIGTERM)
            let status = try await offPool { process.waitForExit() }
            #expect(status == 0)
            let lines = process.lines
            #expect(lines.count == 2, "the turn in flight was answered: \(process.standardError)")
            if lines.count == 2 { #expect(try JSON.parse(lines[1])["verified"].bool == true) }
        }
    }

    @Test func sigintWhileIdleExitsZero() async throws {
        let process = try RunningProcess(["filter"])
        try process.write(#"{"conversation_id":"a","text":"hello"}"# + "\n")
        _ = try await offPool { process.waitForLines(1) }
        process.signal(SIGINT)
        #expect(try await offPool { process.waitForExit() } == 0)
    }
}

/// Two `magedesk filter` processes on one store, as a helpdesk's workers run: each finishes the
/// conversations the other began.
@Suite struct SharedStateProcessTests {
    static var states: [String] {
        var states = ["sqlite:" + FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-\(UUID().uuidString).sqlite").path]
        if let url = ProcessInfo.processInfo.environment["MAGEDESK_TEST_POSTGRES_URL"], !url.isEmpty { states.append(url) }
        return states
    }

    /// Workers started at once on a file none has created yet: each must open it (no "database is
    /// locked" from the switch to WAL, no file truncated under another) and answer.
    @Test func workersStartingAtOnceOnANewFileAllStart() async throws {
        let state = "sqlite:" + FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-\(UUID().uuidString).sqlite").path
        let workers = try (0..<6).map { _ in try RunningProcess(["filter", "--state", state]) }
        for (index, worker) in workers.enumerated() {
            try worker.write(#"{"conversation_id":"w\#(index)","text":"hello"}"# + "\n")
            worker.closeInput()
        }
        for worker in workers {
            #expect(try await offPool { worker.waitForExit() } == 0, "\(worker.standardError)")
            #expect(worker.lines.count == 1, "\(worker.standardError)")
        }
    }

    @Test func twoWorkerProcessesFinishEachOthersConversations() async throws {
        for state in Self.states {
            let run = UUID().uuidString.prefix(8)
            let first = try RunningProcess(["filter", "--state", state])
            let second = try RunningProcess(["filter", "--state", state])
            func line(_ id: String, _ text: String) -> String { #"{"conversation_id":"\#(run)-\#(id)","text":"\#(text)"}"# + "\n" }
            try first.write(line("a", "where is order 000000101") + line("b", "where is order 000000104"))
            try second.write(line("c", "where is order 000000102"))
            _ = try await offPool { first.waitForLines(2) }
            _ = try await offPool { second.waitForLines(1) }
            try second.write(line("a", "jane.doe@example.com") + line("b", "max.mustermann@example.de"))
            try first.write(line("c", "10577"))
            let secondLines = try await offPool { second.waitForLines(3) }
            let firstLines = try await offPool { first.waitForLines(3) }
            first.closeInput()
            second.closeInput()
            #expect(try await offPool { first.waitForExit() } == 0)
            #expect(try await offPool { second.waitForExit() } == 0)
            let secondAnswers = try answers(secondLines, count: 3, "\(state): \(second.standardError)")
            let firstAnswers = try answers(firstLines, count: 3, "\(state): \(first.standardError)")
            #expect(secondAnswers[1]["verified"].bool == true, "\(state)")
            #expect(secondAnswers[2]["verified"].bool == true, "\(state)")
            #expect(firstAnswers[2]["verified"].bool == true, "\(state)")
        }
    }
}
