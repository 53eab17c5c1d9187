import Foundation
import Logging
import MagentoModel
import MagentoSimulator
import MagentoWire
import Testing

@testable import MagentoClient

/// A shared cache that says so, as the SQLite conversation store does.
actor SharedTestCache: CredentialCache {
    private var entries: [String: CachedCredential] = [:]
    nonisolated var isShared: Bool { true }
    func cachedCredential(for key: String) -> CachedCredential? { entries[key] }
    func cacheCredential(_ credential: CachedCredential, for key: String) { entries[key] = credential }
    func removeCachedCredential(for key: String) { entries[key] = nil }
}

@Suite struct Magento1SessionAndACLTests {
    static func client(_ url: StoreURL, _ user: Fixture.APIUser, cache: any CredentialCache = InMemoryCredentialCache()) -> Magento1Client {
        Magento1Client(
            configuration: Magento1Configuration(storeURL: url, apiUser: user.username, apiKey: user.apiKey, retry: ClientAgainstSimulatorTests.fastRetry),
            logger: Logger(label: "test"), cache: cache)
    }

    @Test func workersSharingACacheShareTheSessionAndLeaveItOpen() async throws {
        try await ClientAgainstSimulatorTests.withStore { simulator, url, fixture in
            let cache = SharedTestCache()
            for _ in 0..<2 {
                let client = Self.client(url, fixture.apiUsers[0], cache: cache)
                _ = try await client.order(number: "000000101")
                await client.close()
            }
            let operations = simulator.recordedRequests.map(\.operation)
            #expect(operations == ["login", "call sales_order.info", "call sales_order.info"])
        }
    }

    @Test func aSessionOfThisProcessAloneIsEndedOnClose() async throws {
        try await ClientAgainstSimulatorTests.withStore { simulator, url, fixture in
            let client = Self.client(url, fixture.apiUsers[0])
            _ = try await client.order(number: "000000101")
            await client.close()
            await client.close()
            #expect(simulator.recordedRequests.map(\.operation) == ["login", "call sales_order.info", "endSession"])
        }
    }

    @Test func aMissingGrantNamesTheRoleResourceToTick() async throws {
        try await Magento2AuthModesTests.withStore({ fixture in
            // A customers-only role, like the one in magento1-captures 29.
            fixture.apiUsers[0].resources = ["customer", "customer/info"]
        }) { _, url, fixture in
            let client = Self.client(url, fixture.apiUsers[0])
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                guard case BackendError.accessDenied(let resource?) = error else { return false }
                return resource == "Sales > Order > Retrieve order info (sales/order/info)"
            }
            guard case .one = try await client.customer(email: "jane.doe@example.com") else {
                Issue.record("the granted lookup should still work")
                return
            }
        }
    }

    @Test func theParentNodesAreNeededToo() {
        #expect(Magento1ACL.nodesNeeded(for: "sales/order/shipment/info") == ["sales", "sales/order", "sales/order/shipment", "sales/order/shipment/info"])
        #expect(Set(RequiredNodes.all).isSubset(of: Set(Magento1ACL.minimalReadOnlySet)))
    }
}

/// Every node the client's read calls need, from the calls themselves.
enum RequiredNodes {
    static let all: [String] = [
        "sales_order.info", "sales_order.list", "sales_order_shipment.list", "sales_order_shipment.info", "sales_order_invoice.list",
        "sales_order_creditmemo.list", "customer.list",
    ].compactMap(Magento1ACL.node(for:)).flatMap(Magento1ACL.nodesNeeded(for:))
}

@Suite struct Magento1SOAPFaultTests {
    @Test func aSOAPServerThatCannotBuildItselfIsAStoreSideMisconfiguration() async throws {
        try await ClientAgainstSimulatorTests.withStore { simulator, url, fixture in
            simulator.fault = .soapBootstrap
            let client = Magento1Client(
                configuration: Magento1Configuration(
                    storeURL: url, apiUser: fixture.apiUsers[0].username, apiKey: fixture.apiUsers[0].apiKey, protocolName: .soap,
                    retry: ClientAgainstSimulatorTests.fastRetry),
                logger: Logger(label: "test"))
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                guard case BackendError.storeError(let detail) = error else { return false }
                return detail.contains("SOAP server is misconfigured") && detail.contains("MAGENTO1_PROTOCOL=xmlrpc")
            }
        }
    }

    @Test func noWSDLMeansTheURLIsWrong() async throws {
        try await ClientAgainstSimulatorTests.withStore { _, url, fixture in
            let client = Magento1Client(
                configuration: Magento1Configuration(
                    storeURL: try StoreURL(url.root + "/shop"), apiUser: fixture.apiUsers[0].username, apiKey: fixture.apiUsers[0].apiKey,
                    protocolName: .soap, retry: ClientAgainstSimulatorTests.fastRetry),
                logger: Logger(label: "test"))
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                "\(error)".contains("no SOAP v2 WSDL")
            }
        }
    }
}

@Suite struct Magento1ReadOnlyTests {
    @Test(arguments: [Magento1Protocol.xmlrpc, .soap, .soapV1])
    func aWriteCallNeverLeavesTheProcess(_ protocolName: Magento1Protocol) async throws {
        try await ClientAgainstSimulatorTests.withStore { simulator, url, fixture in
            let client = Magento1Client(
                configuration: Magento1Configuration(
                    storeURL: url, apiUser: fixture.apiUsers[0].username, apiKey: fixture.apiUsers[0].apiKey, protocolName: protocolName,
                    retry: ClientAgainstSimulatorTests.fastRetry),
                logger: Logger(label: "test"))
            await #expect(throws: Magento1Client.CallError.self) { _ = try await client.call("sales_order.cancel", [.string("000000101")]) }
            await #expect(throws: BackendError.self) { _ = try await client.list("sales_order.list", ["grand_total": ["gt": "0"]]) }
            #expect(!simulator.recordedRequests.contains { $0.operation.contains("cancel") || $0.operation.contains("List") })
            #expect(!simulator.recordedRequests.contains { $0.operation.hasSuffix("sales_order.list") })
        }
    }

    @Test(arguments: [Magento1Protocol.soap, .soapV1])
    func doctorWorksOverSOAPToo(_ protocolName: Magento1Protocol) async throws {
        try await ClientAgainstSimulatorTests.withStore { _, url, fixture in
            let configuration = Magento1Configuration(
                storeURL: url, apiUser: fixture.apiUsers[0].username, apiKey: fixture.apiUsers[0].apiKey, protocolName: protocolName,
                retry: ClientAgainstSimulatorTests.fastRetry)
            let checks = await Magento1Doctor(configuration: configuration, logger: Logger(label: "test")).run()
            #expect(checks.allSatisfy { $0.status == .ok }, "\(checks)")
            #expect(checks.first { $0.check == "protocols" }?.detail.contains("SOAP v2 and SOAP v1") == true)
        }
    }
}
