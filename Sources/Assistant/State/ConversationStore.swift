public import Foundation

/// Where conversations live between turns: the seam between the engine and its storage.
///
/// The in-memory store below serves one process; `ConversationStores` adds SQLite (one machine,
/// several processes) and PostgreSQL (many workers). A store loads and saves whole conversations
/// (the engine owns what they mean) and keeps the failed-proof counters that must outlive any one
/// conversation, so that opening a new chat never resets a prober's count.
public protocol ConversationStore: Sendable {
    func load(_ id: String) async throws -> Conversation?
    func save(_ conversation: Conversation) async throws
    func delete(_ id: String) async throws

    /// Counts one failed proof against each key (`order:…`, `email:…`) and returns until when the
    /// first of them that `rule` now locks stays locked, if any does.
    func recordFailedProof(keys: [String], at time: Date, rule: LockoutRule) async throws -> Date?
    /// Until when any of `keys` is locked at `time`, if one is.
    func lockedUntil(keys: [String], at time: Date) async throws -> Date?

    /// Runs `body` while no other turn of conversation `id` runs, in this process or (for shared
    /// stores) in any worker. Throws only when the lock cannot be taken, never after `body` ran.
    func withTurnLock<T: Sendable>(_ id: String, _ body: @Sendable () async throws -> T) async throws -> T
    /// Deletes the conversations idle since before `cutoff` (and failure counts that old); returns
    /// how many conversations went.
    func purge(inactiveBefore cutoff: Date) async throws -> Int
    /// Erases every conversation that holds `email` (as given or as a proven owner) and the
    /// failed-proof counters of that email; returns how many conversations went.
    func forget(email: String) async throws -> Int

    /// A cheap write and read, for `/health`: throws when turns could not be kept right now (a
    /// database down or hanging, a read-only file, a full disk).
    func checkHealth() async throws
}

extension ConversationStore {
    public func checkHealth() async throws { _ = try await load("magedesk:health") }
}

/// After `attempts` failed proofs within `window` against one order number or one email, that order
/// or email is locked for `duration`: no proof is even tried, whatever conversation it comes from.
public struct LockoutRule: Sendable, Equatable {
    public var attempts: Int
    public var window: Duration
    public var duration: Duration

    public init(attempts: Int = 5, window: Duration = .seconds(15 * 60), duration: Duration = .seconds(15 * 60)) {
        self.attempts = attempts
        self.window = window
        self.duration = duration
    }

    public var windowSeconds: TimeInterval { window.timeInterval }
    public var durationSeconds: TimeInterval { duration.timeInterval }

    /// Given the failure times of one key (this one included), until when it is locked, if at all.
    public func lock(failures: [Date], now: Date) -> Date? {
        let recent = failures.filter { now.timeIntervalSince($0) < windowSeconds }
        return recent.count >= attempts ? now.addingTimeInterval(durationSeconds) : nil
    }
}

/// The keys a failed proof counts against.
public enum LockoutKey {
    public static func order(_ number: String) -> String { "order:\(number)" }
    public static func email(_ address: String) -> String { "email:\(address.lowercased())" }
}

/// The default store: conversations in this process's memory, gone when it exits.
public actor InMemoryConversationStore: ConversationStore {
    private let turnLocks = KeyedLock()
    private var conversations: [String: Conversation] = [:]
    private var failures: [String: [Date]] = [:]
    private var locks: [String: Date] = [:]

    public init() {}

    public func load(_ id: String) -> Conversation? { conversations[id] }

    public func save(_ conversation: Conversation) { conversations[conversation.id] = conversation }

    public func delete(_ id: String) { conversations[id] = nil }

    public var count: Int { conversations.count }

    public func recordFailedProof(keys: [String], at time: Date, rule: LockoutRule) -> Date? {
        var lockedUntil: Date?
        for key in keys {
            let recent = (failures[key] ?? []).filter { time.timeIntervalSince($0) < rule.windowSeconds } + [time]
            failures[key] = recent
            if let until = rule.lock(failures: recent, now: time) {
                locks[key] = until
                failures[key] = nil
                lockedUntil = max(lockedUntil ?? until, until)
            }
        }
        return lockedUntil
    }

    public func lockedUntil(keys: [String], at time: Date) -> Date? {
        keys.compactMap { locks[$0] }.filter { $0 > time }.max()
    }

    public nonisolated func withTurnLock<T: Sendable>(_ id: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try await turnLocks.withLock(id, body)
    }

    public func purge(inactiveBefore cutoff: Date) -> Int {
        let old = conversations.values.filter { $0.lastActivity < cutoff }.map(\.id)
        for id in old { conversations[id] = nil }
        failures = failures.compactMapValues { times in
            let kept = times.filter { $0 >= cutoff }
            return kept.isEmpty ? nil : kept
        }
        // As the SQL stores do: locks that ran out before the cutoff go too.
        locks = locks.filter { $0.value >= cutoff }
        return old.count
    }

    public func forget(email: String) -> Int {
        let matching = conversations.values.filter { $0.mentions(email: email) }.map(\.id)
        for id in matching { conversations[id] = nil }
        failures[LockoutKey.email(email)] = nil
        locks[LockoutKey.email(email)] = nil
        return matching.count
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
