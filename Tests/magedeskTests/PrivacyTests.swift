import Assistant
import Foundation
import MagentoSimulator
import MagentoWire
import Testing

@testable import magedesk

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Customers' data and secrets never reach a log unmasked, on any channel; disclosures are audited;
/// conversations can be logged masked, purged and forgotten.
@Suite(.serialized) struct PrivacyTests {
    /// A customer who says everything about themselves at once.
    static let chatty = "Hello, my name is Jane Doe, my phone is +1 555 867 5309 and I live at 4417 Elm Street, zip 10577. "
        + "Email jane.doe@example.com. Where is order 000000101?"
    static let personal = ["jane.doe@example.com", "Jane Doe", "867", "5309", "4417", "10577", "Elm Street"]

    static func expectClean(_ log: String, channel: String, secrets: [String] = []) {
        #expect(log.contains("turn"), "\(channel): turns were logged at debug level at all")
        // The loopback simulator's port is random: "127.0.0.1:36867" holds no customer's "867".
        let log = log.replacing(/127\.0\.0\.1:\d+/, with: "127.0.0.1:port")
        for value in personal + secrets { #expect(!log.contains(value), "\(channel): '\(value)' reached the log") }
    }

    static var demoToken: String { try! Fixture.sampleStore().integration.accessToken }

    @Test func theFilterLogsTurnsMasked() throws {
        let line = #"{"conversation_id":"p-1","text":"\#(Self.chatty)"}"# + "\n" + #"{"conversation_id":"p-1","text":"10577"}"# + "\n"
        let (status, lines, log) = try FilterProcessTests.run(["filter", "--log-level", "debug"], stdin: Data(line.utf8))
        #expect(status == 0)
        #expect(lines.count == 2)
        #expect(log.contains("000000101"), "the order number stays readable")
        Self.expectClean(log, channel: "filter", secrets: [Self.demoToken])
    }

    @Test func serveLogsTurnsMasked() async throws {
        let (server, base) = try await ServeProcessTests.start(["--log-level", "debug"], environment: ["MAGEDESK_API_TOKEN": "api-secret-77"])
        let body = #"{"conversation_id":"p-2","text":"\#(Self.chatty)"}"#
        let (status, _) = try await ServeProcessTests.request(base, "POST", "/v1/turn", body: body, token: "api-secret-77")
        #expect(status == 200)
        _ = try await ServeProcessTests.request(base, "POST", "/webhooks/rest/webhook", body: #"{"sender":"p-2","message":"jane.doe@example.com"}"#, token: "api-secret-77")
        server.signal(SIGTERM)
        _ = try await offPool { server.waitForExit() }
        Self.expectClean(server.standardError, channel: "serve", secrets: [Self.demoToken, "api-secret-77"])
    }

    @Test func chatLogsTurnsMasked() throws {
        let (status, _, log) = try FilterProcessTests.run(
            ["chat", "--log-level", "debug"], stdin: Data((Self.chatty + "\njane.doe@example.com\n/quit\n").utf8))
        #expect(status == 0)
        Self.expectClean(log, channel: "chat", secrets: [Self.demoToken])
    }

    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-\(UUID().uuidString)-\(name)").path
    }

    @Test func everyDisclosureIsAuditedWithTheEmailMasked() throws {
        let audit = Self.temporaryFile("audit.jsonl")
        var input = #"{"conversation_id":"a-1","text":"where is order 000000101"}"# + "\n"
        input += #"{"conversation_id":"a-1","text":"wrong@example.com"}"# + "\n"
        input += #"{"conversation_id":"a-1","text":"jane.doe@example.com"}"# + "\n"
        input += #"{"conversation_id":"a-2","text":"show me my orders","customer":{"email":"chloe.zhang@example.com","verified":true}}"# + "\n"
        let (status, _, _) = try FilterProcessTests.run(["filter", "--audit-log", audit], stdin: Data(input.utf8))
        #expect(status == 0)
        // Written as each turn ends: conversations in parallel may finish in any order.
        let lines = try answers(try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n").map(String.init), count: 2, "a failed proof discloses nothing")
            .sorted { ($0["conversation_id"].string ?? "") < ($1["conversation_id"].string ?? "") }
        #expect(lines[0]["conversation_id"].string == "a-1")
        #expect(lines[0]["order"].string == "000000101")
        #expect(lines[0]["verification"].string == "email")
        #expect(lines[0]["email"].string == "j***@e***.com")
        #expect(lines[0]["time"].string?.hasSuffix("Z") == true)
        #expect(lines[1]["disclosed"].string == "account")
        #expect(lines[1]["verification"].string == "helpdesk")
        #expect(try String(contentsOfFile: audit, encoding: .utf8).contains("chloe.zhang") == false)
        let permissions = try FileManager.default.attributesOfItem(atPath: audit)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func theTranscriptLogIsMaskedAndReplayable() throws {
        let log = Self.temporaryFile("conversations.txt")
        var input = #"{"conversation_id":"t-1","text":"where is order 000000101"}"# + "\n"
        input += #"{"conversation_id":"t-2","text":"hello"}"# + "\n"
        input += #"{"conversation_id":"t-1","text":"jane.doe@example.com"}"# + "\n"
        input += #"{"conversation_id":"t-2","text":"I want to talk to a person"}"# + "\n"
        let (status, _, _) = try FilterProcessTests.run(["filter", "--transcript-log", log], stdin: Data(input.utf8))
        #expect(status == 0)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!text.contains("jane.doe@example.com"))
        #expect(text.contains("> j***@e***.com"))
        #expect(text.contains("> where is order 000000101"))
        let transcript = try TranscriptParser.parse(text, path: log)
        #expect(transcript.conversations.count == 2, "each conversation whole, not interleaved")
        #expect(transcript.conversations.map(\.turns.count) == [2, 2])
    }

    @Test func purgeAndForgetFromTheCommandLine() throws {
        let state = "sqlite:" + Self.temporaryFile("state.sqlite")
        var input = #"{"conversation_id":"f-1","text":"where is order 000000101"}"# + "\n"
        input += #"{"conversation_id":"f-1","text":"jane.doe@example.com"}"# + "\n"
        input += #"{"conversation_id":"f-2","text":"where is order 000000106"}"# + "\n"
        input += #"{"conversation_id":"f-2","text":"chloe.zhang@example.com"}"# + "\n"
        #expect(try FilterProcessTests.run(["filter", "--state", state], stdin: Data(input.utf8)).0 == 0)
        let (forgetStatus, forgot, _) = try FilterProcessTests.run(["forget", "--email", "JANE.DOE@example.com", "--state", state], stdin: Data())
        #expect(forgetStatus == 0)
        #expect(forgot.first?.hasPrefix("erased 1 conversation ") == true)
        #expect(forgot.first?.contains("***@e***.com") == true)
        #expect(forgot.first?.contains("DOE") == false)
        // Jane's conversation is gone: the same id starts over and asks for proof again.
        let again = try FilterProcessTests.run(
            ["filter", "--state", state], stdin: Data((#"{"conversation_id":"f-1","text":"what did I order?"}"# + "\n").utf8))
        #expect(try answers(again.1, count: 1, again.2)[0]["verified"].bool == false)
        usleep(1_100_000)
        let (purgeStatus, purged, _) = try FilterProcessTests.run(["purge", "--older-than", "1s", "--state", state], stdin: Data())
        #expect(purgeStatus == 0)
        #expect(purged.first?.hasPrefix("purged 2 conversations") == true, "\(purged)")
        let (badStatus, _, message) = try FilterProcessTests.run(["purge", "--older-than", "soon", "--state", state], stdin: Data())
        #expect(badStatus != 0)
        #expect(message.contains("--older-than"))
    }
}
