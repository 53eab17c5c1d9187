import Foundation
import MagentoModel
import MagentoWire

/// Reads Magento 1 XML-RPC records (every column, money as "49.9800" strings, `<nil/>` for null)
/// into the normalized model.
enum Magento1Records {
    static func order(_ record: WireValue) throws(BackendError) -> Order {
        guard let number = record["increment_id"].nonEmptyString, let entityID = record["order_id"].int else {
            throw .malformedResponse("an order without increment_id or order_id")
        }
        return Order(
            number: number,
            entityID: entityID,
            state: record["state"].string ?? "",
            status: record["status"].string ?? "",
            createdAt: record["created_at"].string.flatMap(MagentoDate.parse),
            customerEmail: record["customer_email"].string ?? "",
            customerFirstname: record["customer_firstname"].nonEmptyString,
            customerLastname: record["customer_lastname"].nonEmptyString,
            // OpenMage leaves customer_is_guest null for registered customers (capture 02).
            isGuest: record["customer_is_guest"].bool ?? record["customer_id"].isNull,
            currencyCode: record["order_currency_code"].nonEmptyString ?? "USD",
            grandTotal: record["grand_total"].decimal ?? 0,
            items: record["items"].elements.filter { $0["parent_item_id"].isNull }.map(Magento2Records.item),
            billingAddress: address(record["billing_address"]),
            shippingAddress: address(record["shipping_address"]),
            shippingDescription: record["shipping_description"].nonEmptyString
        )
    }

    static func address(_ record: WireValue) -> Address? {
        guard !record.members.isEmpty else { return nil }
        return Address(
            firstname: record["firstname"].nonEmptyString,
            lastname: record["lastname"].nonEmptyString,
            // Magento 1 joins street lines with "\n".
            street: (record["street"].string ?? "").split(separator: "\n").map(String.init),
            city: record["city"].nonEmptyString,
            region: record["region"].nonEmptyString,
            postcode: record["postcode"].nonEmptyString,
            countryCode: record["country_id"].nonEmptyString
        )
    }

    static func shipment(_ record: WireValue) -> Shipment {
        Shipment(
            number: record["increment_id"].string ?? "",
            createdAt: record["created_at"].string.flatMap(MagentoDate.parse),
            items: record["items"].elements.map {
                ShipmentItem(sku: $0["sku"].string ?? "", name: $0["name"].string ?? "", quantity: $0["qty"].decimal ?? 0)
            },
            tracks: record["tracks"].elements.compactMap { track in
                guard let number = track["number"].nonEmptyString ?? track["track_number"].nonEmptyString else { return nil }
                return Track(
                    number: number, carrierCode: track["carrier_code"].string ?? "custom",
                    title: track["title"].nonEmptyString ?? "")
            }
        )
    }
}

extension Magento1Records {
    /// A `customer.list` row. Only the fields `Magento2Records.customer` reads are kept:
    /// `password_hash`, `rp_token` and the other secret-bearing columns a real store returns
    /// (magento1-captures 06) are dropped here, at parse time.
    static func customer(_ record: WireValue) -> Customer? { Magento2Records.customer(record, idKey: "customer_id") }

    static func invoice(_ record: WireValue) -> Invoice { Magento2Records.invoice(record, idKey: "invoice_id") }

    static func refund(_ record: WireValue) -> Refund { Magento2Records.refund(record, idKey: "creditmemo_id") }

    /// Magento 1's `status_history` has the same visibility flag as Magento 2's comments.
    static func visibleComments(_ records: [WireValue]) -> [OrderComment] {
        Magento2Records.visibleComments(records)
    }
}
