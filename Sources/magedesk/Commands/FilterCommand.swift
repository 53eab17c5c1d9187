import ArgumentParser
import Assistant
import Foundation
import MagentoWire

/// `magedesk filter`: JSON lines in on stdin, one JSON answer per line on stdout.
struct FilterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Answer JSON lines from stdin on stdout (contract v1), for helpdesk integrations.",
        discussion: """
            In:  {"conversation_id":"t-1","text":"where is order 000000101?","customer":{"email":"…","verified":false}}
            Out: {"version":1,"conversation_id":"t-1","reply":"…","intent":{…},"slots":{…},"awaiting":…,"verified":…,"handoff":…,"lookups":[…]}
            A line that cannot be handled gets {"version":1,"conversation_id":…,"error":{"code","message"},"line":N}.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "Longest accepted input line in bytes; longer lines get the error too_long.")
    var maxLineBytes: Int = 64 * 1024

    @Option(help: StateOption.help)
    var state: StateOption = .memory

    func run() async throws {
        options.bootstrapLogging()
        let runtime: AssistantRuntime
        do {
            runtime = try await AssistantRuntime.start(options: options, store: try state.makeStore())
        } catch {
            throw StartupFailure(error)
        }
        var reader = LineReader(descriptor: 0, maximumBytes: maxLineBytes)
        var lineNumber = 0
        while let line = reader.next() {
            lineNumber += 1
            let output: WireValue
            switch line {
            case .tooLong(let count):
                output = FilterContract.encode(
                    FilterContract.LineError(code: .tooLong, message: "the line has \(count) bytes; the limit is \(maxLineBytes) (--max-line-bytes)"),
                    line: lineNumber)
            case .bytes(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                switch FilterContract.decode(bytes) {
                case .failure(let error): output = FilterContract.encode(error, line: lineNumber)
                case .success(let input): output = FilterContract.encode(await runtime.engine.handle(input))
                }
            }
            StandardOutput.writeLine(JSON.serialize(output))
        }
        await runtime.shutdown()
    }
}

/// A failure to start, printed as one line that says what to fix, with a non-zero exit.
struct StartupFailure: Error, CustomStringConvertible {
    let underlying: any Error
    init(_ underlying: any Error) { self.underlying = underlying }
    var description: String { "magedesk cannot start: \(underlying)" }
}
