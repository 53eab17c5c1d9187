import Foundation
import MailChannel
import Testing

/// The messages in Tests/Fixtures/mail: `generated/` (written by generate.py with Python's email
/// package) and `samples/` (hand-written in the shapes of Gmail, Outlook, Apple Mail, Thunderbird).
enum MailFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = repository.appendingPathComponent("Tests/Fixtures/mail")

    static func bytes(_ name: String) throws -> [UInt8] {
        let path = name.contains("/") ? name : (FileManager.default.fileExists(atPath: folder.appendingPathComponent("samples/\(name).eml").path)
            ? "samples/\(name)" : "generated/\(name)")
        return Array(try Data(contentsOf: folder.appendingPathComponent(path.hasSuffix(".eml") ? path : path + ".eml")))
    }

    static func message(_ name: String) throws -> MailMessage {
        try MailMessage(try bytes(name))
    }
}

/// Runs python3 with a script on stdin-free arguments; returns stdout (stderr on failure in the error).
enum Python {
    struct Failure: Error, CustomStringConvertible {
        var status: Int32
        var errors: String
        var description: String { "python3 exited \(status): \(errors)" }
    }

    static func run(_ arguments: [String], input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(status: process.terminationStatus, errors: String(decoding: err, as: UTF8.self)) }
        return String(decoding: out, as: UTF8.self)
    }
}
