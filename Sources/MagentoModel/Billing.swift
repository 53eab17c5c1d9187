public import Foundation

/// An invoice: what the customer was billed, the number on the PDF they received.
public struct Invoice: Sendable, Hashable, Codable {
    public enum State: Int, Sendable, Codable {
        case open = 1
        case paid = 2
        case canceled = 3
    }

    public var number: String
    public var createdAt: Date?
    public var state: State?
    /// In the order's currency (`grand_total`, never `base_grand_total`).
    public var grandTotal: Decimal

    public init(number: String, createdAt: Date?, state: State?, grandTotal: Decimal) {
        self.number = number
        self.createdAt = createdAt
        self.state = state
        self.grandTotal = grandTotal
    }
}

/// A refund, which Magento records as a credit memo. An offline refund has no invoice link and no
/// `creditmemo_status` (magento2-captures 11), so neither is modelled.
public struct Refund: Sendable, Hashable, Codable {
    public var number: String
    public var createdAt: Date?
    /// In the order's currency (`grand_total`, never `base_grand_total`).
    public var grandTotal: Decimal

    public init(number: String, createdAt: Date?, grandTotal: Decimal) {
        self.number = number
        self.createdAt = createdAt
        self.grandTotal = grandTotal
    }
}

/// A note on the order's history that the store chose to show the customer
/// (`is_visible_on_front`); internal notes never leave the backend.
public struct OrderComment: Sendable, Hashable, Codable {
    public var text: String
    public var createdAt: Date?
    public var status: String?

    public init(text: String, createdAt: Date?, status: String? = nil) {
        self.text = text
        self.createdAt = createdAt
        self.status = status
    }
}
