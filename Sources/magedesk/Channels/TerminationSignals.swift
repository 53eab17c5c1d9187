import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM as something a command can await, for graceful shutdown.
///
/// The handlers are installed when the value is made, so a signal that arrives before `wait()`
/// (say, right after a server printed its URL) is kept rather than lost. Make it before any other
/// thread starts (URLSession, NIO): on Linux those threads inherit the signal mask set up here, and
/// one started earlier would receive the signal and drop it.
///
/// ```swift
/// let termination = TerminationSignals()
/// print("listening on \(url)")
/// await termination.wait()
/// ```
final class TerminationSignals: @unchecked Sendable {  // immutable after init; DispatchSource is thread-safe
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]
    /// While set, a signal runs this instead of being queued for `wait()`.
    private let action = SignalAction()

    final class SignalAction: Sendable {
        let current = Mutex<(@Sendable () -> Void)?>(nil)
    }

    init(_ numbers: [Int32] = [SIGINT, SIGTERM]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        let action = self.action
        self.sources = numbers.map { [action] number in
            // The dispatch source sees the signal only once its default action is disabled.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if let run = action.current.withLock({ $0 }) { run() } else { continuation.yield(number) }
            }
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

    /// Runs `body`; a signal meanwhile calls `onSignal` (e.g. to cancel what `body` waits for).
    func handling<T>(_ onSignal: @escaping @Sendable () -> Void, _ body: () async -> T) async -> T {
        action.current.withLock { $0 = onSignal }
        let value = await body()
        action.current.withLock { $0 = nil }
        return value
    }

    deinit { sources.forEach { $0.cancel() } }
}
