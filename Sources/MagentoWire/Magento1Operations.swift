/// The read calls of Magento 1's SOAP v2 API and the v1 resource paths they stand for, and the
/// translation between the two filter forms — shared by the client (which speaks either protocol
/// through one set of lookups) and the simulator (which answers both from one set of records).
///
/// SOAP v2 has no `call`: each resource method is an operation of its own (`salesOrderInfo`), with
/// named parameters, and list filters are `complex_filter` entries of
/// `{key: field, value: {key: operator, value: text}}` (magento1-api.md, Filters).
public enum Magento1Operations {
    /// resource path → (SOAP v2 operation, name of its one argument after `sessionId`).
    public static let soapV2: [String: (operation: String, argument: String)] = [
        "sales_order.info": ("salesOrderInfo", "orderIncrementId"),
        "sales_order.list": ("salesOrderList", "filters"),
        "sales_order_shipment.list": ("salesOrderShipmentList", "filters"),
        "sales_order_shipment.info": ("salesOrderShipmentInfo", "shipmentIncrementId"),
        "sales_order_invoice.list": ("salesOrderInvoiceList", "filters"),
        "sales_order_invoice.info": ("salesOrderInvoiceInfo", "invoiceIncrementId"),
        "sales_order_creditmemo.list": ("salesOrderCreditmemoList", "filters"),
        "sales_order_creditmemo.info": ("salesOrderCreditmemoInfo", "creditmemoIncrementId"),
        "customer.list": ("customerCustomerList", "filters"),
        "customer.info": ("customerCustomerInfo", "customerId"),
    ]

    /// The resource path a SOAP v2 operation stands for; nil for anything else.
    public static func resourcePath(forSOAP operation: String) -> String? {
        soapV2.first { $0.value.operation == operation }?.key
    }

    /// `{field: value}` / `{field: {op: value}}` (v1) as SOAP v2's `filters` with `complex_filter`.
    public static func soapFilters(_ v1: WireValue) -> WireValue {
        var entries: [WireValue] = []
        for (field, condition) in v1.members {
            if case .object(let operators) = condition {
                for (op, value) in operators {
                    entries.append(["key": .string(field), "value": ["key": .string(op), "value": .string(text(value))]])
                }
            } else {
                entries.append(["key": .string(field), "value": ["key": "eq", "value": .string(text(condition))]])
            }
        }
        return ["complex_filter": .array(entries)]
    }

    /// SOAP v2 `filters` (`filter` for equality, `complex_filter` for operators) as v1's form.
    public static func v1Filters(_ soap: WireValue) -> WireValue {
        var filters: [String: WireValue] = [:]
        var order: [String] = []
        func add(_ field: String, _ condition: WireValue) {
            if filters[field] == nil { order.append(field) }
            if case .object(var existing)? = filters[field], case .object(let more) = condition {
                // Conditions merge per field; the same operator twice keeps the first.
                for (op, value) in more where existing[op] == nil { existing[op] = value }
                filters[field] = .object(existing)
            } else if filters[field] == nil {
                filters[field] = condition
            }
        }
        for entry in soap["filter"].elements {
            guard let field = entry["key"].string else { continue }
            add(field, entry["value"])
        }
        for entry in soap["complex_filter"].elements {
            guard let field = entry["key"].string, let op = entry["value"]["key"].string else { continue }
            add(field, [op: entry["value"]["value"]])
        }
        var result: [(String, WireValue)] = []
        for field in order { result.append((field, filters[field]!)) }
        return .object(.init(uniqueKeysWithValues: result))
    }

    static func text(_ value: WireValue) -> String {
        value.elements.isEmpty ? (value.string ?? "") : value.elements.compactMap(\.string).joined(separator: ",")
    }
}
