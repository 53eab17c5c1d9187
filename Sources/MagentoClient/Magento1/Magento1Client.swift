import Crypto
import Foundation
public import Logging
public import MagentoModel
import MagentoWire

/// The Magento 1 / OpenMage implementation of `StoreBackend`, over XML-RPC (default) or SOAP v2.
///
/// Read-only by construction: it sends only `login`, `endSession` and read calls — `call` and
/// `multiCall` with `*.info` / `*.list` resource paths over XML-RPC, the named read operations
/// over SOAP v2 (`Magento1Operations`). An order-status answer takes at most three requests after
/// login over XML-RPC: `sales_order.info`, `sales_order_shipment.list` by the order's entity id
/// (the list cannot be filtered by increment id, capture 09), and one `multiCall` of
/// `sales_order_shipment.info`; SOAP v2 has no multiCall, so two plus one per shipment.
public final class Magento1Client: StoreBackend {
    public let configuration: Magento1Configuration
    let transport: HTTPTransport
    let session: Magento1Session
    let wire: Magento1Wire

    /// `cache` shares the API session with other workers (the configured conversation store).
    public init(configuration: Magento1Configuration, logger: Logger, cache: any CredentialCache = InMemoryCredentialCache()) {
        self.configuration = configuration
        self.transport = HTTPTransport(policy: configuration.retry, logger: logger)
        self.session = Magento1Session(
            cache: cache, key: Magento1Session.cacheKey(endpoint: configuration.endpoint, user: configuration.apiUser, key: configuration.apiKey))
        self.wire = Magento1Wire(configuration: configuration, transport: transport)
    }

    public var summary: String {
        let name = [Magento1Protocol.xmlrpc: "XML-RPC", .soap: "SOAP v2", .soapV1: "SOAP v1"][configuration.protocolName] ?? ""
        return "Magento 1 \(name) at \(configuration.storeURL)"
    }

    public func order(number: String) async throws(BackendError) -> Order? {
        let record: WireValue
        do {
            record = try await call("sales_order.info", [.string(number)])
        } catch .fault(let fault) where Magento1Fault.notFound.contains(fault.code) {
            return nil
        } catch {
            throw error.backendError
        }
        return try Magento1Records.order(record)
    }

    public func shipments(of order: Order) async throws(BackendError) -> [Shipment] {
        let list: WireValue
        do {
            list = try await call("sales_order_shipment.list", [["order_id": ["eq": .int(order.entityID)]]])
        } catch {
            throw error.backendError
        }
        let numbers = list.elements.compactMap { $0["increment_id"].nonEmptyString }
        guard !numbers.isEmpty else { return [] }
        let results: WireValue
        do {
            if configuration.protocolName == .soap {
                var each: [WireValue] = []
                for number in numbers {
                    do {
                        each.append(try await call("sales_order_shipment.info", [.string(number)]))
                    } catch .fault(let fault) where Magento1Fault.notFound.contains(fault.code) {
                        continue
                    }
                }
                results = .array(each)
            } else {
                results = try await multiCall(numbers.map { ("sales_order_shipment.info", [.string($0)]) })
            }
        } catch {
            throw error.backendError
        }
        var shipments: [Shipment] = []
        for result in results.elements {
            if result["isFault"].bool == true {
                let fault = XMLRPCFault(code: result["faultCode"].string ?? "0", message: result["faultMessage"].string ?? "")
                if Magento1Fault.notFound.contains(fault.code) { continue }
                throw Magento1Fault.backendError(fault, resourcePath: "sales_order_shipment.info")
            }
            // multiCall wraps each result; a struct result arrives as itself.
            shipments.append(Magento1Records.shipment(result))
        }
        return shipments
    }

    /// Orders asked for by email at most: `sales_order.list` has no paging, so the newest are
    /// picked here from what the filter returns.
    public static let maximumOrdersByEmail = 50

    public func orders(email: String, limit: Int) async throws(BackendError) -> [Order] {
        let rows = try await list("sales_order.list", ["customer_email": ["eq": .string(email)]])
        var orders: [Order] = []
        for row in rows { orders.append(try Magento1Records.order(row)) }
        let newestFirst = orders.sorted { ($0.createdAt ?? .distantPast, $0.entityID) > ($1.createdAt ?? .distantPast, $1.entityID) }
        return Array(newestFirst.prefix(min(max(limit, 0), Self.maximumOrdersByEmail)))
    }

    public func customer(email: String) async throws(BackendError) -> CustomerMatch {
        // customer.list takes a plain value for equality (magento1-captures 06).
        let customers = try await list("customer.list", ["email": .string(email)]).compactMap(Magento1Records.customer)
        switch customers.count {
        case 0: return .none
        case 1: return .one(customers[0])
        default: return .several(count: customers.count)
        }
    }

    public func invoices(of order: Order) async throws(BackendError) -> [Invoice] {
        try await list("sales_order_invoice.list", ["order_id": ["eq": .int(order.entityID)]]).map(Magento1Records.invoice)
    }

    public func refunds(of order: Order) async throws(BackendError) -> [Refund] {
        try await list("sales_order_creditmemo.list", ["order_id": ["eq": .int(order.entityID)]]).map(Magento1Records.refund)
    }

    public func comments(of order: Order) async throws(BackendError) -> [OrderComment] {
        // Magento 1 has no comments call: the history comes with sales_order.info.
        let record: WireValue
        do {
            record = try await call("sales_order.info", [.string(order.number)])
        } catch .fault(let fault) where Magento1Fault.notFound.contains(fault.code) {
            return []
        } catch {
            throw error.backendError
        }
        return Magento1Records.visibleComments(record["status_history"].elements)
    }

    /// The only fields magedesk filters on. An unknown field makes OpenMage answer fault 1 with
    /// raw SQL in its text (magento1-captures 20), so nothing else is ever sent.
    static let filterFields: Set<String> = ["customer_email", "order_id", "email", "increment_id"]

    /// A `*.list` call with one filter struct; its rows.
    func list(_ resourcePath: String, _ filters: WireValue) async throws(BackendError) -> [WireValue] {
        for field in filters.members.keys where !Self.filterFields.contains(field) {
            throw .storeError("magedesk does not filter on '\(field)'")
        }
        do {
            return try await call(resourcePath, [filters]).elements
        } catch {
            throw error.backendError
        }
    }

    /// Ends the API session, unless other workers share it through the conversation store: then it
    /// is left to expire after the store's inactivity timeout (an hour by default).
    public func close() async {
        guard let id = await session.end() else { return }
        _ = try? await wire.send(.endSession(id), label: "endSession")
    }

    // MARK: Calls

    enum CallError: Error {
        case fault(XMLRPCFault)
        case backend(BackendError)

        var backendError: BackendError {
            switch self {
            case .backend(let error): return error
            case .fault(let fault): return Magento1Fault.backendError(fault, resourcePath: "call")
            }
        }
    }

    /// One read call (`sales_order.info` …), logging in first and once more if the session
    /// expired (fault 5).
    func call(_ resourcePath: String, _ args: [WireValue]) async throws(CallError) -> WireValue {
        try await withSession(label: resourcePath, resourcePath: resourcePath) { sessionID in
            .call(session: sessionID, path: resourcePath, args: args)
        }
    }

    func multiCall(_ calls: [(String, [WireValue])]) async throws(CallError) -> WireValue {
        try await withSession(label: "multiCall", resourcePath: calls.first?.0 ?? "multiCall") { sessionID in
            .multiCall(session: sessionID, calls: calls)
        }
    }

    private func withSession(
        label: String, resourcePath: String, request: (String) -> Magento1Wire.Request
    ) async throws(CallError) -> WireValue {
        var retried = false
        while true {
            let sessionID = try await currentSession()
            do {
                return try await wire.send(request(sessionID), label: label)
            } catch .fault(let fault) where fault.code == Magento1Fault.sessionExpired && !retried {
                retried = true
                await session.invalidate(sessionID)
            } catch .fault(let fault) {
                if Magento1Fault.notFound.contains(fault.code) { throw .fault(fault) }
                throw .backend(Magento1Fault.backendError(fault, resourcePath: resourcePath))
            } catch {
                throw error
            }
        }
    }

    private func currentSession() async throws(CallError) -> String {
        let result = await session.current { () async -> Result<String, BackendError> in
            do throws(CallError) {
                let value = try await self.wire.send(.login(user: self.configuration.apiUser, key: self.configuration.apiKey), label: "login")
                guard let id = value.nonEmptyString else { return .failure(.malformedResponse("login returned no session id")) }
                return .success(id)
            } catch .fault(let fault) where fault.code == Magento1Fault.accessDenied {
                return .failure(
                    .authenticationFailed(
                        "Access denied for API user '\(self.configuration.apiUser)': check MAGENTO_API_USER (the API "
                            + "user name, not an email) and MAGENTO_API_KEY"))
            } catch .fault(let fault) {
                return .failure(.authenticationFailed("login fault \(fault.code): \(fault.message)"))
            } catch {
                return .failure(error.backendError)
            }
        }
        switch result {
        case .success(let id): return id
        case .failure(let error): throw .backend(error)
        }
    }
}

/// The API session id, shared by concurrent lookups so that only one login is in flight, and
/// through the credential cache by every worker on the same conversation store.
actor Magento1Session {
    private var id: String?
    private var pending: Task<Result<String, BackendError>, Never>?
    let cache: any CredentialCache
    let key: String

    init(cache: any CredentialCache, key: String) {
        self.cache = cache
        self.key = key
    }

    /// The key names the endpoint and user without either in clear; the API key is part of it, so
    /// a corrected key never meets an old session.
    static func cacheKey(endpoint: String, user: String, key: String) -> String {
        let digest = SHA256.hash(data: Data("magento1-session|\(endpoint)|\(user)|\(key)".utf8))
        return "m1-session-" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    func current(login: @escaping @Sendable () async -> Result<String, BackendError>) async -> Result<String, BackendError> {
        if let id { return .success(id) }
        if let shared = await cache.cachedCredential(for: key) {
            id = shared.value
            return .success(shared.value)
        }
        if let pending { return await pending.value }
        let task = Task { await login() }
        pending = task
        let result = await task.value
        pending = nil
        if case .success(let newID) = result {
            id = newID
            // Sessions slide with use; the store purges them after its timeout, and a stale one
            // costs one fault 5 and a new login.
            await cache.cacheCredential(CachedCredential(value: newID, expiresAt: nil), for: key)
        }
        return result
    }

    func invalidate(_ staleID: String) async {
        if id == staleID { id = nil }
        if await cache.cachedCredential(for: key)?.value == staleID { await cache.removeCachedCredential(for: key) }
    }

    /// The session to end on shutdown: nil when there is none, or when other workers share it.
    func end() async -> String? {
        defer { id = nil }
        guard let id, !cache.isShared else { return nil }
        await cache.removeCachedCredential(for: key)
        return id
    }
}
