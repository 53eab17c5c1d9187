import Foundation
import MagentoWire
import Testing

/// `magedesk filter` as a helpdesk runs it: a real process, stdin in, stdout out.
@Suite struct FilterProcessTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func binary() throws -> URL {
        let candidates = [".build/debug/magedesk", ".build/release/magedesk"].map { repository.appendingPathComponent($0) }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
    }

    static func run(_ arguments: [String], stdin: Data, environment: [String: String] = [:]) throws -> (Int32, [String], String) {
        let (status, out, errors) = try runWhole(arguments, stdin: stdin, environment: environment)
        return (status, String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init), errors)
    }

    /// `run` with stdout as it came, blank lines included.
    static func runWhole(_ arguments: [String], stdin: Data, environment: [String: String] = [:]) throws -> (Int32, Data, String) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = repository
        // The test decides every store and magedesk setting; none leaks in from the shell.
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MAGENTO") && !$0.key.hasPrefix("MAGEDESK_") }
        env.merge(environment) { $1 }
        process.environment = env
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, out, String(decoding: err, as: UTF8.self))
    }

    /// `run` on a thread of its own: a test whose subprocess talks to a simulator in this process
    /// must not block the few threads that simulator's handlers run on.
    static func runInBackground(
        _ arguments: [String], stdin: Data, environment: [String: String] = [:]
    ) async throws -> (Int32, [String], String) {
        try await offPool { try run(arguments, stdin: stdin, environment: environment) }
    }

    @Test func everyLineGetsExactlyOneAnswerInOrderAndBadLinesLoseNothing() throws {
        var input = Data()
        input.append(Data(#"{"conversation_id":"a","text":"where is my order 000000101?"}"#.utf8 + [0x0A]))
        input.append(Data("\n".utf8))
        input.append(Data("this is not json\n".utf8))
        input.append(Data([0x7B, 0xFF, 0x0A]))
        input.append(Data(#"{"conversation_id":"b","text":""#.utf8 + Array(repeating: UInt8(ascii: "x"), count: 300) + Array(#""}"#.utf8) + [0x0A]))
        input.append(Data(#"{"conversation_id":"a","text":"jane.doe@example.com"}"#.utf8))
        let (status, lines, errors) = try Self.run(["filter", "--max-line-bytes", "200"], stdin: input)
        #expect(status == 0)
        let values = try answers(lines, count: 5, errors)
        #expect(values[0]["awaiting"].string == "email")
        #expect(values[1]["error"]["code"].string == "invalid_json")
        #expect(values[1]["line"].int == 3)
        #expect(values[2]["error"]["code"].string == "invalid_utf8")
        #expect(values[3]["error"]["code"].string == "too_long")
        #expect(values[3]["line"].int == 5)
        // The last line had no newline and was still answered, in its conversation.
        #expect(values[4]["verified"].bool == true)
        #expect(values[4]["reply"].string?.contains("UPS") == true)
    }

    @Test func aPartialConfigurationStopsStartUpWithAMessage() throws {
        let (status, lines, errors) = try Self.run(["filter"], stdin: Data(), environment: ["MAGENTO_API_USER": "bot"])
        #expect(status != 0)
        #expect(lines.isEmpty)
        #expect(errors.contains("MAGENTO_API_KEY"))
    }

    @Test func simulateNamesTheStoreRootOnItsFirstLine() throws {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["simulate", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var buffer = Data()
        while !buffer.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let first = String(decoding: buffer, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("magedesk simulator listening on http://127.0.0.1:"))
    }
}
