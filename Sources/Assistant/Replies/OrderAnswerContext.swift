import Foundation
import MagentoModel

/// The variables an order answer template can use, built so that none is ever empty or "nil":
/// absent things become false flags and empty lists, never blank text.
enum OrderAnswerContext {
    static func make(order: Order, shipments: [Shipment], catalog: LocaleCatalog, carriers: [String: Carrier]) -> [String: Any] {
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
            "tracks": tracks,
            "has_tracks": !tracks.isEmpty,
            "pending_items": pending,
            "has_pending_items": !pending.isEmpty,
        ]
        context["order_date"] = order.createdAt.map { LocaleFormatting.date($0, locale: locale) } ?? ""
        return context
    }
}
