/// One customer message as every channel hands it to the engine (filter contract v1, input side).
public struct TurnInput: Sendable, Equatable {
    public var conversationID: String
    public var text: String
    /// An email's subject line, read with the text for the intent (filter contract v1.1).
    public var subject: String?
    /// What the helpdesk knows about the asker.
    public var customer: CustomerContext?
    /// `en` or `de`; nil lets the engine decide.
    public var locale: String?
    /// Store view code for this conversation.
    public var store: String?
    /// Forget the conversation before this turn.
    public var reset: Bool

    public init(
        conversationID: String, text: String, subject: String? = nil, customer: CustomerContext? = nil, locale: String? = nil,
        store: String? = nil, reset: Bool = false
    ) {
        self.conversationID = conversationID
        self.text = text
        self.subject = subject
        self.customer = customer
        self.locale = locale
        self.store = store
        self.reset = reset
    }
}

/// The asker as the helpdesk knows them. `verified` means the helpdesk already authenticated this
/// email (a logged-in customer): such a customer may see the orders and account of that email only.
public struct CustomerContext: Sendable, Equatable, Codable {
    public var email: String?
    public var verified: Bool
    public var name: String?

    public init(email: String? = nil, verified: Bool = false, name: String? = nil) {
        self.email = email
        self.verified = verified
        self.name = name
    }
}

/// The engine's answer to one turn (filter contract v1, output side).
public struct TurnResult: Sendable, Equatable {
    public var conversationID: String
    public var reply: String
    public var intent: IntentPrediction
    /// Every slot the conversation holds after this turn, normalized.
    public var slots: [String: String]
    /// The one slot this reply asks for, or nil when it asks nothing.
    public var awaiting: Slot?
    public var verified: Bool
    public var handoff: Handoff?
    public var lookups: [LookupRecord]
    /// What happened in this turn that metrics and the audit log record.
    public var events: TurnEvents

    public init(
        conversationID: String, reply: String, intent: IntentPrediction, slots: [String: String], awaiting: Slot?,
        verified: Bool, handoff: Handoff?, lookups: [LookupRecord], events: TurnEvents = TurnEvents()
    ) {
        self.conversationID = conversationID
        self.reply = reply
        self.intent = intent
        self.slots = slots
        self.awaiting = awaiting
        self.verified = verified
        self.handoff = handoff
        self.lookups = lookups
        self.events = events
    }
}

/// The turn's security-relevant facts: a disclosure of order or account data (for the audit log),
/// a failed proof, a lockout.
public struct TurnEvents: Sendable, Equatable {
    public var disclosures: [Disclosure]
    public var verificationFailed: Bool
    public var lockedOut: Bool
    /// The conversation-store operation that failed, when one did (the turn then failed closed).
    public var stateFailure: StateOperation?

    public init(disclosures: [Disclosure] = [], verificationFailed: Bool = false, lockedOut: Bool = false, stateFailure: StateOperation? = nil) {
        self.disclosures = disclosures
        self.verificationFailed = verificationFailed
        self.lockedOut = lockedOut
        self.stateFailure = stateFailure
    }
}

/// Order or account data shown to a customer, and on what grounds.
public struct Disclosure: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case order
        case account
    }

    public var kind: Kind
    /// The order shown (nil for an account's order list).
    public var orderNumber: String?
    /// `email`, `postcode` or `helpdesk`.
    public var method: String
    /// The customer's email, unmasked: whoever writes it masks it.
    public var email: String

    public init(kind: Kind, orderNumber: String?, method: String, email: String) {
        self.kind = kind
        self.orderNumber = orderNumber
        self.method = method
        self.email = email
    }
}

/// What the classifier decided, with its confidence in [0, 1].
public struct IntentPrediction: Sendable, Equatable {
    public var name: String
    public var confidence: Double

    public init(name: String, confidence: Double) {
        self.name = name
        self.confidence = confidence
    }
}

/// The values a conversation collects. `orderChoice` is asked when a verified customer has several
/// orders; `intentChoice` when the message could be about either of two things.
public enum Slot: String, Sendable, Codable, CaseIterable {
    case orderNumber = "order_number"
    case email
    case postcode
    case name
    case orderChoice = "order_choice"
    case intentChoice = "intent_choice"
}

/// A hand-over to a human agent, with what the agent needs to pick up the conversation.
public struct Handoff: Sendable, Equatable, Codable {
    public enum Reason: String, Sendable, Codable, CaseIterable {
        case customerRequest = "customer_request"
        case verificationFailed = "verification_failed"
        case actionRequested = "action_requested"
        case backendUnavailable = "backend_unavailable"
        /// The conversation store (and with it the lockout counters) could not be used in time.
        case stateUnavailable = "state_unavailable"
        case angry
        case lowConfidence = "low_confidence"
    }

    public var reason: Reason
    /// One line for the agent.
    public var summary: String
    /// The conversation's slots when it was handed over.
    public var slots: [String: String]
    /// How the asker proved the order theirs: `email`, `postcode`, `helpdesk`, or `none`.
    public var verification: String
    /// The order under discussion (increment id), when known.
    public var order: String?

    public init(reason: Reason, summary: String, slots: [String: String] = [:], verification: String = "none", order: String? = nil) {
        self.reason = reason
        self.summary = summary
        self.slots = slots
        self.verification = verification
        self.order = order
    }
}

/// One Magento lookup a turn made, for `/debug`, logs and the filter's `lookups`.
public struct LookupRecord: Sendable, Equatable, Codable {
    public enum Operation: String, Sendable, Codable, CaseIterable {
        case orderByNumber = "order_by_number"
        case ordersByEmail = "orders_by_email"
        case customerByEmail = "customer_by_email"
        case shipments
        case invoices
        case creditmemos
        case comments
    }

    public enum Outcome: String, Sendable, Codable {
        case found
        case notFound = "not_found"
        case denied
        case error
    }

    public var operation: Operation
    public var outcome: Outcome
    public var milliseconds: Double

    public init(operation: Operation, outcome: Outcome, milliseconds: Double) {
        self.operation = operation
        self.outcome = outcome
        self.milliseconds = milliseconds
    }
}
