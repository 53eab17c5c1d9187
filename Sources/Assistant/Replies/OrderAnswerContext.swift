import Foundation
import MagentoModel

/// The variables an order answer template can use, built so that none is ever empty or "nil":
/// absent things become false flags and empty lists, never blank text.
enum OrderAnswerContext {
    /// `invoices` and `refunds` are those the turn looked up (empty when it did not need them).
    static func make(
        order: Order, shipments: [Shipment], invoices: [Invoice] = [], refunds: [Refund] = [], catalog: LocaleCatalog,
        carriers: [String: Carrier]
    ) -> [String: Any] {
        let locale = catalog.locale
        var tracks: [[String: Any]] = []
        for shipment in shipments {
            for track in shipment.tracks {
                let carrier = carriers[track.carrierCode.lowercased()]
                let name = carrier?.name ?? (track.title.isEmpty ? track.carrierCode.uppercased() : track.title)
                let url = carrier?.url(for: track.number)
                var entry: [String: Any] = ["carrier": name, "number": track.number, "has_url": url != nil]
                if let url { entry["url"] = url }
                tracks.append(entry)
            }
        }
        // Items still to ship are named only when something has shipped (a partial shipment).
        var pending: [[String: Any]] = []
        if !shipments.isEmpty {
            for item in order.items where item.quantityAwaitingShipment > 0 {
                pending.append(["item_name": item.name, "quantity": NSDecimalNumber(decimal: item.quantityAwaitingShipment).stringValue])
            }
        }
        var context: [String: Any] = [
            "order_number": order.number,
            "status_text": catalog.statusText(order.status),
            "total": LocaleFormatting.money(order.grandTotal, currency: order.currencyCode, locale: locale),
            "tracks": markLast(tracks),
            "has_tracks": !tracks.isEmpty,
            "pending_items": markLast(pending),
            "has_pending_items": !pending.isEmpty,
        ]
        context["order_date"] = order.createdAt.map { LocaleFormatting.date($0, locale: locale) } ?? ""
        func money(_ amount: Decimal) -> String { LocaleFormatting.money(amount, currency: order.currencyCode, locale: locale) }
        func day(_ date: Date?) -> String { date.map { LocaleFormatting.date($0, locale: locale) } ?? context["order_date"] as? String ?? "" }
        let items: [[String: Any]] = order.items.map {
            ["item_name": $0.name, "quantity": NSDecimalNumber(decimal: $0.quantityOrdered).stringValue, "item_total": money($0.rowTotal)]
        }
        context["items"] = markLast(items)
        context["has_items"] = !items.isEmpty
        // What of the order was refunded, from the order itself (no credit memo lookup): a customer
        // asking what they ordered after a partial refund hears about it.
        let refunded: [[String: Any]] = order.items.filter { $0.quantityRefunded > 0 }.map {
            ["item_name": $0.name, "quantity": NSDecimalNumber(decimal: $0.quantityRefunded).stringValue]
        }
        context["refunded_items"] = markLast(refunded)
        context["has_refunded_items"] = !refunded.isEmpty
        // Where it goes: street, postcode and town (US and Canadian order: town, region and code).
        if let address = order.shippingAddress, address.city != nil || address.postcode != nil {
            let street = address.street.filter { !$0.isEmpty }.joined(separator: ", ")
            let place: String
            if ["US", "CA"].contains(address.countryCode ?? "") {
                place = [address.city, [address.region, address.postcode].compactMap { $0 }.joined(separator: " ")].compactMap { $0 }
                    .filter { !$0.isEmpty }.joined(separator: ", ")
            } else {
                place = [address.postcode, address.city].compactMap { $0 }.joined(separator: " ")
            }
            context["ship_to"] = [street, place].filter { !$0.isEmpty }.joined(separator: ", ")
        }
        context["has_ship_to"] = context["ship_to"] != nil
        let invoiceEntries: [[String: Any]] = invoices.map {
            ["invoice_number": $0.number, "invoice_amount": money($0.grandTotal), "invoice_date": day($0.createdAt)]
        }
        context["invoices"] = markLast(invoiceEntries)
        context["has_invoices"] = !invoiceEntries.isEmpty
        let refundEntries: [[String: Any]] = refunds.map { ["refund_amount": money($0.grandTotal), "refund_date": day($0.createdAt)] }
        context["refunds"] = markLast(refundEntries)
        context["has_refunds"] = !refundEntries.isEmpty
        // What the order's state still allows the team to do (the assistant itself changes nothing).
        let open = ["new", "pending_payment", "processing", "holded", "payment_review"].contains(order.state)
        context["is_changeable"] = open && shipments.isEmpty
        context["is_shipped"] = !shipments.isEmpty || order.state == "complete"
        context["is_closed"] = ["canceled", "closed"].contains(order.state)
        return context
    }

    /// Marks the last entry of a list (`is_last`), so a template can separate entries
    /// (`{{^is_last}};{{/is_last}}`) without a separator after the last one.
    static func markLast(_ entries: [[String: Any]]) -> [[String: Any]] {
        var marked = entries
        for index in marked.indices { marked[index]["is_last"] = index == marked.count - 1 }
        return marked
    }
}
