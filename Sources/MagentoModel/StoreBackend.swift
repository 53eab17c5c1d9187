/// The one port through which the assistant reads a Magento store.
///
/// It is read-only by construction: there is no operation that could change an order, so no
/// dialogue bug can cancel, refund or edit anything. Magento 2 (REST) and Magento 1 (XML-RPC or
/// SOAP) clients implement it in `MagentoClient`; tests and the demo point a real client at the
/// loopback `MagentoSimulator`.
///
/// ```swift
/// if let order = try await backend.order(number: "000000001") {
///     let shipments = try await backend.shipments(of: order)
/// }
/// ```
public protocol StoreBackend: Sendable {
    /// Which Magento this is, for logs and `/debug` (never contains a secret).
    var summary: String { get }

    /// The order whose customer-facing number (`increment_id`) is `number`, or nil when none exists.
    func order(number: String) async throws(BackendError) -> Order?

    /// Every shipment of `order`, each with its tracks, oldest first.
    func shipments(of order: Order) async throws(BackendError) -> [Shipment]

    /// The orders placed with `email` (case-insensitive), newest first, at most `limit`.
    func orders(email: String, limit: Int) async throws(BackendError) -> [Order]

    /// The customer accounts registered with `email`.
    func customer(email: String) async throws(BackendError) -> CustomerMatch

    /// Every invoice of `order`, oldest first.
    func invoices(of order: Order) async throws(BackendError) -> [Invoice]

    /// Every refund (credit memo) of `order`, oldest first.
    func refunds(of order: Order) async throws(BackendError) -> [Refund]

    /// The order's history comments the store shows the customer, oldest first.
    func comments(of order: Order) async throws(BackendError) -> [OrderComment]

    /// Releases sessions and connections (Magento 1 `endSession`). Safe to call more than once.
    func close() async
}
