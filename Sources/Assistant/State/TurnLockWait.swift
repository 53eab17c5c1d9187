/// How a store says, while a turn waits for a conversation's lock, that it is waiting for a live
/// holder (another turn of that conversation, in this process or another worker) rather than for
/// an answer: the store was reached, so the wait is not an outage. The engine then waits up to
/// what one live turn can take (its state deadline and lookup deadline) instead of failing closed
/// at the state deadline, and does not count the wait against the turn's own store operations.
public enum TurnLockWait {
    @TaskLocal static var reporter: (@Sendable () -> Void)?

    /// Called by stores (and `KeyedLock`) each time they find the lock held by someone else.
    public static func heldByAnother() { reporter?() }
}
