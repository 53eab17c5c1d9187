import Foundation
import MagentoWire
import OrderedCollections

/// Turns the fixture's Magento 2 records into what OpenMage's XML-RPC API returns for the same
/// data: money and quantities as 4-decimal strings, ids as ints, nulls kept as `<nil/>`, street
/// lines joined by newlines, `order_id` instead of `entity_id` (magento1-captures 02, 10).
enum Magento1Shapes {
    typealias Columns = [(String, Magento1Columns.Kind)]

    /// A record in a real store's columns (`Magento1Columns`): each value from `overrides`, else the
    /// fixture's field of the same name, in the column's wire type; a column the fixture lacks is
    /// `<nil/>`, as unset columns are on OpenMage.
    static func render(_ columns: Columns, from record: WireValue, overrides: [String: WireValue] = [:]) -> WireValue {
        var members = OrderedDictionary<String, WireValue>()
        for (key, kind) in columns {
            let value = overrides[key] ?? record[key]
            switch kind {
            case .int: members[key] = value.int.map(WireValue.int) ?? .null
            case .money: members[key] = money(value)
            case .text: members[key] = value.isNull ? .null : .string(value.string ?? "")
            case .nullable: members[key] = scalar(key, value)
            case .nested: members[key] = overrides[key] ?? .null
            }
        }
        return .object(members)
    }

    static func order(_ record: WireValue) -> WireValue {
        let shipping = record["extension_attributes"]["shipping_assignments"][0]["shipping"]
        return render(
            Magento1Columns.orderInfo, from: record,
            overrides: [
                "order_id": record["entity_id"],
                // OpenMage leaves the flag null for registered customers (capture 02).
                "customer_is_guest": record["customer_is_guest"].int == 1 ? .int(1) : .null,
                "shipping_method": shipping["method"],
                "shipping_address": address(shipping["address"]),
                "billing_address": address(record["billing_address"]),
                "items": .array(record["items"].elements.map(item)),
                "payment": render(
                    Magento1Columns.payment, from: record["payment"],
                    overrides: ["payment_id": record["payment"]["entity_id"], "additional_information": .array([])]),
                "status_history": .array(
                    record["status_histories"].elements.map {
                        render(Magento1Columns.statusHistory, from: $0, overrides: ["store_id": record["store_id"]])
                    }),
            ])
    }

    /// The flat row `sales_order.list` returns: order columns plus names from the addresses, no
    /// items or addresses (capture 04).
    static func orderRow(_ record: WireValue) -> WireValue {
        let billing = record["billing_address"]
        let shipping = record["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]
        func name(_ address: WireValue) -> WireValue {
            .string([address["firstname"].string, address["lastname"].string].compactMap { $0 }.joined(separator: " "))
        }
        return render(
            Magento1Columns.orderRow, from: record,
            overrides: [
                "order_id": record["entity_id"],
                "customer_is_guest": record["customer_is_guest"].int == 1 ? .int(1) : .null,
                "shipping_method": record["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"],
                "firstname": billing["firstname"], "lastname": billing["lastname"], "telephone": billing["telephone"],
                "postcode": billing["postcode"], "billing_firstname": billing["firstname"], "billing_lastname": billing["lastname"],
                "shipping_firstname": shipping["firstname"], "shipping_lastname": shipping["lastname"], "billing_name": name(billing),
                "shipping_name": name(shipping),
            ])
    }

    static func address(_ record: WireValue) -> WireValue {
        guard !record.members.isEmpty else { return .null }
        return render(
            Magento1Columns.address, from: record,
            overrides: [
                // Magento 1 joins street lines with "\n".
                "street": .string(record["street"].elements.compactMap(\.string).joined(separator: "\n")),
                "address_id": record["entity_id"],
            ])
    }

    static func item(_ record: WireValue) -> WireValue {
        render(Magento1Columns.orderItem, from: record, overrides: ["product_options": "a:0:{}"])
    }

    /// `sales_order_shipment.list` returns only these four keys, and `shipment_id` is nil (capture 08).
    static func shipmentRow(_ record: WireValue) -> WireValue {
        ["increment_id": record["increment_id"], "created_at": record["created_at"],
         "total_qty": money(record["total_qty"]), "shipment_id": .null]
    }

    static func shipment(_ record: WireValue) -> WireValue {
        render(
            Magento1Columns.shipment, from: record,
            overrides: [
                "shipment_id": record["entity_id"],
                "items": .array(
                    record["items"].elements.map { render(Magento1Columns.shipmentItem, from: $0, overrides: ["item_id": $0["entity_id"]]) }),
                "tracks": .array(
                    record["tracks"].elements.map {
                        render(Magento1Columns.track, from: $0, overrides: ["track_id": $0["entity_id"], "number": $0["track_number"]])
                    }),
                "comments": .array([]),
            ])
    }

    /// An invoice or credit memo row as `sales_order_invoice.list` / `sales_order_creditmemo.list`
    /// return it, with `invoice_id` / `creditmemo_id` for the entity id (magento1-captures 11, 14).
    static func billingDocument(_ record: WireValue, idKey: String) -> WireValue {
        render(idKey == "invoice_id" ? Magento1Columns.invoiceRow : Magento1Columns.creditmemoRow, from: record, overrides: [idKey: record["entity_id"]])
    }

    /// A `customer.list` row: `customer_id` for the id, and the secret-bearing columns a real store
    /// really returns (password_hash; magento1-captures 06), which the client must drop.
    static func customer(_ record: WireValue) -> WireValue {
        render(
            Magento1Columns.customerRow, from: record,
            overrides: [
                "customer_id": record["id"], "password_hash": "59efea91166e287443c3cfcff167f0d2:simulatedsalt",
                "confirmation": .null,
            ])
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
