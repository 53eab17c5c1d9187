import Foundation
import MagentoWire
import OrderedCollections

/// Turns the fixture's Magento 2 records into what OpenMage's XML-RPC API returns for the same
/// data: money and quantities as 4-decimal strings, ids as ints, nulls kept as `<nil/>`, street
/// lines joined by newlines, `order_id` instead of `entity_id` (magento1-captures 02, 10).
enum Magento1Shapes {
    static func order(_ record: WireValue) -> WireValue {
        var members = OrderedDictionary<String, WireValue>()
        for (key, value) in record.members {
            switch key {
            case "items", "billing_address", "payment", "status_histories", "extension_attributes", "entity_id": continue
            case "customer_is_guest": members[key] = value.int == 1 ? .int(1) : .null
            default: members[key] = scalar(key, value)
            }
        }
        if record["customer_id"].isNull { members["customer_id"] = .null }
        members["shipping_method"] = record["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"]
        members["order_id"] = record["entity_id"]
        members["shipping_address"] = address(record["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"])
        members["billing_address"] = address(record["billing_address"])
        members["items"] = .array(record["items"].elements.map(item))
        members["payment"] = .object(
            OrderedDictionary(
                uniqueKeysWithValues: record["payment"].members.compactMap { key, value in
                    key == "entity_id" ? nil : (key, key == "additional_information" ? .array([]) : scalar(key, value))
                } + [("payment_id", record["payment"]["entity_id"])]))
        members["status_history"] = .array(
            record["status_histories"].elements.map { history in
                [
                    "parent_id": history["parent_id"], "is_customer_notified": history["is_customer_notified"],
                    "is_visible_on_front": history["is_visible_on_front"], "comment": history["comment"],
                    "status": history["status"], "created_at": history["created_at"], "entity_name": history["entity_name"],
                    "store_id": 1,
                ]
            })
        return .object(members)
    }

    /// The flat row `sales_order.list` returns: order columns, no items or addresses.
    static func orderRow(_ record: WireValue) -> WireValue {
        var members = order(record).members
        for key in ["shipping_address", "billing_address", "items", "payment", "status_history"] { members[key] = nil }
        let billing = record["billing_address"]
        members["billing_firstname"] = billing["firstname"]
        members["billing_lastname"] = billing["lastname"]
        members["billing_name"] = .string("\(billing["firstname"].string ?? "") \(billing["lastname"].string ?? "")")
        members["postcode"] = billing["postcode"]
        members["telephone"] = billing["telephone"]
        return .object(members)
    }

    static func address(_ record: WireValue) -> WireValue {
        guard !record.members.isEmpty else { return .null }
        return [
            "parent_id": record["parent_id"], "customer_address_id": .null, "region_id": record["region_id"],
            "fax": .null, "region": record["region"], "postcode": record["postcode"], "lastname": record["lastname"],
            "street": .string(record["street"].elements.compactMap(\.string).joined(separator: "\n")),
            "city": record["city"], "email": record["email"], "telephone": record["telephone"],
            "country_id": record["country_id"], "firstname": record["firstname"], "address_type": record["address_type"],
            "prefix": .null, "middlename": .null, "suffix": .null, "company": .null, "address_id": record["entity_id"],
        ]
    }

    static func item(_ record: WireValue) -> WireValue {
        var members = OrderedDictionary<String, WireValue>()
        for (key, value) in record.members where key != "extension_attributes" {
            members[key] = scalar(key, value)
        }
        if members["parent_item_id"] == nil { members["parent_item_id"] = .null }
        members["product_options"] = "a:0:{}"
        return .object(members)
    }

    /// `sales_order_shipment.list` returns only these four keys, and `shipment_id` is nil (capture 08).
    static func shipmentRow(_ record: WireValue) -> WireValue {
        ["increment_id": record["increment_id"], "created_at": record["created_at"],
         "total_qty": money(record["total_qty"]), "shipment_id": .null]
    }

    static func shipment(_ record: WireValue) -> WireValue {
        [
            "store_id": record["store_id"], "total_weight": .null, "total_qty": money(record["total_qty"]),
            "email_sent": .null, "order_id": record["order_id"], "customer_id": record["customer_id"],
            "shipping_address_id": record["shipping_address_id"], "billing_address_id": record["billing_address_id"],
            "shipment_status": .null, "increment_id": record["increment_id"], "created_at": record["created_at"],
            "updated_at": record["updated_at"], "packages": .null, "shipping_label": .null, "shipment_id": record["entity_id"],
            "items": .array(
                record["items"].elements.map { item in
                    [
                        "parent_id": item["parent_id"], "row_total": .null, "price": money(item["price"]),
                        "weight": money(item["weight"]), "qty": money(item["qty"]), "product_id": item["product_id"],
                        "order_item_id": item["order_item_id"], "additional_data": .null, "description": .null,
                        "name": item["name"], "sku": item["sku"], "item_id": item["entity_id"],
                    ]
                }),
            "tracks": .array(
                record["tracks"].elements.map { track in
                    [
                        "parent_id": track["parent_id"], "weight": .null, "qty": .null, "order_id": track["order_id"],
                        "track_number": track["track_number"], "number": track["track_number"], "description": .null,
                        "title": track["title"], "carrier_code": track["carrier_code"], "created_at": track["created_at"],
                        "updated_at": track["updated_at"], "track_id": track["entity_id"],
                    ]
                }),
            "comments": .array([]),
        ]
    }

    /// An invoice or credit memo row as `sales_order_invoice.list` / `sales_order_creditmemo.list`
    /// return it: every column, money as strings, `invoice_id` / `creditmemo_id` for the entity id
    /// (magento1-captures 11, 14).
    static func billingDocument(_ record: WireValue, idKey: String) -> WireValue {
        var members = OrderedDictionary<String, WireValue>()
        for (key, value) in record.members {
            switch key {
            case "items", "comments", "extension_attributes", "entity_id": continue
            default: members[key] = scalar(key, value)
            }
        }
        members[idKey] = record["entity_id"]
        return .object(members)
    }

    /// A `customer.list` row: `customer_id` for the id, and the secret-bearing columns a real store
    /// really returns (password_hash, rp_token; magento1-captures 06), which the client must drop.
    static func customer(_ record: WireValue) -> WireValue {
        [
            "customer_id": record["id"], "email": record["email"], "created_at": record["created_at"],
            "updated_at": record["updated_at"], "store_id": record["store_id"], "website_id": record["website_id"],
            "created_in": record["created_in"], "firstname": record["firstname"], "lastname": record["lastname"],
            "group_id": record["group_id"],
            "password_hash": "59efea91166e287443c3cfcff167f0d2:simulatedsalt", "rp_token": "simulated-reset-token",
            "default_billing": record["default_billing"].int.map(WireValue.int) ?? .null,
        ]
    }

    /// SOAP v2 rpc/encoded types nearly every value as `xsd:string` (magento1-api.md, Response
    /// shapes); ints stay only where the WSDL declares them, which the client reads either way.
    static func soapV2(_ value: WireValue) -> WireValue {
        switch value {
        case .int(let number): return .string(String(number))
        case .double: return .string(value.string ?? "")
        case .array(let elements): return .array(elements.map(soapV2))
        case .object(let members):
            return .object(OrderedDictionary(uniqueKeysWithValues: members.map { ($0.key, soapV2($0.value)) }))
        default: return value
        }
    }

    /// Keys that hold ids, flags and counts stay ints on Magento 1; amounts, quantities, weights and
    /// rates become `"49.9800"` strings.
    static func scalar(_ key: String, _ value: WireValue) -> WireValue {
        switch value {
        case .int, .double:
            if key.hasSuffix("_id") || key.hasPrefix("is_") || key == "customer_group_id" || key == "total_item_count"
                || key == "store_id" || key == "no_discount" || key == "free_shipping" || key == "is_qty_decimal"
                || key == "customer_note_notify"
            {
                return value.int.map(WireValue.int) ?? value
            }
            return money(value)
        case .array, .object: return .null
        default: return value
        }
    }

    static func money(_ value: WireValue) -> WireValue {
        switch value {
        case .int(let number): return .string(String(format: "%.4f", Double(number)))
        case .double(let number): return .string(String(format: "%.4f", number))
        default: return value
        }
    }
}
