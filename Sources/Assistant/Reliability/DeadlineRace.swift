import Synchronization

/// Runs work that may ignore cancellation (a SQLite call blocked on a busy file, a PostgreSQL
/// query on a server that stopped answering, an HTTP request to a black-holed store) and returns
/// by a deadline whatever the work does: the caller gets the work's result or `DeadlinePassed`,
/// and work still running at the deadline is cancelled and left to finish on its own.
///
/// A task group would not do: it waits for every child, even cancelled ones, before it returns.
enum DeadlineRace {
    struct DeadlinePassed: Error {}

    static func run<T: Sendable>(
        until deadline: ContinuousClock.Instant, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let gate = Gate<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                gate.start(continuation)
                let worker = Task {
                    do {
                        gate.finish(.success(try await work()))
                    } catch {
                        gate.finish(.failure(error))
                    }
                }
                let timer = Task {
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    if !Task.isCancelled { gate.finish(.failure(DeadlinePassed())) }
                }
                gate.hold(worker: worker, timer: timer)
            }
        } onCancel: {
            gate.finish(.failure(CancellationError()))
        }
    }

    /// Resumes the caller once, with whichever comes first, and then stops the other side.
    final class Gate<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var outcome: Result<T, any Error>?
            var worker: Task<Void, Never>?
            var timer: Task<Void, Never>?
        }
        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<T, any Error>) {
            let early = state.withLock { state -> Result<T, any Error>? in
                if let outcome = state.outcome { return outcome }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(with: early) }
        }

        func hold(worker: Task<Void, Never>, timer: Task<Void, Never>) {
            let finished = state.withLock { state -> Bool in
                state.worker = worker
                state.timer = timer
                return state.outcome != nil
            }
            if finished {
                worker.cancel()
                timer.cancel()
            }
        }

        func finish(_ outcome: Result<T, any Error>) {
            let (continuation, worker, timer) = state.withLock { state -> (CheckedContinuation<T, any Error>?, Task<Void, Never>?, Task<Void, Never>?) in
                guard state.outcome == nil else { return (nil, nil, nil) }
                state.outcome = outcome
                defer { state.continuation = nil }
                return (state.continuation, state.worker, state.timer)
            }
            continuation?.resume(with: outcome)
            worker?.cancel()
            timer?.cancel()
        }
    }
}
