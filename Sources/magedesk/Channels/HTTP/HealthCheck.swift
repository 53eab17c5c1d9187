import Assistant
import Foundation
import Hummingbird
import MagentoWire

/// GET /health: 200 `{"status":"ok"}` while the conversation store and Magento answer; 503
/// `{"status":"unavailable","failing":[{"dependency","since","reason"}]}` naming each one that does
/// not, so a load balancer stops sending turns that would only be handed to a person, and an
/// operator sees which dependency to look at. No token is needed and no customer data is shown.
struct HealthCheck: Sendable {
    let engine: ConversationEngine

    func response() async -> Response {
        async let state = engine.checkStateStore()
        async let magento = engine.checkMagento()
        var failing: [WireValue] = []
        for (name, status) in [("state_store", await state), ("magento", await magento)] {
            guard case .failing(let since, let reason) = status else { continue }
            failing.append([
                "dependency": .string(name), "since": .string(ISO8601DateFormatter().string(from: since)), "reason": .string(reason),
            ])
        }
        if failing.isEmpty { return HTTPChannel.json(["status": "ok"]) }
        return HTTPChannel.json(["status": "unavailable", "failing": .array(failing)], status: .serviceUnavailable)
    }
}
