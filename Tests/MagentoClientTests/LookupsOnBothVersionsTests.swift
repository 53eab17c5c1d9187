import Foundation
import Logging
import MagentoModel
import MagentoSimulator
import MagentoWire
import Testing

@testable import MagentoClient

/// Every lookup the assistant uses gives the same normalized answer on Magento 2 (REST) and
/// Magento 1 (XML-RPC, and SOAP v2 in both the rpc/encoded and the WS-I style), from the one
/// fixture the simulator serves in every shape.
@Suite struct LookupsOnBothVersionsTests {
    enum Version: String, CaseIterable, CustomTestStringConvertible {
        case magento2, magento1
        case magento1SOAP = "magento1 SOAP v2 rpc/encoded"
        case magento1WSI = "magento1 SOAP v2 WS-I"
        case magento1SOAPv1 = "magento1 SOAP v1"
        var testDescription: String { rawValue }
    }

    static func withClient(_ version: Version, _ body: (any StoreBackend, MagentoSimulator) async throws -> Void) async throws {
        try await ClientAgainstSimulatorTests.withStore { simulator, url, fixture in
            simulator.magento1SOAPStyle = version == .magento1WSI ? .documentLiteral : .rpcEncoded
            let soap = Magento1Configuration(
                storeURL: url, apiUser: fixture.apiUsers[0].username, apiKey: fixture.apiUsers[0].apiKey, protocolName: .soap,
                retry: ClientAgainstSimulatorTests.fastRetry)
            let client: any StoreBackend =
                switch version {
                case .magento2: ClientAgainstSimulatorTests.magento2(url, token: fixture.integration.accessToken)
                case .magento1: ClientAgainstSimulatorTests.magento1(url, fixture: fixture)
                case .magento1SOAP, .magento1WSI: Magento1Client(configuration: soap, logger: Logger(label: "test"))
                case .magento1SOAPv1:
                    Magento1Client(
                        configuration: Magento1Configuration(
                            storeURL: url, apiUser: fixture.apiUsers[0].username, apiKey: fixture.apiUsers[0].apiKey, protocolName: .soapV1,
                            retry: ClientAgainstSimulatorTests.fastRetry),
                        logger: Logger(label: "test"))
                }
            try await body(client, simulator)
            await client.close()
        }
    }

    @Test(arguments: Version.allCases)
    func ordersByEmailAreNewestFirstAndBounded(_ version: Version) async throws {
        try await Self.withClient(version) { client, _ in
            let all = try await client.orders(email: "JANE.DOE@example.com", limit: 10)
            #expect(all.map(\.number) == ["000000102", "000000101", "000000105"])
            let two = try await client.orders(email: "jane.doe@example.com", limit: 2)
            #expect(two.map(\.number) == ["000000102", "000000101"])
            #expect(try await client.orders(email: "nobody@example.com", limit: 5).isEmpty)
        }
    }

    @Test(arguments: Version.allCases)
    func customerByEmail(_ version: Version) async throws {
        try await Self.withClient(version) { client, _ in
            guard case .one(let jane) = try await client.customer(email: "jane.doe@example.com") else {
                Issue.record("Jane's account was not found")
                return
            }
            #expect(jane.firstname == "Jane")
            #expect(jane.lastname == "Doe")
            #expect(try await client.customer(email: "guest.buyer@example.com") == .none)
        }
    }

    @Test(arguments: Version.allCases)
    func invoicesAndRefundsInTheOrderCurrency(_ version: Version) async throws {
        try await Self.withClient(version) { client, _ in
            let chloes = try #require(try await client.order(number: "000000106"))
            let invoices = try await client.invoices(of: chloes)
            #expect(invoices.map(\.number) == ["000000004"])
            #expect(invoices.first?.state == .paid)
            let refunds = try await client.refunds(of: chloes)
            #expect(refunds.map(\.grandTotal) == [Decimal(string: "48.5")!])
            #expect(refunds.first?.createdAt == MagentoDate.parse("2025-01-25 12:00:00"))
            let janes = try #require(try await client.order(number: "000000101"))
            #expect(try await client.refunds(of: janes).isEmpty)
        }
    }

    @Test(arguments: Version.allCases)
    func onlyCommentsVisibleToTheCustomerArePassedOn(_ version: Version) async throws {
        try await Self.withClient(version) { client, _ in
            let order = try #require(try await client.order(number: "000000101"))
            let comments = try await client.comments(of: order)
            switch version {
            case .magento1SOAP, .magento1WSI:
                // SOAP v2's status history has no visibility flag (its WSDL declares none), so no
                // comment can be shown as customer-visible: none is passed on.
                #expect(comments.isEmpty)
            default:
                #expect(comments.map(\.text) == ["Your parcel is on its way with UPS."])
            }
        }
    }

    /// SOAP v2 has no multiCall: after the one WSDL fetch and login, an order-status answer takes
    /// the order, the shipment list, and one call per shipment.
    @Test(arguments: [Version.magento1SOAP, .magento1WSI])
    func soapOrderStatusTakesTwoPlusOnePerShipment(_ version: Version) async throws {
        try await Self.withClient(version) { client, simulator in
            let order = try #require(try await client.order(number: "000000107"))
            let shipments = try await client.shipments(of: order)
            #expect(shipments.flatMap(\.tracks).map(\.carrierCode) == ["usps", "fedex"])
            #expect(simulator.recordedRequests.map(\.operation) == [
                "wsdl", "soap login", "soap salesOrderInfo", "soap salesOrderShipmentList", "soap salesOrderShipmentInfo",
                "soap salesOrderShipmentInfo",
            ])
        }
    }

    /// SOAP v1 has multiCall, like XML-RPC: three calls after login.
    @Test func soapV1OrderStatusTakesThreeCallsAfterLogin() async throws {
        try await Self.withClient(.magento1SOAPv1) { client, simulator in
            let order = try #require(try await client.order(number: "000000107"))
            #expect(try await client.shipments(of: order).count == 2)
            #expect(simulator.recordedRequests.map(\.operation) == [
                "soap1 login", "soap1 call sales_order.info", "soap1 call sales_order_shipment.list", "soap1 multiCall",
            ])
        }
    }

    /// Magento 2 pages by `total_count`: with one record a page, order 000000107's two shipments
    /// take two requests and arrive complete and in order.
    @Test func magento2PagesUntilTheTotalCount() async throws {
        try await ClientAgainstSimulatorTests.withStore { simulator, url, fixture in
            let client = ClientAgainstSimulatorTests.magento2(url, token: fixture.integration.accessToken)
            let order = try #require(try await client.order(number: "000000107"))
            simulator.clearRecordedRequests()
            let records = try await client.searchAll(
                "shipments", .where("order_id", equals: String(order.entityID)), fields: Magento2Records.shipmentFields, label: "test",
                pageSize: 1)
            #expect(records.map { $0["increment_id"].string } == ["000000104", "000000105"])
            #expect(simulator.recordedRequests.count == 2)
        }
    }

    @Test(arguments: Version.allCases)
    func everyLookupOnlyReads(_ version: Version) async throws {
        try await Self.withClient(version) { client, simulator in
            let order = try #require(try await client.order(number: "000000106"))
            _ = try await client.shipments(of: order)
            _ = try await client.invoices(of: order)
            _ = try await client.refunds(of: order)
            _ = try await client.comments(of: order)
            _ = try await client.orders(email: "chloe.zhang@example.com", limit: 5)
            _ = try await client.customer(email: "chloe.zhang@example.com")
            for request in simulator.recordedRequests {
                switch version {
                case .magento2: #expect(request.method == "GET", "\(request.operation)")
                case .magento1, .magento1SOAPv1:
                    let parts = request.operation.split(separator: " ").filter { $0 != "soap1" }
                    #expect(["login", "call", "multiCall"].contains(String(parts[0])))
                    for path in parts.dropFirst().flatMap({ $0.split(separator: ",") }) {
                        #expect(path.hasSuffix(".info") || path.hasSuffix(".list"), "\(path) is not a read call")
                    }
                case .magento1SOAP, .magento1WSI:
                    let readOperations = Set(Magento1Operations.soapV2.values.map(\.operation)).union(["login", "endSession"])
                    #expect(request.operation == "wsdl" || readOperations.contains(String(request.operation.dropFirst("soap ".count))), "\(request.operation)")
                }
            }
        }
    }
}
