/// The dialogue's tunable limits (configuration, not code).
public struct EngineSettings: Sendable {
    /// Idle conversations are forgotten after this long, and their verification with them.
    public var conversationTimeout: Duration
    /// Below this classifier probability a message counts as not understood.
    public var confidenceThreshold: Double
    /// The failed proof that turns into a handoff.
    public var maximumFailedAttempts: Int
    /// Failed proofs counted across conversations, per order number and per email.
    public var lockout: LockoutRule
    /// The store's own mail addresses (`MAGEDESK_STORE_EMAILS`): never taken as the customer's.
    public var storeEmails: StoreAddresses
    /// When to ask which of two things a message is about (`MAGEDESK_CLARIFY`; nil: never ask).
    public var clarification: ClarificationRule?
    /// Every conversation-store operation of one turn (lock, load, save, lockout counters) within
    /// this, in total (`MAGEDESK_STATE_TIMEOUT`); past it the turn fails closed.
    public var stateTimeout: Duration
    /// Every Magento lookup of one turn, retries included, within this (`MAGEDESK_LOOKUP_DEADLINE`);
    /// past it the turn hands over with backend_unavailable.
    public var lookupDeadline: Duration

    public init(
        conversationTimeout: Duration = .seconds(30 * 60), confidenceThreshold: Double = 0.25, maximumFailedAttempts: Int = 3,
        lockout: LockoutRule = LockoutRule(), storeEmails: StoreAddresses = StoreAddresses(), stateTimeout: Duration = .seconds(2),
        lookupDeadline: Duration = .seconds(8), clarification: ClarificationRule? = ClarificationRule()
    ) {
        self.conversationTimeout = conversationTimeout
        self.confidenceThreshold = confidenceThreshold
        self.maximumFailedAttempts = maximumFailedAttempts
        self.lockout = lockout
        self.storeEmails = storeEmails
        self.clarification = clarification
        self.stateTimeout = stateTimeout
        self.lookupDeadline = lookupDeadline
    }
}
