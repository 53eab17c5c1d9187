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
