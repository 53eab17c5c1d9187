import Foundation
import MagentoWire
import Synchronization
import Testing

/// A `magedesk` subprocess a test talks to line by line: write stdin, read stdout lines as they
/// come, signal it, collect its exit status and stderr.
final class RunningProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let buffer = Buffer()

    final class Buffer: Sendable {
        let state = Mutex<(lines: [String], partial: Data, errors: Data)>(([], Data(), Data()))
    }

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        // A process that exits early must fail the test, not kill the test run with SIGPIPE.
        _ = Glibc.signal(SIGPIPE, SIG_IGN)
        process.executableURL = try FilterProcessTests.binary()
        process.arguments = arguments
        process.currentDirectoryURL = FilterProcessTests.repository
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MAGENTO") && !$0.key.hasPrefix("MAGEDESK_") }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [buffer] handle in
            let chunk = handle.availableData
            buffer.state.withLock { state in
                state.partial.append(chunk)
                while let newline = state.partial.firstIndex(of: 0x0A) {
                    state.lines.append(String(decoding: state.partial[state.partial.startIndex..<newline], as: UTF8.self))
                    state.partial = Data(state.partial[(newline + 1)...])
                }
            }
        }
        errors.fileHandleForReading.readabilityHandler = { [buffer] handle in
            let chunk = handle.availableData
            buffer.state.withLock { $0.errors.append(chunk) }
        }
        try process.run()
    }

    /// Writes to the process's stdin; throws (instead of trapping, as `FileHandle.write(_:)` does)
    /// when the process has gone, with its stderr, so the test fails with the reason.
    func write(_ text: String) throws {
        do {
            try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        } catch {
            throw ProcessGone(standardError: standardError)
        }
    }

    struct ProcessGone: Error, CustomStringConvertible {
        var standardError: String
        var description: String { "the process exited before reading its input: \(standardError)" }
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    var lines: [String] { buffer.state.withLock { $0.lines } }
    var standardError: String { buffer.state.withLock { String(decoding: $0.errors, as: UTF8.self) } }

    /// Waits (off the cooperative pool) until `count` lines arrived or `timeout` passed.
    @discardableResult
    func waitForLines(_ count: Int, timeout: TimeInterval = 20) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while lines.count < count, Date() < deadline, process.isRunning || lines.count < count {
            if !process.isRunning { usleep(50_000); break }
            usleep(5_000)
        }
        return lines
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit; returns its status (or nil if it did not exit within `timeout`).
    func waitForExit(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        guard !process.isRunning else {
            process.terminate()
            return nil
        }
        usleep(50_000)  // the last output chunks
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
    }
}

/// Runs blocking work on a thread of its own, so a test's waiting never starves the in-process
/// simulator of the cooperative pool's two threads.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

/// A process's output lines parsed as JSON, exactly `count` of them: a short answer fails the test
/// with `context` (the process's stderr) instead of ending the whole test run on an index out of range.
func answers(
    _ lines: [String], count: Int, _ context: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) throws -> [WireValue] {
    try #require(lines.count == count, "\(lines.count) of \(count) answers: \(context())", sourceLocation: sourceLocation)
    return try lines.map { try JSON.parse($0) }
}
