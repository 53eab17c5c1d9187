import Synchronization

/// A store held in memory: the dialogue's tests and the benchmark run whole turns against it
/// without HTTP, so they measure and check magedesk rather than the network. (The real clients
/// are tested against `MagentoSimulator`; transcripts run the whole stack.)
///
/// ```swift
/// let backend = InMemoryStoreBackend(orders: [order], shipments: [order.entityID: [shipment]])
/// ```
public final class InMemoryStoreBackend: StoreBackend {
    public let orders: [String: Order]
    public let shipmentsByOrder: [Int: [Shipment]]
    public let invoicesByOrder: [Int: [Invoice]]
    public let refundsByOrder: [Int: [Refund]]
    public let commentsByOrder: [Int: [OrderComment]]
    public let customers: [Customer]
    /// When set, every lookup fails with it (a store that is down, refuses, …).
    public let failure: BackendError?
    private let calls = Mutex(0)

    public init(
        orders: [Order], shipments: [Int: [Shipment]] = [:], invoices: [Int: [Invoice]] = [:], refunds: [Int: [Refund]] = [:],
        comments: [Int: [OrderComment]] = [:], customers: [Customer] = [], failure: BackendError? = nil
    ) {
        self.orders = Dictionary(orders.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        self.shipmentsByOrder = shipments
        self.invoicesByOrder = invoices
        self.refundsByOrder = refunds
        self.commentsByOrder = comments
        self.customers = customers
        self.failure = failure
    }

    public var summary: String { "in-memory store" }

    /// How many lookups were made so far.
    public var callCount: Int { calls.withLock { $0 } }

    public func order(number: String) async throws(BackendError) -> Order? {
        try count()
        return orders[number]
    }

    public func shipments(of order: Order) async throws(BackendError) -> [Shipment] {
        try count()
        return shipmentsByOrder[order.entityID] ?? []
    }

    public func orders(email: String, limit: Int) async throws(BackendError) -> [Order] {
        try count()
        let matching = orders.values.filter { $0.customerEmail.caseInsensitiveCompare(email) == .orderedSame }
        let newestFirst = matching.sorted { ($0.createdAt ?? .distantPast, $0.entityID) > ($1.createdAt ?? .distantPast, $1.entityID) }
        return Array(newestFirst.prefix(max(0, limit)))
    }

    public func customer(email: String) async throws(BackendError) -> CustomerMatch {
        try count()
        let matching = customers.filter { $0.email.caseInsensitiveCompare(email) == .orderedSame }
        switch matching.count {
        case 0: return .none
        case 1: return .one(matching[0])
        default: return .several(count: matching.count)
        }
    }

    public func invoices(of order: Order) async throws(BackendError) -> [Invoice] {
        try count()
        return invoicesByOrder[order.entityID] ?? []
    }

    public func refunds(of order: Order) async throws(BackendError) -> [Refund] {
        try count()
        return refundsByOrder[order.entityID] ?? []
    }

    public func comments(of order: Order) async throws(BackendError) -> [OrderComment] {
        try count()
        return commentsByOrder[order.entityID] ?? []
    }

    public func close() async {}

    private func count() throws(BackendError) {
        calls.withLock { $0 += 1 }
        if let failure { throw failure }
    }
}
