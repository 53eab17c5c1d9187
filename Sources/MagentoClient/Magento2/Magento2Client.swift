public import Foundation
public import Logging
public import MagentoModel
import MagentoWire

/// The Magento 2 / Adobe Commerce REST implementation of `StoreBackend`.
///
/// Read-only by construction: it sends GET, plus the POSTs that obtain an admin token. It asks
/// only for the fields it reads (`fields=`). An order-status answer with tracking takes two
/// requests once a token is held: the order by `increment_id`, then its shipments (tracks are
/// embedded; Magento has no read route for tracks).
///
/// ```swift
/// let client = try Magento2Client(
///     configuration: Magento2Configuration(storeURL: try StoreURL("shop.example.com"), credentials: .bearer(token: token)),
///     logger: logger)
/// let order = try await client.order(number: "000000101")
/// ```
public final class Magento2Client: StoreBackend {
    public let configuration: Magento2Configuration
    let transport: HTTPTransport
    let authorizer: Magento2Authorizer
    let logger: Logger

    /// `cache` shares admin tokens with other workers (the configured conversation store); `now`
    /// is the clock OAuth timestamps and token expiry use.
    public init(
        configuration: Magento2Configuration, logger: Logger, cache: any CredentialCache = InMemoryCredentialCache(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(BackendError) {
        self.configuration = configuration
        self.logger = logger
        self.transport = HTTPTransport(policy: configuration.retry, logger: logger)
        self.authorizer = try Magento2Authorizer(
            credentials: configuration.credentials, restBase: configuration.restBase, transport: transport, cache: cache, now: now)
    }

    public var summary: String {
        "Magento 2 REST at \(configuration.storeURL) (\(configuration.credentials.modeDescription))"
            + (configuration.storeCode.map { ", store view \($0)" } ?? "")
    }

    /// Orders asked for by email at most, whatever the caller's limit.
    public static let maximumOrdersByEmail = 50

    public func order(number: String) async throws(BackendError) -> Order? {
        var criteria = SearchCriteria.where("increment_id", equals: number)
        criteria.pageSize = 1
        let page = try await searchPage("orders", criteria, fields: Magento2Records.orderFields, label: "orders by increment_id")
        guard let record = page.items.first else { return nil }
        return try Magento2Records.order(record)
    }

    public func shipments(of order: Order) async throws(BackendError) -> [Shipment] {
        try await searchAll(
            "shipments", .where("order_id", equals: String(order.entityID)), fields: Magento2Records.shipmentFields,
            label: "shipments by order_id"
        ).map(Magento2Records.shipment)
    }

    public func orders(email: String, limit: Int) async throws(BackendError) -> [Order] {
        let limit = min(max(limit, 0), Self.maximumOrdersByEmail)
        guard limit > 0 else { return [] }
        var criteria = SearchCriteria.where("customer_email", equals: email)
        criteria.sortOrders = [.init(field: "created_at", direction: "DESC"), .init(field: "entity_id", direction: "DESC")]
        criteria.pageSize = limit
        criteria.currentPage = 1
        let page = try await searchPage("orders", criteria, fields: Magento2Records.orderFields, label: "orders by customer_email")
        var orders: [Order] = []
        for record in page.items.prefix(limit) { orders.append(try Magento2Records.order(record)) }
        return orders
    }

    public func customer(email: String) async throws(BackendError) -> CustomerMatch {
        var criteria = SearchCriteria.where("email", equals: email)
        criteria.pageSize = 2
        let page = try await searchPage(
            "customers/search", criteria, fields: Magento2Records.customerFields, label: "customers by email")
        switch max(page.totalCount ?? page.items.count, page.items.count) {
        case 0: return .none
        case 1:
            guard let customer = Magento2Records.customer(page.items[0]) else { throw .malformedResponse("a customer without id or email") }
            return .one(customer)
        case let count: return .several(count: count)
        }
    }

    public func invoices(of order: Order) async throws(BackendError) -> [Invoice] {
        try await searchAll(
            "invoices", .where("order_id", equals: String(order.entityID)), fields: Magento2Records.invoiceFields,
            label: "invoices by order_id"
        ).map { Magento2Records.invoice($0) }
    }

    public func refunds(of order: Order) async throws(BackendError) -> [Refund] {
        try await searchAll(
            "creditmemos", .where("order_id", equals: String(order.entityID)), fields: Magento2Records.refundFields,
            label: "credit memos by order_id"
        ).map { Magento2Records.refund($0) }
    }

    public func comments(of order: Order) async throws(BackendError) -> [OrderComment] {
        let body = try await get(
            "orders/\(order.entityID)/comments", query: [("fields", "items[\(Magento2Records.commentFields)],total_count")],
            label: "order comments")
        return Magento2Records.visibleComments(body["items"].elements)
    }

    public func close() async {}

    // MARK: Requests

    struct Page {
        var items: [WireValue]
        var totalCount: Int?
    }

    /// One search call.
    func searchPage(_ route: String, _ criteria: SearchCriteria, fields: String, label: String) async throws(BackendError) -> Page {
        var pairs = criteria.queryPairs
        pairs.append(("fields", "items[\(fields)],total_count"))
        let body = try await get(route, query: pairs, label: label)
        // An invalid `fields` or an empty PHP array arrives as `[]` (magento2-captures 14).
        return Page(items: body["items"].elements, totalCount: body["total_count"].int)
    }

    /// Every match, page by page until `total_count` is reached. Magento 2.4.7 answers a page
    /// past the end with `items: []` (captures 15–15e) and older stores repeat the last page, so
    /// the loop stops on the count, on an empty page, and on a page that brings nothing new.
    func searchAll(
        _ route: String, _ criteria: SearchCriteria, fields: String, label: String, pageSize: Int = 100, maximumPages: Int = 20
    ) async throws(BackendError) -> [WireValue] {
        var criteria = criteria
        criteria.pageSize = pageSize
        var items: [WireValue] = []
        for pageNumber in 1...maximumPages {
            criteria.currentPage = pageNumber
            let page = try await searchPage(route, criteria, fields: fields, label: label)
            if page.items.isEmpty || (pageNumber > 1 && page.items.first == items.last) { break }
            items += page.items
            if items.count >= (page.totalCount ?? items.count) || page.items.count < pageSize { break }
        }
        return items
    }

    func get(_ path: String, query: [(String, String)], label: String) async throws(BackendError) -> WireValue {
        let urlText = configuration.restBase + "/" + path + (query.isEmpty ? "" : "?" + URLQuery.encode(query))
        guard let url = URL(string: urlText) else { throw .malformedResponse("cannot build a URL from \(configuration.storeURL)") }
        var renewed = false
        while true {
            var request = HTTPRequest(url: url, headers: ["Accept": "application/json"])
            let sent = try await authorizer.authorize(&request)
            let response = try await transport.send(request, label: label)
            if response.status == 401, !renewed, await authorizer.renewAfterRefusal(of: sent) {
                renewed = true
                continue
            }
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
}
