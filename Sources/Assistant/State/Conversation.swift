public import Foundation

/// Everything the assistant remembers between turns of one conversation.
///
/// It is a plain value so every `ConversationStore` can persist it the same way (as JSON), and so a
/// turn is a pure step from one state to the next plus the lookups it made.
public struct Conversation: Sendable, Equatable, Codable {
    public var id: String
    /// Normalized slot values: order_number, email, postcode, name.
    public var slots: [String: String]
    /// The slot the last reply asked for.
    public var awaiting: Slot?
    /// The intent being served across turns (e.g. order_status while its email is asked for).
    public var activeIntent: String?
    /// What was proven in this conversation, if anything.
    public var proof: Proof?
    /// Failed proofs in this conversation.
    public var failedAttempts: Int
    /// How many times in a row the same slot was asked for.
    public var repeatedAsks: Int
    /// Turns in a row the classifier was not sure of (optional so that conversations stored by
    /// earlier versions still load).
    public var lowConfidenceStreak: Int?
    /// The order numbers last offered to choose from (awaiting order_choice), newest first.
    public var orderChoices: [String]?
    /// The two intents the customer was last asked to choose between (awaiting intent_choice).
    public var intentChoices: [String]?
    public var locale: String?
    public var lastActivity: Date
    public var turns: Int

    /// An order number proven to belong to the asker, and how.
    public struct Proof: Sendable, Equatable, Codable {
        public enum Method: String, Sendable, Codable {
            case email
            case postcode
            case helpdesk
        }

        public var orderNumber: String
        /// The email that owns the proven order (lower-cased): other orders of this email need no new proof.
        public var ownerEmail: String
        public var method: Method

        public init(orderNumber: String, ownerEmail: String, method: Method) {
            self.orderNumber = orderNumber
            self.ownerEmail = ownerEmail
            self.method = method
        }
    }

    public init(id: String, now: Date = Date()) {
        self.id = id
        self.slots = [:]
        self.awaiting = nil
        self.activeIntent = nil
        self.proof = nil
        self.failedAttempts = 0
        self.repeatedAsks = 0
        self.locale = nil
        self.lastActivity = now
        self.turns = 0
    }
}

extension Conversation {
    /// Whether this conversation holds `email`, given by the customer or as a proven order's owner.
    public func mentions(email: String) -> Bool {
        let wanted = email.lowercased()
        return slots[Slot.email.rawValue]?.lowercased() == wanted || proof?.ownerEmail.lowercased() == wanted
    }
}
