/// One holder per key at a time, the others waiting in arrival order: how one process keeps two
/// turns of the same conversation from interleaving while turns of different ones run freely.
public actor KeyedLock {
    /// A key is held while it has an entry; the entry queues the waiters.
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    public init() {}

    public func acquire(_ key: String) async {
        if waiters[key] == nil {
            waiters[key] = []
            return
        }
        TurnLockWait.heldByAnother()
        await withCheckedContinuation { waiters[key, default: []].append($0) }
    }

    public func release(_ key: String) {
        guard var queue = waiters[key] else { return }
        if queue.isEmpty {
            waiters[key] = nil
        } else {
            let next = queue.removeFirst()
            waiters[key] = queue
            next.resume()
        }
    }

    public nonisolated func withLock<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire(key)
        do {
            let value = try await body()
            await release(key)
            return value
        } catch {
            await release(key)
            throw error
        }
    }

    /// Keys held right now (for tests and metrics).
    public var heldCount: Int { waiters.count }
}
