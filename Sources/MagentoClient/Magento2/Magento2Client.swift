import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import Logging
public import MagentoModel
import MagentoWire

/// The Magento 2 / Adobe Commerce REST implementation of `StoreBackend`.
///
/// Read-only by construction: it only ever sends GET (plus, in later auth modes, the token POSTs).
/// An order-status answer with tracking takes two requests: the order by `increment_id`, then its
/// shipments (tracks are embedded; Magento has no read route for tracks).
public final class Magento2Client: StoreBackend {
    public let configuration: Magento2Configuration
    let transport: HTTPTransport

    public init(configuration: Magento2Configuration, logger: Logger) {
        self.configuration = configuration
        self.transport = HTTPTransport(policy: configuration.retry, logger: logger)
    }

    public var summary: String {
        "Magento 2 REST at \(configuration.storeURL)" + (configuration.storeCode.map { " (store view \($0))" } ?? "")
    }

    public func order(number: String) async throws(BackendError) -> Order? {
        var criteria = SearchCriteria.where("increment_id", equals: number)
        criteria.pageSize = 1
        let page = try await search("orders", criteria, fields: Magento2Records.orderFields, label: "orders by increment_id")
        guard let record = page.first else { return nil }
        return try Magento2Records.order(record)
    }

    public func shipments(of order: Order) async throws(BackendError) -> [Shipment] {
        let criteria = SearchCriteria.where("order_id", equals: String(order.entityID))
        let records = try await search(
            "shipments", criteria, fields: Magento2Records.shipmentFields, label: "shipments by order_id")
        return records.map(Magento2Records.shipment)
    }

    public func close() async {}

    // MARK: Requests

    /// One search call; `items` of the answer (an empty list when Magento sends `[]` for the body).
    func search(_ route: String, _ criteria: SearchCriteria, fields: String, label: String) async throws(BackendError)
        -> [WireValue]
    {
        var pairs = criteria.queryPairs
        pairs.append(("fields", "items[\(fields)],total_count"))
        let body = try await get(route, query: pairs, label: label)
        return body["items"].elements
    }

    func get(_ path: String, query: [(String, String)], label: String) async throws(BackendError) -> WireValue {
        let urlText = configuration.restBase + "/" + path + (query.isEmpty ? "" : "?" + URLQuery.encode(query))
        guard let url = URL(string: urlText) else { throw .malformedResponse("cannot build a URL from \(configuration.storeURL)") }
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        switch configuration.credentials {
        case .bearer(let token): request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        let response = try await transport.send(request, label: label)
        guard (200..<300).contains(response.status) else {
            throw Magento2ErrorBody.backendError(for: response, credentials: configuration.credentials)
        }
        do {
            return try JSON.parse(response.body)
        } catch {
            let html = response.body.prefix(512).contains(UInt8(ascii: "<"))
            throw .malformedResponse(html ? "an HTML page where JSON was expected" : "invalid JSON (\(error))")
        }
    }
}
