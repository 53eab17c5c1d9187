import Foundation
import Logging
import MagentoModel
import MagentoSimulator
import MagentoWire
import Testing

@testable import MagentoClient

/// `magedesk doctor` on Magento 2: each diagnosis against the simulator's real answers.
@Suite struct Magento2DoctorTests {
    static func diagnose(
        _ configure: (inout Fixture) -> Void = { _ in }, storeCode: String? = nil, clock: TestClock = TestClock(),
        credentials: (Fixture) -> Magento2Credentials = { .bearer(token: $0.integration.accessToken) }
    ) async throws -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        try await Magento2AuthModesTests.withStore(configure) { _, url, fixture in
            let configuration = Magento2Configuration(
                storeURL: url, credentials: credentials(fixture), storeCode: storeCode, retry: ClientAgainstSimulatorTests.fastRetry)
            checks = await Magento2Doctor(configuration: configuration, logger: Logger(label: "test"), now: clock.function).run()
        }
        return checks
    }

    static func line(_ checks: [DoctorCheck], _ name: String) -> DoctorCheck? { checks.first { $0.check == name } }

    @Test func aWorkingIntegrationPassesEveryCheck() async throws {
        let checks = try await Self.diagnose()
        #expect(checks.allSatisfy { $0.status == .ok }, "\(checks)")
        #expect(checks.map(\.check) == ["auth mode", "store reachable", "credentials", "orders", "shipments", "invoices", "credit memos", "customers"])
        #expect(Self.line(checks, "orders")?.description == "OK orders: allowed (Magento_Sales::actions_view)")
    }

    @Test func aRefusedBearerTokenNamesTheResourceAndTheSetting() async throws {
        let checks = try await Self.diagnose { $0.integration.bearerEnabled = false }
        let orders = try #require(Self.line(checks, "orders"))
        #expect(orders.status == .fail)
        #expect(orders.detail.contains("Sales > Operations > Orders > Actions > View"))
        #expect(orders.detail.contains("Allow OAuth Access Tokens to be used as standalone Bearer tokens"))
    }

    @Test func aMissingGrantFailsOnlyItsLookup() async throws {
        let checks = try await Self.diagnose {
            $0.integration.resources = ["Magento_Sales::actions_view", "Magento_Sales::shipment", "Magento_Customer::customer"]
        }
        #expect(Self.line(checks, "orders")?.status == .ok)
        #expect(Self.line(checks, "invoices")?.status == .fail)
        #expect(Self.line(checks, "invoices")?.detail.contains("Magento_Sales::sales_invoice") == true)
        #expect(Self.line(checks, "credit memos")?.status == .fail)
        #expect(Self.line(checks, "customers")?.status == .ok)
    }

    @Test func anUnreachableStoreSaysSo() async throws {
        let configuration = Magento2Configuration(
            storeURL: try StoreURL("http://127.0.0.1:1"), credentials: .bearer(token: "t"), retry: ClientAgainstSimulatorTests.fastRetry)
        let checks = await Magento2Doctor(configuration: configuration, logger: Logger(label: "test")).run()
        #expect(checks.last?.status == .fail)
        #expect(checks.last?.check == "store reachable")
        #expect(checks.last?.detail.contains("connection refused") == true)
    }

    @Test func anUnknownStoreViewIsNamed() async throws {
        let checks = try await Self.diagnose(storeCode: "nosuchstore")
        let view = try #require(Self.line(checks, "store view"))
        #expect(view.status == .fail)
        #expect(view.detail.contains("MAGENTO_STORE_CODE"))
    }

    @Test func twoFactorWithoutASecretIsACredentialsFailure() async throws {
        let checks = try await Self.diagnose(credentials: { _ in .admin(username: "support-2fa", password: "demo-admin-password-2", otpSecret: nil) })
        let credentials = try #require(Self.line(checks, "credentials"))
        #expect(credentials.status == .fail)
        #expect(credentials.detail.contains("MAGENTO_ADMIN_OTP_SECRET"))
        #expect(Self.line(checks, "orders") == nil)
    }

    @Test func anEmailAsAdminUserNameIsPointedOut() async throws {
        let checks = try await Self.diagnose(credentials: { _ in .admin(username: "jane@example.com", password: "x", otpSecret: nil) })
        #expect(Self.line(checks, "credentials")?.detail.contains("looks like an email address") == true)
    }

    @Test func aClockFarAheadFailsForOAuth() async throws {
        let clock = TestClock()
        clock.advance(by: 3600)
        let checks = try await Self.diagnose(clock: clock, credentials: { Magento2AuthModesTests.oauth($0) })
        #expect(Self.line(checks, "clock")?.status == .fail)
        #expect(Self.line(checks, "clock")?.detail.contains("60 minutes ahead") == true)
        let onTime = try await Self.diagnose(credentials: { Magento2AuthModesTests.oauth($0) })
        #expect(onTime.allSatisfy { $0.status == .ok }, "\(onTime)")
    }
}
