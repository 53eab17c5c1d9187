import Foundation
import Logging
import MagentoModel
import MagentoSimulator
import MagentoWire
import Testing

@testable import MagentoClient

/// `magedesk doctor` on Magento 1: each diagnosis against the simulator.
@Suite struct Magento1DoctorTests {
    static func diagnose(_ configure: (inout Fixture) -> Void = { _ in }, user: ((Fixture) -> Fixture.APIUser)? = nil) async throws -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        try await Magento2AuthModesTests.withStore(configure) { simulator, url, fixture in
            let account = user?(fixture) ?? fixture.apiUsers[0]
            let configuration = Magento1Configuration(
                storeURL: url, apiUser: account.username, apiKey: account.apiKey, retry: ClientAgainstSimulatorTests.fastRetry)
            checks = await Magento1Doctor(configuration: configuration, logger: Logger(label: "test")).run()
            #expect(simulator.recordedRequests.last?.operation == "endSession" || !checks.contains { $0.check == "credentials" && $0.status == .ok })
        }
        return checks
    }

    @Test func aWorkingAPIUserPassesEveryCheck() async throws {
        let checks = try await Self.diagnose()
        #expect(checks.allSatisfy { $0.status == .ok }, "\(checks)")
        #expect(checks.map(\.check) == ["auth mode", "store reachable", "protocols", "credentials", "orders", "shipments", "invoices", "credit memos", "customers"])
    }

    @Test func aRoleWithoutSalesNamesTheMissingNodes() async throws {
        let checks = try await Self.diagnose { $0.apiUsers[0].resources = ["customer", "customer/info"] }
        #expect(checks.first { $0.check == "orders" }?.status == .fail)
        #expect(checks.first { $0.check == "orders" }?.detail.contains("Sales > Order > Retrieve order info (sales/order/info)") == true)
        #expect(checks.first { $0.check == "customers" }?.status == .ok)
        let role = try #require(checks.first { $0.check == "role" })
        #expect(role.status == .warn)
        #expect(role.detail.contains("sales/order/shipment/info") && !role.detail.contains("customer/info"))
    }

    @Test func anEmailForTheAPIUserIsPointedOut() async throws {
        let checks = try await Self.diagnose(user: { fixture in
            var account = fixture.apiUsers[0]
            account.username = "jane.doe@example.com"
            return account
        })
        let credentials = try #require(checks.first { $0.check == "credentials" })
        #expect(credentials.status == .fail)
        #expect(credentials.detail.contains("looks like an email address"))
    }

    @Test func somethingElseAtTheURLIsNotTheAPI() async throws {
        // Under a wrong path prefix the store answers 404 with JSON, not XML-RPC.
        try await ClientAgainstSimulatorTests.withStore { _, url, fixture in
            let configuration = Magento1Configuration(
                storeURL: try StoreURL(url.root + "/shop"), apiUser: fixture.apiUsers[0].username, apiKey: fixture.apiUsers[0].apiKey,
                retry: ClientAgainstSimulatorTests.fastRetry)
            let checks = await Magento1Doctor(configuration: configuration, logger: Logger(label: "test")).run()
            #expect(checks.last?.check == "store reachable")
            #expect(checks.last?.status == .fail)
        }
    }
}
