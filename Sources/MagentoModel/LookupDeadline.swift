/// When the lookups of the current turn must be finished: the engine sets it around a turn's
/// Magento calls, and the HTTP transport shortens its request timeouts and stops retrying by it,
/// so a store that accepts connections and never answers costs a turn this long and no more.
public enum LookupDeadline {
    /// Nil outside a turn (the doctor, tests calling a client directly): only the client's own
    /// per-request timeouts apply.
    @TaskLocal public static var current: ContinuousClock.Instant?
}
