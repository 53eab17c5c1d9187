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

    @OptionGroup var channel: ChannelOptions

    @Option(help: "Turns of different conversations looked up at once (turns of one conversation stay in order).")
    var concurrency: Int = 8

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard maxLineBytes >= 1 else { throw ValidationError("--max-line-bytes must be at least 1") }
    }

    func run() async throws {
        options.bootstrapLogging()
        // Caught before anything else, so a signal during start-up is not lost.
        let termination = TerminationSignals()
        let (runtime, reporting) = try await channel.start(options)
        let lines = InputLines.start(descriptor: 0, maximumBytes: maxLineBytes)
        let turns = OrderedTurns(window: concurrency) { StandardOutput.writeLine($0) }
        let engine = runtime.engine
        let maxLineBytes = maxLineBytes
        // Reading stops at end of input or at SIGTERM/SIGINT; the turns in flight are finished either way.
        let reading = Task {
            var lineNumber = 0
            for await line in lines {
                if Task.isCancelled { break }
                lineNumber += 1
                switch line {
                case .tooLong(let count):
                    let error = FilterContract.LineError(
                        code: .tooLong, message: "the line has \(count) bytes; the limit is \(maxLineBytes) (--max-line-bytes)")
                    await turns.submit(answer: JSON.serialize(FilterContract.encode(error, line: lineNumber)))
                case .bytes(let bytes):
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    switch FilterContract.decode(bytes) {
                    case .failure(let error):
                        await turns.submit(answer: JSON.serialize(FilterContract.encode(error, line: lineNumber)))
                    case .success(let input):
                        await turns.submit(conversation: input.conversationID) {
                            let result = await engine.handle(input)
                            await reporting.record(input, result)
                            return JSON.serialize(FilterContract.encode(result))
                        }
                    }
                }
            }
        }
        let stopper = Task {
            if await termination.wait() != nil { reading.cancel() }
        }
        await reading.value
        stopper.cancel()
        await turns.drain()
        await reporting.finish()
        await runtime.shutdown()
    }
}

/// Input lines read on a thread of their own, so a blocking read never holds one of the few
/// threads the turns run on; cancelling the consumer ends the stream.
enum InputLines {
    static func start(descriptor: Int32, maximumBytes: Int) -> AsyncStream<LineReader.Line> {
        let (stream, continuation) = AsyncStream<LineReader.Line>.makeStream(bufferingPolicy: .bufferingOldest(256))
        let thread = Thread {
            var reader = LineReader(descriptor: descriptor, maximumBytes: maximumBytes)
            reading: while let line = reader.next() {
                while true {
                    switch continuation.yield(line) {
                    case .enqueued: continue reading
                    // A full buffer: wait for the consumer instead of dropping a line.
                    case .dropped: usleep(500)
                    case .terminated: break reading
                    @unknown default: break reading
                    }
                }
            }
            continuation.finish()
        }
        thread.start()
        return stream
    }
}

/// A failure to start, printed as one line that says what to fix, with a non-zero exit.
struct StartupFailure: Error, CustomStringConvertible {
    let underlying: any Error
    init(_ underlying: any Error) { self.underlying = underlying }
    var description: String { "magedesk cannot start: \(underlying)" }
}
