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

    public init(
        conversationTimeout: Duration = .seconds(30 * 60), confidenceThreshold: Double = 0.25, maximumFailedAttempts: Int = 3,
        lockout: LockoutRule = LockoutRule(), storeEmails: StoreAddresses = StoreAddresses(),
        clarification: ClarificationRule? = ClarificationRule()
    ) {
        self.conversationTimeout = conversationTimeout
        self.confidenceThreshold = confidenceThreshold
        self.maximumFailedAttempts = maximumFailedAttempts
        self.lockout = lockout
        self.storeEmails = storeEmails
        self.clarification = clarification
    }
}
