import Foundation
import Synchronization

/// What a turn asked of the conversation store when it failed.
public enum StateOperation: String, Sendable, CaseIterable {
    case lock
    case load
    case save
    case delete
    /// Reading or counting the failed-proof lockout counters.
    case counters
}

/// The conversation store failed or did not answer in time: the turn fails closed.
public struct StateStoreFailure: Error, CustomStringConvertible, Sendable {
    public var operation: StateOperation
    public var reason: String

    public init(operation: StateOperation, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "the conversation store failed (\(operation.rawValue)): \(reason)" }
}

/// The conversation store as one turn uses it: every lock, load, save and counter operation of the
/// turn shares one budget (`MAGEDESK_STATE_TIMEOUT` in total, not per operation: the time the turn
/// spends waiting on the store, not the Magento lookups between its operations), and whatever
/// goes wrong (an error, or no answer by the deadline: a PostgreSQL server that is down or hangs,
/// a SQLite file that is busy, read-only or on a full disk) comes out as `StateStoreFailure`,
/// which the engine answers by failing closed. Operations still running at the deadline are
/// cancelled and abandoned; the stores keep their effects in order behind them (SQLite's one
/// writer, the turn's one PostgreSQL connection), so an abandoned write never lands after a newer one.
struct TurnStateAccess: Sendable {
    let store: any ConversationStore
    let deadline: ContinuousClock.Instant
    let budget: Duration
    let health: DependencyHealth
    /// What this turn's store operations have taken so far.
    let timeOnStore = TimeOnStore()

    init(store: any ConversationStore, budget: Duration, health: DependencyHealth) {
        self.store = store
        self.budget = budget
        self.deadline = ContinuousClock.now.advanced(by: budget)
        self.health = health
    }

    /// A running total shared by the copies of one turn's access.
    final class TimeOnStore: Sendable {
        private let total = Mutex<Duration>(.zero)
        var value: Duration { total.withLock { $0 } }
        func add(_ duration: Duration) { total.withLock { $0 += duration } }
    }

    func run<T: Sendable>(_ operation: StateOperation, _ work: @escaping @Sendable () async throws -> T) async throws(StateStoreFailure) -> T {
        // Success is the engine's to report, once a whole turn went through: a store that still
        // answers reads but fails writes (a full disk) is one outage, not one per turn.
        do {
            // This process's memory cannot stall: no task to race it against a timer.
            if store is InMemoryConversationStore { return try await work() }
            let start = ContinuousClock.now
            defer { timeOnStore.add(start.duration(to: .now)) }
            return try await DeadlineRace.run(until: start.advanced(by: max(budget - timeOnStore.value, .zero)), work)
        } catch {
            let failure = StateStoreFailure(operation: operation, reason: reason(error))
            health.failed(failure.description)
            throw failure
        }
    }

    func reason(_ error: any Error) -> String {
        if error is DeadlineRace.DeadlinePassed {
            return "no answer within the turn's \(budget.formattedSeconds) (MAGEDESK_STATE_TIMEOUT)"
        }
        if error is CancellationError { return "the turn was cancelled" }
        return "\(error)"
    }

    func load(_ id: String) async throws(StateStoreFailure) -> Conversation? {
        let store = store
        return try await run(.load) { try await store.load(id) }
    }

    func save(_ conversation: Conversation) async throws(StateStoreFailure) {
        let store = store
        try await run(.save) { try await store.save(conversation) }
    }

    func delete(_ id: String) async throws(StateStoreFailure) {
        let store = store
        try await run(.delete) { try await store.delete(id) }
    }

    func recordFailedProof(keys: [String], at time: Date, rule: LockoutRule) async throws(StateStoreFailure) -> Date? {
        let store = store
        return try await run(.counters) { try await store.recordFailedProof(keys: keys, at: time, rule: rule) }
    }

    func lockedUntil(keys: [String], at time: Date) async throws(StateStoreFailure) -> Date? {
        let store = store
        return try await run(.counters) { try await store.lockedUntil(keys: keys, at: time) }
    }

    /// `body` under the conversation's turn lock, given how much of the state budget taking it
    /// spent. Reaching the store for the lock counts against the deadline; waiting while the
    /// store says another live turn holds it (`TurnLockWait`) does not, up to `holderAllowance`
    /// (what one live turn can take). A lock granted after the turn gave up is handed back at
    /// once, the body not run. The body's own store operations are bounded one by one, its Magento
    /// lookups by their own deadline.
    func withTurnLock<T: Sendable>(
        _ id: String, holderAllowance: Duration, _ body: @escaping @Sendable (_ spent: Duration) async -> T
    ) async throws(StateStoreFailure) -> T {
        let start = ContinuousClock.now
        if let memory = store as? InMemoryConversationStore {
            do {
                return try await memory.withTurnLock(id) { await body(.zero) }
            } catch {
                throw StateStoreFailure(operation: .lock, reason: reason(error))
            }
        }
        let gate = LockGate<T>()
        let store = store
        let holder = Task {
            do {
                try await TurnLockWait.$reporter.withValue({ gate.heldByAnother() }) {
                    try await store.withTurnLock(id) {
                        guard gate.acquired() else { return }
                        let spent = min(gate.firstHeld.map { start.duration(to: $0) } ?? start.duration(to: .now), budget)
                        gate.deliver(await body(spent))
                    }
                }
            } catch {
                gate.refuse(error)
            }
        }
        let deadline = deadline
        let timer = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            // Held by a live turn: wait as long as such a turn can take.
            if !Task.isCancelled, gate.firstHeld != nil { try? await Task.sleep(until: deadline.advanced(by: holderAllowance), clock: .continuous) }
            // Waiting for the lock stops too (a PostgreSQL pool lease, the polling for the lock).
            if !Task.isCancelled, gate.giveUp() { holder.cancel() }
        }
        defer { timer.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await gate.wait()
            } onCancel: {
                holder.cancel()
            }
        } catch {
            let failure = StateStoreFailure(operation: .lock, reason: reason(error))
            health.failed(failure.description)
            throw failure
        }
    }

    /// The turn's side of a lock the store takes in a task of its own.
    final class LockGate<T: Sendable>: Sendable {
        private enum Phase {
            case waiting
            case acquired
            case over
        }
        private struct State {
            var phase = Phase.waiting
            var continuation: CheckedContinuation<T, any Error>?
            var outcome: Result<T, any Error>?
            var firstHeld: ContinuousClock.Instant?
        }
        private let state = Mutex(State())

        /// When the store first said another live turn holds the lock, if it did.
        var firstHeld: ContinuousClock.Instant? { state.withLock { $0.firstHeld } }

        func heldByAnother() {
            state.withLock { state in
                if state.firstHeld == nil { state.firstHeld = .now }
            }
        }

        func wait() async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                let early = state.withLock { state -> Result<T, any Error>? in
                    if let outcome = state.outcome { return outcome }
                    state.continuation = continuation
                    return nil
                }
                if let early { continuation.resume(with: early) }
            }
        }

        /// The store granted the lock: true if the turn still wants it.
        func acquired() -> Bool {
            state.withLock { state in
                guard state.phase == .waiting else { return false }
                state.phase = .acquired
                return true
            }
        }

        func deliver(_ value: T) { resolve(.success(value), onlyWhileWaiting: false) }
        func refuse(_ error: any Error) { resolve(.failure(error), onlyWhileWaiting: true) }
        /// The deadline passed: true if the lock was still awaited (the turn fails closed).
        func giveUp() -> Bool { resolve(.failure(DeadlineRace.DeadlinePassed()), onlyWhileWaiting: true) }

        @discardableResult
        private func resolve(_ outcome: Result<T, any Error>, onlyWhileWaiting: Bool) -> Bool {
            let (resolved, continuation) = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?) in
                guard state.outcome == nil, state.phase != .over else { return (false, nil) }
                if onlyWhileWaiting, state.phase != .waiting { return (false, nil) }
                state.phase = .over
                state.outcome = outcome
                defer { state.continuation = nil }
                return (true, state.continuation)
            }
            continuation?.resume(with: outcome)
            return resolved
        }
    }
}

extension Duration {
    /// "2 s", "1.5 s", "250 ms": a setting as an operator reads it in a log line.
    var formattedSeconds: String {
        let seconds = timeInterval
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
