import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import MagentoModel
import MagentoSimulator
import Testing

@testable import MagentoClient

/// The real clients against the loopback simulator, over real HTTP.
@Suite struct ClientAgainstSimulatorTests {
    static let fastRetry = RetryPolicy(
        maximumAttempts: 3, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(20), requestTimeout: .seconds(2),
        lookupDeadline: .seconds(4))

    static func withStore(_ body: (MagentoSimulator, StoreURL, Fixture) async throws -> Void) async throws {
        try await Magento2AuthModesTests.withStore({ _ in }, body)
    }

    /// For tests that count retries: a deadline no loaded CI machine reaches before the last attempt.
    static let patientRetry = RetryPolicy(
        maximumAttempts: 3, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(20), requestTimeout: .seconds(10),
        lookupDeadline: .seconds(60))

    static func magento2(_ url: StoreURL, token: String, store: String? = nil, retry: RetryPolicy = fastRetry) -> Magento2Client {
        try! Magento2Client(
            configuration: Magento2Configuration(storeURL: url, credentials: .bearer(token: token), storeCode: store, retry: retry),
            logger: Logger(label: "test"))
    }

    static func magento1(_ url: StoreURL, fixture: Fixture, key: String? = nil) -> Magento1Client {
        Magento1Client(
            configuration: Magento1Configuration(
                storeURL: url, apiUser: fixture.apiUsers[0].username, apiKey: key ?? fixture.apiUsers[0].apiKey, retry: fastRetry),
            logger: Logger(label: "test"))
    }

    @Test func magento2OrderStatusWithTrackingTakesTwoGETs() async throws {
        try await Self.withStore { simulator, url, fixture in
            let client = Self.magento2(url, token: fixture.integration.accessToken)
            let order = try #require(try await client.order(number: "000000104"))
            let shipments = try await client.shipments(of: order)
            #expect(order.status == "processing")
            #expect(order.currencyCode == "EUR")
            #expect(order.items.map(\.quantityAwaitingShipment) == [0, 1])
            #expect(shipments.flatMap(\.tracks).map(\.carrierCode) == ["dhl"])
            let requests = simulator.recordedRequests
            #expect(requests.count == 2)
            #expect(requests.allSatisfy { $0.method == "GET" })
        }
    }

    @Test func magento2UnknownOrderIsNil() async throws {
        try await Self.withStore { _, url, fixture in
            let client = Self.magento2(url, token: fixture.integration.accessToken)
            let found1 = try await client.order(number: "999999999")
            #expect(found1 == nil)
        }
    }

    @Test func magento2RefusedTokenNamesResourceAndBearerSetting() async throws {
        try await Self.withStore { _, url, _ in
            let client = Self.magento2(url, token: "not-the-token")
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                guard case BackendError.accessDenied(let resource?) = error else { return false }
                return resource.contains("Magento_Sales::actions_view") && resource.contains("standalone Bearer tokens")
            }
        }
    }

    @Test func magento2UnknownStoreViewIsReportedAsSuch() async throws {
        try await Self.withStore { _, url, fixture in
            let client = Self.magento2(url, token: fixture.integration.accessToken, store: "nosuchstore")
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                "\(error)".contains("store view code")
            }
        }
    }

    @Test func magento2StoreDownIsUnreachable() async throws {
        let client = Self.magento2(try StoreURL("http://127.0.0.1:1"), token: "t")
        await #expect(throws: BackendError.unreachable("connection refused")) { _ = try await client.order(number: "000000101") }
    }

    @Test func magento2TLSToAPlainHTTPPortIsAFailedHandshake() async throws {
        try await Self.withStore { _, url, fixture in
            let secure = try StoreURL(url.root.replacingOccurrences(of: "http://", with: "https://"))
            let client = Self.magento2(secure, token: fixture.integration.accessToken)
            await #expect(throws: BackendError.unreachable("TLS handshake failed")) { _ = try await client.order(number: "000000101") }
        }
    }

    @Test func magento2ServerErrorsAreStoreErrorsAfterRetries() async throws {
        try await Self.withStore { simulator, url, fixture in
            simulator.fault = .maintenance
            let client = Self.magento2(url, token: fixture.integration.accessToken, retry: Self.patientRetry)
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                guard case BackendError.storeError(let detail) = error else { return false }
                return detail.contains("503") && detail.contains("HTML")
            }
            // 503 is retried: three attempts.
            #expect(simulator.recordedRequests.count == 3)
        }
    }

    @Test func magento2HonoursRetryAfterOn429() async throws {
        try await Self.withStore { simulator, url, fixture in
            simulator.fault = .tooManyRequests
            let client = Self.magento2(url, token: fixture.integration.accessToken, retry: Self.patientRetry)
            let found2 = try await client.order(number: "000000101")
            #expect(found2?.number == "000000101")
            #expect(simulator.recordedRequests.count == 2)
        }
    }

    @Test func magento2MalformedJSONIsReported() async throws {
        try await Self.withStore { simulator, url, fixture in
            simulator.fault = .malformed
            let client = Self.magento2(url, token: fixture.integration.accessToken)
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                if case BackendError.malformedResponse = error { return true }
                return false
            }
        }
    }

    @Test func magento2DroppedConnectionsAreRetriedThenUnreachable() async throws {
        try await Self.withStore { simulator, url, fixture in
            simulator.fault = .drop
            let client = Self.magento2(url, token: fixture.integration.accessToken, retry: Self.patientRetry)
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                if case BackendError.unreachable = error { return true }
                return false
            }
            #expect(simulator.recordedRequests.count == 3)
        }
    }

    @Test func magento2GivesUpOnASilentStoreAtTheDeadline() async throws {
        try await Self.withStore { simulator, url, fixture in
            simulator.fault = .timeout
            let retry = RetryPolicy(
                maximumAttempts: 3, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(20), requestTimeout: .seconds(1),
                lookupDeadline: .milliseconds(1500))
            let client = try Magento2Client(
                configuration: Magento2Configuration(storeURL: url, credentials: .bearer(token: fixture.integration.accessToken), retry: retry),
                logger: Logger(label: "test"))
            let started = ContinuousClock.now
            await #expect(throws: BackendError.timedOut) { _ = try await client.order(number: "000000101") }
            let elapsed = started.duration(to: .now)
            #expect(elapsed >= .seconds(1) && elapsed < .seconds(4))
        }
    }

    @Test func aFaultOnOneRouteLeavesTheOthersAlone() async throws {
        try await Self.withStore { simulator, url, fixture in
            simulator.faults = [FaultInjection(.serverError, route: "/V1/shipments")]
            let client = Self.magento2(url, token: fixture.integration.accessToken)
            let order = try #require(try await client.order(number: "000000101"))
            await #expect {
                _ = try await client.shipments(of: order)
            } throws: { error in
                guard case BackendError.storeError(let detail) = error else { return false }
                return detail.contains("500")
            }
            // A 500 is an answer, not an accident: it is not retried.
            #expect(simulator.recordedRequests.count == 2)
            simulator.latency = .milliseconds(50)
            simulator.faults = []
            let started = ContinuousClock.now
            _ = try await client.shipments(of: order)
            #expect(started.duration(to: .now) >= .milliseconds(50))
        }
    }

    @Test func magento1OrderStatusTakesThreeCallsAfterLogin() async throws {
        try await Self.withStore { simulator, url, fixture in
            let client = Self.magento1(url, fixture: fixture)
            let order = try #require(try await client.order(number: "000000107"))
            let shipments = try await client.shipments(of: order)
            #expect(order.customerEmail == "chloe.zhang@example.com")
            #expect(shipments.map(\.number) == ["000000104", "000000105"])
            #expect(shipments.flatMap(\.tracks).map(\.carrierCode) == ["usps", "fedex"])
            let operations = simulator.recordedRequests.map(\.operation)
            #expect(operations == ["login", "call sales_order.info", "call sales_order_shipment.list", "multiCall sales_order_shipment.info"])
            await client.close()
            #expect(simulator.recordedRequests.last?.operation == "endSession")
        }
    }

    @Test func magento1UnknownOrderIsNilAndBadKeyIsAuthenticationFailure() async throws {
        try await Self.withStore { _, url, fixture in
            let unknown = try await Self.magento1(url, fixture: fixture).order(number: "999999999")
            #expect(unknown == nil)
            await #expect {
                _ = try await Self.magento1(url, fixture: fixture, key: "wrong").order(number: "000000101")
            } throws: { error in
                guard case BackendError.authenticationFailed(let detail) = error else { return false }
                return detail.contains("not an email")
            }
        }
    }

    @Test func magento1LogsInAgainOnceWhenTheSessionExpired() async throws {
        try await Self.withStore { simulator, url, fixture in
            let client = Self.magento1(url, fixture: fixture)
            _ = try await client.order(number: "000000101")
            simulator.expireMagento1Sessions()
            let again = try await client.order(number: "000000101")
            #expect(again?.number == "000000101")
            let operations = simulator.recordedRequests.map(\.operation)
            #expect(operations == ["login", "call sales_order.info", "call sales_order.info", "login", "call sales_order.info"])
        }
    }

    @Test func magento1SendsOnlyReadCalls() async throws {
        try await Self.withStore { simulator, url, fixture in
            let client = Self.magento1(url, fixture: fixture)
            for number in ["000000101", "000000104", "000000107", "000000999"] {
                if let order = try await client.order(number: number) { _ = try await client.shipments(of: order) }
            }
            await client.close()
            for request in simulator.recordedRequests {
                let parts = request.operation.split(separator: " ")
                #expect(["login", "call", "multiCall", "endSession"].contains(String(parts[0])))
                if parts.count > 1 {
                    for path in parts[1].split(separator: ",") {
                        #expect(path.hasSuffix(".info") || path.hasSuffix(".list"), "\(path) is not a read call")
                    }
                }
            }
        }
    }
}
