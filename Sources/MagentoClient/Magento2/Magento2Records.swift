import Foundation
import MagentoModel
import MagentoWire

/// Reads Magento 2 REST records into the normalized model, tolerating what real stores send:
/// omitted nulls, numbers without fraction, `[]` where an object is expected.
enum Magento2Records {
    /// The `fields=` selection for an order: only what a support answer uses.
    static let orderFields =
        "entity_id,increment_id,state,status,created_at,customer_email,customer_firstname,customer_lastname,"
        + "customer_is_guest,order_currency_code,grand_total,shipping_description,"
        + "items[sku,name,qty_ordered,qty_shipped,qty_refunded,qty_canceled,price,row_total,parent_item_id],"
        + "billing_address[\(addressFields)],"
        + "extension_attributes[shipping_assignments[shipping[address[\(addressFields)]]]]"
    static let addressFields = "firstname,lastname,street,city,region,postcode,country_id"
    static let shipmentFields =
        "entity_id,increment_id,created_at,items[sku,name,qty,order_item_id],tracks[track_number,title,carrier_code]"

    static let customerFields = "id,email,firstname,lastname,created_at"
    static let invoiceFields = "entity_id,increment_id,created_at,state,grand_total"
    static let refundFields = "entity_id,increment_id,created_at,state,grand_total"
    static let commentFields = "comment,created_at,status,is_visible_on_front"

    static func order(_ record: WireValue) throws(BackendError) -> Order {
        guard let number = record["increment_id"].nonEmptyString, let entityID = record["entity_id"].int else {
            throw .malformedResponse("an order without increment_id or entity_id")
        }
        let shippingAddress = record["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]
        return Order(
            number: number,
            entityID: entityID,
            state: record["state"].string ?? "",
            status: record["status"].string ?? "",
            createdAt: record["created_at"].string.flatMap(MagentoDate.parse),
            customerEmail: record["customer_email"].string ?? "",
            customerFirstname: record["customer_firstname"].nonEmptyString,
            customerLastname: record["customer_lastname"].nonEmptyString,
            isGuest: record["customer_is_guest"].bool ?? false,
            currencyCode: record["order_currency_code"].nonEmptyString ?? "USD",
            grandTotal: record["grand_total"].decimal ?? 0,
            items: record["items"].elements.filter { $0["parent_item_id"].isNull }.map(item),
            billingAddress: address(record["billing_address"]),
            shippingAddress: address(shippingAddress),
            shippingDescription: record["shipping_description"].nonEmptyString
        )
    }

    static func item(_ record: WireValue) -> OrderItem {
        OrderItem(
            sku: record["sku"].string ?? "",
            name: record["name"].string ?? record["sku"].string ?? "",
            quantityOrdered: record["qty_ordered"].decimal ?? 0,
            quantityShipped: record["qty_shipped"].decimal ?? 0,
            quantityRefunded: record["qty_refunded"].decimal ?? 0,
            quantityCanceled: record["qty_canceled"].decimal ?? 0,
            price: record["price"].decimal ?? 0,
            rowTotal: record["row_total"].decimal ?? 0
        )
    }

    static func address(_ record: WireValue) -> Address? {
        guard case .object = record, !record.members.isEmpty else { return nil }
        return Address(
            firstname: record["firstname"].nonEmptyString,
            lastname: record["lastname"].nonEmptyString,
            street: record["street"].elements.compactMap(\.nonEmptyString),
            city: record["city"].nonEmptyString,
            region: record["region"].nonEmptyString,
            postcode: record["postcode"].nonEmptyString,
            countryCode: record["country_id"].nonEmptyString
        )
    }

    static func shipment(_ record: WireValue) -> Shipment {
        Shipment(
            number: record["increment_id"].string ?? record["entity_id"].string ?? "",
            createdAt: record["created_at"].string.flatMap(MagentoDate.parse),
            items: record["items"].elements.map {
                ShipmentItem(sku: $0["sku"].string ?? "", name: $0["name"].string ?? "", quantity: $0["qty"].decimal ?? 0)
            },
            tracks: record["tracks"].elements.compactMap { track in
                guard let number = track["track_number"].nonEmptyString else { return nil }
                return Track(
                    number: number, carrierCode: track["carrier_code"].string ?? "custom",
                    title: track["title"].nonEmptyString ?? "")
            }
        )
    }
}

/// Customers, invoices and credit memos read alike on both versions; only the id's key differs
/// (`id` / `entity_id` on Magento 2, `customer_id` / `invoice_id` / `creditmemo_id` on Magento 1).
extension Magento2Records {
    static func customer(_ record: WireValue, idKey: String = "id") -> Customer? {
        guard let id = record[idKey].int, let email = record["email"].nonEmptyString else { return nil }
        return Customer(
            id: id, email: email, firstname: record["firstname"].nonEmptyString, lastname: record["lastname"].nonEmptyString,
            createdAt: record["created_at"].string.flatMap(MagentoDate.parse))
    }

    static func invoice(_ record: WireValue, idKey: String = "entity_id") -> Invoice {
        Invoice(
            number: record["increment_id"].nonEmptyString ?? record[idKey].string ?? "",
            createdAt: record["created_at"].string.flatMap(MagentoDate.parse),
            state: record["state"].int.flatMap(Invoice.State.init(rawValue:)),
            grandTotal: record["grand_total"].decimal ?? 0)
    }

    static func refund(_ record: WireValue, idKey: String = "entity_id") -> Refund {
        Refund(
            number: record["increment_id"].nonEmptyString ?? record[idKey].string ?? "",
            createdAt: record["created_at"].string.flatMap(MagentoDate.parse),
            grandTotal: record["grand_total"].decimal ?? 0)
    }

    /// Only what the store shows the customer on the order page; internal notes are dropped here,
    /// so they can never reach a reply.
    static func visibleComments(_ records: [WireValue]) -> [OrderComment] {
        records
            .filter { $0["is_visible_on_front"].bool == true }
            .compactMap { record in
                guard let text = record["comment"].nonEmptyString else { return nil }
                return OrderComment(
                    text: text, createdAt: record["created_at"].string.flatMap(MagentoDate.parse), status: record["status"].nonEmptyString)
            }
            .sorted { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
    }
}

extension WireValue {
    /// An amount or quantity from `68.99`, `15` or `"49.9800"`, exact to the cent.
    var decimal: Decimal? {
        switch self {
        case .int(let value): return Decimal(value)
        case .double(let value): return Decimal(string: String(value))
        case .string(let text): return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }
}
