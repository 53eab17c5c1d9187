import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MagentoSimulator
import MagentoWire
import Testing

/// The simulator's Magento 1 face against the real OpenMage store: for the same kind of call, the
/// same keys, the same wire types and the same fault codes (magento1-captures).
@Suite struct Magento1CaptureComparisonTests {
    static func capture(_ prefix: String) throws -> Result<WireValue, XMLRPCFault> {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures/magento1-captures", withExtension: nil))
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix(prefix + "-") })
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        do {
            return .success(try XMLRPC.parseResponse(data))
        } catch let fault as XMLRPCFault {
            return .failure(fault)
        }
    }

    /// Posts one XML-RPC call to a fresh simulator; `session` is replaced by a real login's id.
    static func simulate(_ method: String, _ params: [WireValue]) async throws -> Result<WireValue, XMLRPCFault> {
        let fixture = try Fixture.sampleStore()
        let simulator = MagentoSimulator(fixture: fixture)
        let root = try await simulator.start()
        defer { Task { await simulator.stop() } }
        func post(_ method: String, _ params: [WireValue]) async throws -> Result<WireValue, XMLRPCFault> {
            var request = URLRequest(url: root.appendingPathComponent("api/xmlrpc/"))
            request.httpMethod = "POST"
            request.httpBody = Data(XMLRPC.encodeCall(method, params).utf8)
            let (data, _) = try await URLSession.shared.data(for: request)
            do {
                return .success(try XMLRPC.parseResponse(data))
            } catch let fault as XMLRPCFault {
                return .failure(fault)
            }
        }
        let login = try await post("login", [.string(fixture.apiUsers[0].username), .string(fixture.apiUsers[0].apiKey)])
        let session = (try? login.get().string) ?? ""
        let result = try await post(method, params.map { $0 == "SESSION" ? .string(session) : $0 })
        await simulator.stop()
        return result
    }

    /// The wire type of a value, as a client sees it.
    static func type(_ value: WireValue) -> String {
        switch value {
        case .null: return "nil"
        case .bool: return "boolean"
        case .int: return "int"
        case .double: return "double"
        case .string: return "string"
        case .array: return "array"
        case .object: return "struct"
        }
    }

    /// Same keys in the same order, and the same type wherever both sides have a value; recursing
    /// into structs and the first element of arrays.
    static func compareShape(_ real: WireValue, _ simulated: WireValue, path: String) {
        switch (real, simulated) {
        case (.object(let realMembers), .object(let simulatedMembers)):
            #expect(Array(simulatedMembers.keys) == Array(realMembers.keys), "\(path): keys")
            for (key, value) in realMembers {
                guard let other = simulatedMembers[key], !value.isNull, !other.isNull else { continue }
                compareShape(value, other, path: "\(path).\(key)")
            }
        case (.array(let realElements), .array(let simulatedElements)):
            if let first = realElements.first, let other = simulatedElements.first { compareShape(first, other, path: "\(path)[0]") }
        default:
            #expect(type(simulated) == type(real), "\(path): \(type(real)) on the real store, \(type(simulated)) simulated")
        }
    }

    static let calls: [(capture: String, method: String, params: [WireValue])] = [
        ("02", "call", ["SESSION", "sales_order.info", ["000000101"]]),
        ("04", "call", ["SESSION", "sales_order.list", [["customer_email": ["eq": "jane.doe@example.com"]]]]),
        ("06", "call", ["SESSION", "customer.list", [["email": "jane.doe@example.com"]]]),
        ("08", "call", ["SESSION", "sales_order_shipment.list", [["order_id": ["eq": 1]]]]),
        ("10", "call", ["SESSION", "sales_order_shipment.info", ["000000101"]]),
        ("11", "call", ["SESSION", "sales_order_invoice.list", [["order_id": ["eq": 1]]]]),
        ("14", "call", ["SESSION", "sales_order_creditmemo.list", [["order_id": ["eq": 6]]]]),
        ("16", "call", ["SESSION", "sales_order.info", "000000101"]),
        ("17", "call", ["SESSION", "sales_order.info", ["999999999"]]),
        ("18", "call", ["SESSION", "sales_order_shipment.info", ["999999999"]]),
        ("20", "call", ["SESSION", "sales_order.list", [["no_such_column": ["eq": "x"]]]]),
        ("21", "call", ["SESSION", "sales_order.list", [["customer_email": ["bogus_op": "x"]]]]),
        ("23", "call", ["SESSION", "no_such.resource", []]),
        ("24", "login", ["support_bot", "wrong-key"]),
        ("26", "login", ["support_bot", ""]),
        ("27", "call", ["0123456789abcdef0123456789abcdef", "sales_order.info", ["000000101"]]),
    ]

    @Test(arguments: calls.map(\.capture))
    func answersLikeTheRealStore(_ capture: String) async throws {
        let call = try #require(Self.calls.first { $0.capture == capture })
        let real = try Self.capture(capture)
        let simulated = try await Self.simulate(call.method, call.params)
        switch (real, simulated) {
        case (.failure(let realFault), .failure(let simulatedFault)):
            #expect(simulatedFault.code == realFault.code, "capture \(capture): fault code")
            if realFault.code != "1" { #expect(simulatedFault.message == realFault.message, "capture \(capture): fault message") }
        case (.success(let realValue), .success(let simulatedValue)):
            Self.compareShape(realValue, simulatedValue, path: "capture \(capture)")
        default:
            Issue.record("capture \(capture): real \(real), simulated \(simulated)")
        }
    }
}

/// The SOAP v2 face against the real store's SOAP v2 answers. SOAP v2 leaves null fields out, so
/// a simulated answer has a subset of the real one's keys (in the same order) and the same types.
@Suite struct Magento1SOAPCaptureComparisonTests {
    static func capture(_ prefix: String) throws -> Result<WireValue, SOAPFault> {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures/magento1-captures", withExtension: nil))
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix(prefix + "-soapv2") })
        do {
            return .success(try SOAP.parseResponse(try Data(contentsOf: directory.appendingPathComponent(name))))
        } catch let fault as SOAPFault {
            return .failure(fault)
        }
    }

    static func simulate(_ operation: String, _ parameters: [(String, WireValue)], key: String? = nil) async throws -> Result<WireValue, SOAPFault> {
        let fixture = try Fixture.sampleStore()
        let simulator = MagentoSimulator(fixture: fixture)
        let root = try await simulator.start()
        func post(_ operation: String, _ parameters: [(String, WireValue)]) async throws -> Result<WireValue, SOAPFault> {
            var request = URLRequest(url: root.appendingPathComponent("api/v2_soap/"))
            request.httpMethod = "POST"
            request.httpBody = Data(SOAP.encodeRequest(operation, parameters, style: .rpcEncoded).utf8)
            let (data, _) = try await URLSession.shared.data(for: request)
            do {
                return .success(try SOAP.parseResponse(data))
            } catch let fault as SOAPFault {
                return .failure(fault)
            }
        }
        let login = try await post("login", [("username", .string(fixture.apiUsers[0].username)), ("apiKey", .string(key ?? fixture.apiUsers[0].apiKey))])
        let session = (try? login.get().string) ?? "0123456789abcdef0123456789abcdef"
        let result = operation == "login" ? login : try await post(operation, [("sessionId", .string(session))] + parameters)
        await simulator.stop()
        return result
    }

    static func compareSubset(_ real: WireValue, _ simulated: WireValue, path: String) {
        switch (real, simulated) {
        case (.object(let realMembers), .object(let simulatedMembers)):
            // The captured order's comments were empty, so its history shows fewer of the fields the
            // WSDL declares (salesOrderStatusHistoryEntity) than an order with comments has.
            let declared = path.hasSuffix("status_history[0]") ? ["increment_id", "updated_at", "is_active", "comment"] : []
            let realKeys = Array(realMembers.keys)
            #expect(simulatedMembers.keys.allSatisfy { realMembers.keys.contains($0) || declared.contains($0) }, "\(path): keys the real store never sends")
            let order = simulatedMembers.keys.filter { !declared.contains($0) }.compactMap { realKeys.firstIndex(of: $0) }
            #expect(order == order.sorted(), "\(path): key order")
            for (key, value) in simulatedMembers {
                if let other = realMembers[key] { compareSubset(other, value, path: "\(path).\(key)") }
            }
        case (.array(let realElements), .array(let simulatedElements)):
            if let first = realElements.first, let other = simulatedElements.first { compareSubset(first, other, path: "\(path)[0]") }
        default:
            #expect(Magento1CaptureComparisonTests.type(simulated) == Magento1CaptureComparisonTests.type(real), "\(path): type")
        }
    }

    static let calls: [(capture: String, operation: String, parameters: [(String, WireValue)])] = [
        ("35", "salesOrderInfo", [("orderIncrementId", "000000101")]),
        ("36", "salesOrderList", [("filters", ["filter": [["key": "customer_email", "value": "jane.doe@example.com"]]])]),
        ("40", "customerCustomerList", [("filters", ["filter": [["key": "email", "value": "jane.doe@example.com"]]])]),
        ("42", "salesOrderShipmentList", [("filters", ["complex_filter": [["key": "order_id", "value": ["key": "eq", "value": "1"]]]])]),
        ("43", "salesOrderShipmentInfo", [("shipmentIncrementId", "000000101")]),
        ("44", "salesOrderInvoiceList", [("filters", ["complex_filter": [["key": "order_id", "value": ["key": "eq", "value": "1"]]]])]),
        ("45", "salesOrderCreditmemoList", [("filters", ["complex_filter": [["key": "order_id", "value": ["key": "eq", "value": "6"]]]])]),
        ("46", "salesOrderInfo", [("orderIncrementId", "999999999")]),
        ("47", "salesOrderList", [("filters", ["complex_filter": [["key": "no_such_column", "value": ["key": "eq", "value": "x"]]]])]),
    ]

    @Test(arguments: calls.map(\.capture))
    func answersLikeTheRealStore(_ capture: String) async throws {
        let call = try #require(Self.calls.first { $0.capture == capture })
        let real = try Self.capture(capture)
        let simulated = try await Self.simulate(call.operation, call.parameters)
        switch (real, simulated) {
        case (.failure(let realFault), .failure(let simulatedFault)):
            #expect(simulatedFault.code == realFault.code)
            if realFault.code != "1" { #expect(simulatedFault.message == realFault.message) }
        case (.success(let realValue), .success(let simulatedValue)):
            #expect(Magento1CaptureComparisonTests.type(simulatedValue) == Magento1CaptureComparisonTests.type(realValue))
            Self.compareSubset(realValue, simulatedValue, path: "capture \(capture)")
        default:
            Issue.record("capture \(capture): real \(real), simulated \(simulated)")
        }
    }

    @Test func loginFaultsMatch() async throws {
        guard case .failure(let real) = try Self.capture("48"), case .failure(let simulated) = try await Self.simulate("login", [], key: "wrong") else {
            Issue.record("expected faults on both sides")
            return
        }
        #expect(simulated == real)
        guard case .failure(let expired) = try Self.capture("49") else {
            Issue.record("capture 49 is a fault")
            return
        }
        #expect(expired.code == "5")
    }
}
