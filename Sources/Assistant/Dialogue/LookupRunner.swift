import Foundation
import Logging
import MagentoModel

/// Runs one turn's Magento lookups, timing each and recording its outcome for the turn's output.
///
/// All lookups of the turn share one deadline (`MAGEDESK_LOOKUP_DEADLINE`): the transport sees it
/// as `LookupDeadline.current` (it shortens its timeouts and never retries past it), and a lookup
/// still running at the deadline is abandoned as timed out whatever the backend does.
struct LookupRunner {
    let backend: any StoreBackend
    let logger: Logger
    let deadline: ContinuousClock.Instant
    /// Magento's health for `/health` and the one log line per outage: failures are reported
    /// here, success by whoever knows the whole turn's lookups went through (`reportSuccess`).
    let health: DependencyHealth?
    private(set) var records: [LookupRecord] = []

    init(backend: any StoreBackend, logger: Logger, deadline: Duration = .seconds(8), health: DependencyHealth? = nil) {
        self.backend = backend
        self.logger = logger
        self.deadline = ContinuousClock.now.advanced(by: deadline)
        self.health = health
    }

    mutating func order(number: String) async throws(BackendError) -> Order? {
        let backend = self.backend
        return try await run(.orderByNumber) { () async throws(BackendError) -> (Order?, Bool) in
            let order = try await backend.order(number: number)
            return (order, order != nil)
        }
    }

    mutating func shipments(of order: Order) async throws(BackendError) -> [Shipment] {
        let backend = self.backend
        return try await run(.shipments) { () async throws(BackendError) -> ([Shipment], Bool) in
            let shipments = try await backend.shipments(of: order)
            return (shipments, !shipments.isEmpty)
        }
    }

    mutating func invoices(of order: Order) async throws(BackendError) -> [Invoice] {
        let backend = self.backend
        return try await run(.invoices) { () async throws(BackendError) -> ([Invoice], Bool) in
            let invoices = try await backend.invoices(of: order)
            return (invoices, !invoices.isEmpty)
        }
    }

    mutating func refunds(of order: Order) async throws(BackendError) -> [Refund] {
        let backend = self.backend
        return try await run(.creditmemos) { () async throws(BackendError) -> ([Refund], Bool) in
            let refunds = try await backend.refunds(of: order)
            return (refunds, !refunds.isEmpty)
        }
    }

    mutating func orders(email: String, limit: Int) async throws(BackendError) -> [Order] {
        let backend = self.backend
        return try await run(.ordersByEmail) { () async throws(BackendError) -> ([Order], Bool) in
            let orders = try await backend.orders(email: email, limit: limit)
            return (orders, !orders.isEmpty)
        }
    }

    /// Tells `health` Magento answered, if every lookup so far did (and there was one).
    func reportSuccess() {
        guard !records.isEmpty, !records.contains(where: { $0.outcome == .error }) else { return }
        health?.succeeded()
    }

    private mutating func run<Value: Sendable>(
        _ operation: LookupRecord.Operation, _ body: @escaping @Sendable () async throws(BackendError) -> (Value, Bool)
    ) async throws(BackendError) -> Value {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = self.deadline
        do {
            let (value, found) = try await LookupDeadline.$current.withValue(deadline) {
                try await DeadlineRace.run(until: deadline) { () async throws -> (Value, Bool) in try await body() }
            }
            record(operation, found ? .found : .notFound, since: start, clock: clock)
            return value
        } catch {
            let failure = (error as? BackendError) ?? .timedOut
            if case .accessDenied = failure {
                record(operation, .denied, since: start, clock: clock)
            } else {
                record(operation, .error, since: start, clock: clock)
            }
            // Said once per outage by `health`; per lookup only when debugging.
            logger.debug("lookup failed", metadata: ["operation": "\(operation.rawValue)", "error": "\(failure)"])
            if let health { health.failed(failure.description) } else { logger.warning("lookup failed", metadata: ["error": "\(failure)"]) }
            throw failure
        }
    }

    private mutating func record(
        _ operation: LookupRecord.Operation, _ outcome: LookupRecord.Outcome, since start: ContinuousClock.Instant,
        clock: ContinuousClock
    ) {
        let elapsed = start.duration(to: clock.now)
        let (seconds, attoseconds) = elapsed.components
        let milliseconds = (Double(seconds) * 1000 + Double(attoseconds) / 1e15 * 1).rounded(toPlaces: 1)
        records.append(LookupRecord(operation: operation, outcome: outcome, milliseconds: milliseconds))
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}
