public import Foundation

/// A parcel (or a group of items) that left the warehouse, with the carrier tracks that follow it.
///
/// Magento 2 embeds tracks in the shipment (there is no read route for tracks); Magento 1 returns
/// them from `sales_order_shipment.info`. Either way they arrive here together.
public struct Shipment: Sendable, Hashable, Codable {
    public var number: String
    public var createdAt: Date?
    public var items: [ShipmentItem]
    public var tracks: [Track]

    public init(number: String, createdAt: Date?, items: [ShipmentItem] = [], tracks: [Track] = []) {
        self.number = number
        self.createdAt = createdAt
        self.items = items
        self.tracks = tracks
    }
}

public struct ShipmentItem: Sendable, Hashable, Codable {
    public var sku: String
    public var name: String
    public var quantity: Decimal

    public init(sku: String, name: String, quantity: Decimal) {
        self.sku = sku
        self.name = name
        self.quantity = quantity
    }
}

/// A carrier tracking number. `carrierCode` is Magento's (`ups`, `usps`, `fedex`, `dhl`, or
/// `custom` for free-text carriers, whose name is then only in `title`).
public struct Track: Sendable, Hashable, Codable {
    public var number: String
    public var carrierCode: String
    public var title: String

    public init(number: String, carrierCode: String, title: String) {
        self.number = number
        self.carrierCode = carrierCode
        self.title = title
    }
}
