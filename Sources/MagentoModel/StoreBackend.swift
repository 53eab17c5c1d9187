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

    /// Releases sessions and connections (Magento 1 `endSession`). Safe to call more than once.
    func close() async
}
