public import Foundation

/// A Magento order reduced to what a support conversation can talk about.
///
/// Both backends (Magento 2 REST and Magento 1 XML-RPC/SOAP) normalize into this one type, so the
/// dialogue never learns which Magento answered. Amounts are in the order's own currency
/// (`grand_total`, never `base_grand_total`): that is what the customer paid and sees on the invoice.
public struct Order: Sendable, Hashable, Codable {
    /// The number the customer knows (`increment_id`), digits as Magento stores them, leading zeros kept.
    public var number: String
    /// Magento's internal id (`entity_id` on Magento 2, `order_id` on Magento 1); shipments,
    /// invoices and credit memos refer to the order by it.
    public var entityID: Int
    public var state: String
    public var status: String
    public var createdAt: Date?
    public var customerEmail: String
    public var customerFirstname: String?
    public var customerLastname: String?
    public var isGuest: Bool
    public var currencyCode: String
    public var grandTotal: Decimal
    public var items: [OrderItem]
    public var billingAddress: Address?
    public var shippingAddress: Address?
    public var shippingDescription: String?

    public init(
        number: String, entityID: Int, state: String, status: String, createdAt: Date?,
        customerEmail: String, customerFirstname: String? = nil, customerLastname: String? = nil,
        isGuest: Bool, currencyCode: String, grandTotal: Decimal, items: [OrderItem] = [],
        billingAddress: Address? = nil, shippingAddress: Address? = nil, shippingDescription: String? = nil
    ) {
        self.number = number
        self.entityID = entityID
        self.state = state
        self.status = status
        self.createdAt = createdAt
        self.customerEmail = customerEmail
        self.customerFirstname = customerFirstname
        self.customerLastname = customerLastname
        self.isGuest = isGuest
        self.currencyCode = currencyCode
        self.grandTotal = grandTotal
        self.items = items
        self.billingAddress = billingAddress
        self.shippingAddress = shippingAddress
        self.shippingDescription = shippingDescription
    }
}

/// One line of an order. Configurable products appear twice in Magento (parent and child row);
/// backends keep only the rows a customer would recognise (`parentItemID == nil`).
public struct OrderItem: Sendable, Hashable, Codable {
    public var sku: String
    public var name: String
    public var quantityOrdered: Decimal
    public var quantityShipped: Decimal
    public var quantityRefunded: Decimal
    public var quantityCanceled: Decimal
    public var price: Decimal
    public var rowTotal: Decimal

    public init(
        sku: String, name: String, quantityOrdered: Decimal, quantityShipped: Decimal = 0,
        quantityRefunded: Decimal = 0, quantityCanceled: Decimal = 0, price: Decimal = 0, rowTotal: Decimal = 0
    ) {
        self.sku = sku
        self.name = name
        self.quantityOrdered = quantityOrdered
        self.quantityShipped = quantityShipped
        self.quantityRefunded = quantityRefunded
        self.quantityCanceled = quantityCanceled
        self.price = price
        self.rowTotal = rowTotal
    }

    /// What is still to be shipped: ordered minus shipped, refunded and canceled.
    public var quantityAwaitingShipment: Decimal {
        max(0, quantityOrdered - quantityShipped - quantityRefunded - quantityCanceled)
    }
}

/// A postal address as printed on an order. The billing postcode is one of the two proofs of
/// ownership a customer can give; the shipping address is never proof.
public struct Address: Sendable, Hashable, Codable {
    public var firstname: String?
    public var lastname: String?
    public var street: [String]
    public var city: String?
    public var region: String?
    public var postcode: String?
    public var countryCode: String?

    public init(
        firstname: String? = nil, lastname: String? = nil, street: [String] = [], city: String? = nil,
        region: String? = nil, postcode: String? = nil, countryCode: String? = nil
    ) {
        self.firstname = firstname
        self.lastname = lastname
        self.street = street
        self.city = city
        self.region = region
        self.postcode = postcode
        self.countryCode = countryCode
    }
}
