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
            case .bool: members[key] = value.isNull ? .null : .bool(value.bool ?? false)
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

    /// A v1-shaped answer as SOAP v2 sends it: only the fields the WSDL declares, in its order,
    /// nearly all as `xsd:string`, and null fields left out (magento1-captures 35–45).
    static func soapV2(_ value: WireValue, for resourcePath: String) -> WireValue {
        typealias V2 = Magento1Columns.SOAPv2
        func shape(_ record: WireValue, _ columns: Columns) -> WireValue {
            var members = OrderedDictionary<String, WireValue>()
            for (key, kind) in columns {
                let field = record[key]
                guard !field.isNull else { continue }
                switch (key, kind) {
                case ("items", _) where resourcePath == "sales_order.info": members[key] = .array(field.elements.map { shape($0, V2.orderItem) })
                case ("items", _): members[key] = .array(field.elements.map { shape($0, V2.shipmentItem) })
                case ("shipping_address", _), ("billing_address", _): members[key] = shape(field, V2.address)
                case ("payment", _): members[key] = shape(field, V2.payment)
                case ("status_history", _): members[key] = .array(field.elements.map { shape($0, V2.statusHistory) })
                case ("tracks", _): members[key] = .array(field.elements.map { shape($0, V2.track) })
                case ("comments", _): members[key] = .array([])
                case (_, .int): members[key] = field.int.map(WireValue.int) ?? .null
                case (_, .bool): members[key] = .bool(field.bool ?? false)
                default: members[key] = .string(field.string ?? "")
                }
            }
            return .object(members)
        }
        let columns: Columns
        switch resourcePath {
        case "sales_order.info": columns = V2.orderInfo
        case "sales_order.list": columns = V2.orderRow
        case "customer.list", "customer.info": columns = V2.customerRow
        case "sales_order_shipment.list": columns = V2.shipmentRow
        case "sales_order_shipment.info": columns = V2.shipment
        case "sales_order_invoice.list", "sales_order_invoice.info": columns = V2.invoiceRow
        case "sales_order_creditmemo.list", "sales_order_creditmemo.info": columns = V2.creditmemoRow
        default: return value
        }
        if case .array(let rows) = value { return .array(rows.map { shape($0, columns) }) }
        return shape(value, columns)
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
