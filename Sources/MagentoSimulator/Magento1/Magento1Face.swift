import Foundation
import MagentoWire
import Synchronization

/// The simulator's Magento 1 face: XML-RPC (`/api/xmlrpc/`: `login`, `call`, `multiCall`,
/// `endSession`) and SOAP v2 (`/api/v2_soap/`, rpc/encoded or WS-I) over the fixture's records in
/// OpenMage's shapes, with its fault codes returned as HTTP 200 faults and sessions that expire
/// after inactivity (magento1-api.md, Session expiry).
final class Magento1Face: Sendable {
    let fixture: Fixture
    let sessionTimeout: Duration
    /// Session id → its user and last use.
    private let sessions = Mutex<[String: (user: Fixture.APIUser, lastUse: ContinuousClock.Instant)]>([:])

    init(fixture: Fixture, sessionTimeout: Duration = .seconds(3600)) {
        self.fixture = fixture
        self.sessionTimeout = sessionTimeout
    }

    /// What to record for this call: `login`, `call sales_order.info`, `multiCall sales_order_shipment.info`.
    static func operation(of call: XMLRPCCall) -> String {
        switch call.method {
        case "call": return "call \(call.params[safe: 1]?.string ?? "")"
        case "multiCall":
            let paths = call.params[safe: 1]?.elements.compactMap { $0[0].string } ?? []
            return "multiCall \(Array(Set(paths)).sorted().joined(separator: ","))"
        default: return call.method
        }
    }

    func respond(to call: XMLRPCCall) -> SimulatedResponse {
        switch evaluate(call) {
        case .success(let value): return .xml(XMLRPC.encodeResponse(value))
        case .failure(let fault): return .xml(XMLRPC.encodeFault(code: Int(fault.code) ?? 0, message: fault.message))
        }
    }

    /// SOAP v1 (`/api/soap/`): the same four methods as XML-RPC, structs as Apache maps; unlike
    /// XML-RPC it takes a scalar for `args` (magento1-captures 64).
    func respond(toSOAPv1 call: SOAPCall) -> SimulatedResponse {
        var params: [WireValue] = []
        switch call.operation {
        case "login": params = [call.parameters["username"] ?? .null, call.parameters["apiKey"] ?? .null]
        case "endSession": params = [call.parameters["sessionId"] ?? .null]
        case "call":
            var args = call.parameters["args"] ?? .array([])
            if case .array = args {} else { args = .array([args]) }
            params = [call.parameters["sessionId"] ?? .null, call.parameters["resourcePath"] ?? .null, args]
        case "multiCall": params = [call.parameters["sessionId"] ?? .null, call.parameters["calls"] ?? .array([])]
        default: break
        }
        switch evaluate(XMLRPCCall(method: call.operation, params: params)) {
        case .success(let value): return .xml(SOAP.encodeResponse(call.operation, value, style: .rpcEncoded, maps: true))
        case .failure(let fault): return .xml(SOAP.encodeFault(code: fault.code, message: fault.message))
        }
    }

    /// login, endSession, call and multiCall over the fixture, whatever the wire.
    func evaluate(_ call: XMLRPCCall) -> Result<WireValue, XMLRPCFault> {
        let expired = XMLRPCFault(code: "5", message: "Session expired. Try to relogin.")
        switch call.method {
        case "login":
            return login(user: call.params[safe: 0]?.string ?? "", key: call.params[safe: 1]?.string ?? "").map(WireValue.string)
        case "endSession":
            return .success(.bool(endSession(call.params[safe: 0]?.string ?? "")))
        case "call":
            guard let user = touch(call.params[safe: 0]?.string) else { return .failure(expired) }
            guard case .array(let args)? = call.params[safe: 2] else {
                return .failure(XMLRPCFault(code: "623", message: "Calling parameters do not match signature"))
            }
            return resource(call.params[safe: 1]?.string ?? "", args, as: user)
        case "multiCall":
            guard let user = touch(call.params[safe: 0]?.string) else { return .failure(expired) }
            let results: [WireValue] = (call.params[safe: 1]?.elements ?? []).map { entry in
                switch resource(entry[0].string ?? "", entry[1].elements, as: user) {
                case .success(let value): return value
                case .failure(let fault):
                    // Inline faults carry the code as a string (magento1-captures 15).
                    return ["isFault": true, "faultCode": .string(fault.code), "faultMessage": .string(fault.message)]
                }
            }
            return .success(.array(results))
        default:
            return .failure(XMLRPCFault(code: "3", message: "Invalid api path."))
        }
    }

    /// SOAP v2 (`/api/v2_soap/`): the same sessions and records, named operations, faults as SOAP
    /// faults with HTTP 200, in the style the store is set to.
    func respond(toSOAP call: SOAPCall, style: SOAPStyle) -> SimulatedResponse {
        func answer(_ result: Result<WireValue, XMLRPCFault>) -> SimulatedResponse {
            switch result {
            case .success(let value): return .xml(SOAP.encodeResponse(call.operation, value, style: style))
            case .failure(let fault): return .xml(SOAP.encodeFault(code: fault.code, message: fault.message))
            }
        }
        switch call.operation {
        case "login":
            return answer(login(user: call.parameters["username"]?.string ?? "", key: call.parameters["apiKey"]?.string ?? "").map(WireValue.string))
        case "endSession":
            return answer(.success(.bool(endSession(call.parameters["sessionId"]?.string ?? ""))))
        default:
            // An operation the API lacks is a SOAP-level fault from PHP's SoapServer.
            guard let path = Magento1Operations.resourcePath(forSOAP: call.operation), let mapped = Magento1Operations.soapV2[path] else {
                return .xml(SOAP.encodeFault(code: "SOAP-ENV:Client", message: "Function (\"\(call.operation)\") is not a valid method for this service"))
            }
            guard let user = touch(call.parameters["sessionId"]?.string) else {
                return .xml(SOAP.encodeFault(code: "5", message: "Session expired. Try to relogin."))
            }
            let argument = call.parameters[mapped.argument] ?? .null
            let args = mapped.argument == "filters" ? [Magento1Operations.v1Filters(argument)] : [argument]
            return answer(resource(path, args, as: user).map { Magento1Shapes.soapV2($0, for: path) })
        }
    }

    /// `login`: a 32-hex session id, or fault 2 (wrong key or user) / 6 (empty), captures 24–26.
    func login(user: String, key: String) -> Result<String, XMLRPCFault> {
        guard !user.isEmpty, !key.isEmpty else {
            return .failure(XMLRPCFault(code: "6", message: "Required parameter is missing, for more details see \"exception.log\"."))
        }
        guard let account = fixture.apiUsers.first(where: { $0.username == user && $0.apiKey == key }) else {
            return .failure(XMLRPCFault(code: "2", message: "Access denied."))
        }
        let id = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        sessions.withLock { $0[id] = (account, .now) }
        return .success(id)
    }

    func endSession(_ id: String) -> Bool {
        sessions.withLock { _ = $0.removeValue(forKey: id) }
        return true
    }

    /// Ends every session, as the inactivity timeout would.
    func expireSessions() { sessions.withLock { $0.removeAll() } }


    /// The session's user, sliding its expiry as every successful call updates `logdate`; nil
    /// when the session is unknown, expired or ended.
    private func touch(_ id: String?) -> Fixture.APIUser? {
        guard let id else { return nil }
        return sessions.withLock { sessions in
            guard let session = sessions[id], session.lastUse.duration(to: .now) < sessionTimeout else {
                sessions[id] = nil
                return nil
            }
            sessions[id] = (session.user, .now)
            return session.user
        }
    }

    /// Whether the user's role holds the call's node and every parent (a role saved in the admin
    /// denies every node it does not allow; magento1-captures 22, 29).
    private func allowed(_ path: String, for user: Fixture.APIUser) -> Bool {
        guard let granted = user.resources else { return true }
        guard let node = Magento1ACL.node(for: path) else { return false }
        return Magento1ACL.nodesNeeded(for: node).allSatisfy(granted.contains)
    }

    private func resource(_ path: String, _ args: [WireValue], as user: Fixture.APIUser) -> Result<WireValue, XMLRPCFault> {
        guard allowed(path, for: user) else { return .failure(XMLRPCFault(code: "2", message: "Access denied.")) }
        switch path {
        case "sales_order.info":
            guard let order = fixture.order(incrementID: args.first?.string ?? "") else {
                return .failure(XMLRPCFault(code: "100", message: "Requested order not exists."))
            }
            return .success(Magento1Shapes.order(order))
        case "sales_order.list":
            return filter(fixture.orders, args.first, allowed: ["increment_id", "customer_email", "customer_id", "status", "state", "created_at", "updated_at", "store_id", "order_id"], aliases: ["order_id": "entity_id"])
                .map { .array($0.map(Magento1Shapes.orderRow)) }
        case "sales_order_shipment.list":
            return filter(fixture.shipments, args.first, allowed: ["order_id", "increment_id", "created_at", "shipment_id"], aliases: ["shipment_id": "entity_id"])
                .map { .array($0.map(Magento1Shapes.shipmentRow)) }
        case "sales_order_shipment.info":
            guard let shipment = fixture.shipments.first(where: { $0["increment_id"].string == args.first?.string }) else {
                return .failure(XMLRPCFault(code: "100", message: "Requested shipment not exists."))
            }
            return .success(Magento1Shapes.shipment(shipment))
        case "sales_order_invoice.list":
            return filter(fixture.invoices, args.first, allowed: ["order_id", "increment_id", "created_at", "state", "invoice_id"], aliases: ["invoice_id": "entity_id"])
                .map { .array($0.map { Magento1Shapes.billingDocument($0, idKey: "invoice_id") }) }
        case "sales_order_creditmemo.list":
            return filter(fixture.creditmemos, args.first, allowed: ["order_id", "increment_id", "created_at", "state", "creditmemo_id"], aliases: ["creditmemo_id": "entity_id"])
                .map { .array($0.map { Magento1Shapes.billingDocument($0, idKey: "creditmemo_id") }) }
        case "customer.list":
            return filter(fixture.customers, args.first, allowed: ["email", "customer_id", "firstname", "lastname", "created_at", "website_id"], aliases: ["customer_id": "id"])
                .map { .array($0.map(Magento1Shapes.customer)) }
        default:
            return .failure(XMLRPCFault(code: "3", message: "Invalid api path."))
        }
    }

    /// Magento 1 list filters: `{field: value}` or `{field: {operator: value}}`. An unknown field is
    /// fault 1 with the SQL error in its text (captures 20, 47); an unknown operator matches nothing (21).
    private func filter(
        _ records: [WireValue], _ filters: WireValue?, allowed: Set<String>, aliases: [String: String]
    ) -> Result<[WireValue], XMLRPCFault> {
        var conditions: [SearchCriteria.Filter] = []
        for (field, condition) in filters?.members ?? [:] {
            guard allowed.contains(field) else {
                return .failure(
                    XMLRPCFault(
                        code: "1",
                        message: "SQLSTATE[42S22]: Column not found: 1054 Unknown column '\(field)' in 'where clause', query was: SELECT `main_table`.* FROM `simulated` AS `main_table` WHERE (\(field) = '')"
                    ))
            }
            let column = aliases[field] ?? field
            if case .object(let operators) = condition {
                for (op, value) in operators {
                    let known = ["eq", "neq", "like", "nlike", "in", "nin", "notnull", "null", "gt", "lt", "gteq", "lteq", "from", "to", "finset"]
                    guard known.contains(op) else { return .success([]) }
                    let text = value.elements.isEmpty ? (value.string ?? "") : value.elements.compactMap(\.string).joined(separator: ",")
                    conditions.append(SearchCriteria.Filter(field: column, value: text, conditionType: op))
                }
            } else {
                conditions.append(SearchCriteria.Filter(field: column, value: condition.string ?? "", conditionType: "eq"))
            }
        }
        return .success(records.filter { record in conditions.allSatisfy { SearchEvaluation.matches(record, $0) } })
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
