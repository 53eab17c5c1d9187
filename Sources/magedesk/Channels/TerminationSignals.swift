import Dispatch
import Foundation

/// SIGINT and SIGTERM as something a command can await, for graceful shutdown.
///
/// The handlers are installed when the value is made, so a signal that arrives before `wait()`
/// (say, right after a server printed its URL) is kept rather than lost.
///
/// ```swift
/// let termination = TerminationSignals()
/// print("listening on \(url)")
/// await termination.wait()
/// ```
final class TerminationSignals {
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(_ numbers: [Int32] = [SIGINT, SIGTERM]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        self.sources = numbers.map { number in
            // The dispatch source sees the signal only once its default action is disabled.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Returns the first signal received (at once if one already came).
    @discardableResult
    func wait() async -> Int32? {
        for await number in stream { return number }
        return nil
    }

    deinit { sources.forEach { $0.cancel() } }
}
