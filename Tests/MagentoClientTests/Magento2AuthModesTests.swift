import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import MagentoModel
import MagentoSimulator
import MagentoWire
import Synchronization
import Testing

@testable import MagentoClient

/// A clock both sides read, moved by the test.
final class TestClock: Sendable {
    private let date = Mutex(Date())
    var now: Date { date.withLock { $0 } }
    func advance(by seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { self.now } }
}

/// The three ways merchants connect, against the simulator's real checks.
@Suite struct Magento2AuthModesTests {
    static func withStore(
        _ configure: (inout Fixture) -> Void = { _ in }, clock: TestClock = TestClock(),
        _ body: (MagentoSimulator, StoreURL, Fixture) async throws -> Void
    ) async throws {
        var fixture = try Fixture.sampleStore()
        configure(&fixture)
        let simulator = MagentoSimulator(fixture: fixture, now: clock.function)
        let root = try await simulator.start()
        do {
            try await body(simulator, try StoreURL(root.absoluteString), fixture)
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    static func client(
        _ url: StoreURL, _ credentials: Magento2Credentials, cache: any CredentialCache = InMemoryCredentialCache(),
        clock: TestClock = TestClock()
    ) throws -> Magento2Client {
        try Magento2Client(
            configuration: Magento2Configuration(storeURL: url, credentials: credentials, retry: ClientAgainstSimulatorTests.fastRetry),
            logger: Logger(label: "test"), cache: cache, now: clock.function)
    }

    static func oauth(_ fixture: Fixture, secret: String? = nil, method: OAuth1SignatureMethod = .hmacSHA256) -> Magento2Credentials {
        .oauth(
            OAuth1Credentials(
                consumerKey: fixture.integration.consumerKey, consumerSecret: secret ?? fixture.integration.consumerSecret,
                accessToken: fixture.integration.accessToken, accessTokenSecret: fixture.integration.accessTokenSecret),
            method: method)
    }

    static let admin = Magento2Credentials.admin(username: "support-admin", password: "demo-admin-password-1", otpSecret: nil)

    static func posts(_ simulator: MagentoSimulator) -> [String] {
        simulator.recordedRequests.filter { $0.method == "POST" }.map(\.operation)
    }

    // MARK: OAuth 1.0a

    @Test func oauthSignedRequestsWorkWithTheBearerSettingOff() async throws {
        try await Self.withStore({ $0.integration.bearerEnabled = false }) { simulator, url, fixture in
            let client = try Self.client(url, Self.oauth(fixture))
            let order = try #require(try await client.order(number: "000000104"))
            let shipments = try await client.shipments(of: order)
            #expect(shipments.flatMap(\.tracks).map(\.carrierCode) == ["dhl"])
            #expect(simulator.recordedRequests.count == 2)
            // Filter values with spaces are signed and sent as %20, never +.
            #expect(try await client.orders(email: "no such person@example.com", limit: 3).isEmpty)
            let bearer = try Self.client(url, .bearer(token: fixture.integration.accessToken))
            await #expect(throws: BackendError.self) { _ = try await bearer.order(number: "000000104") }
        }
    }

    @Test func aWrongSecretIsReportedAsABadSignature() async throws {
        try await Self.withStore { _, url, fixture in
            let client = try Self.client(url, Self.oauth(fixture, secret: "wrongsecret"))
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                guard case BackendError.authenticationFailed(let detail) = error else { return false }
                return detail.contains("signature was refused") && detail.contains("MAGENTO_CONSUMER_SECRET")
            }
        }
    }

    @Test func sha1IsRefusedByStoresOn244AndLater() async throws {
        try await Self.withStore { _, url, fixture in
            let client = try Self.client(url, Self.oauth(fixture, method: .hmacSHA1))
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                guard case BackendError.authenticationFailed(let detail) = error else { return false }
                return detail.contains("HMAC-SHA1") && detail.contains("HMAC-SHA256")
            }
        }
    }

    @Test func aClockFarAheadIsNamed() async throws {
        let ahead = TestClock()
        ahead.advance(by: 3600)
        try await Self.withStore { _, url, fixture in
            let client = try Self.client(url, Self.oauth(fixture), clock: ahead)
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                "\(error)".contains("clock")
            }
            // An old timestamp is fine (magento2-captures 02f).
            let behind = TestClock()
            behind.advance(by: -86_400 * 365)
            #expect(try await Self.client(url, Self.oauth(fixture), clock: behind).order(number: "000000101") != nil)
        }
    }

    @Test func aReplayedNonceIsRefused() async throws {
        try await Self.withStore { _, url, fixture in
            let target = try #require(URL(string: url.root + "/rest/V1/orders/1/statuses"))
            guard case .oauth(let credentials, _) = Self.oauth(fixture) else { return }
            let header = OAuth1.authorization(
                httpMethod: "GET", url: target, credentials: credentials, method: .hmacSHA256, nonce: "same-nonce-twice",
                timestamp: Int(Date().timeIntervalSince1970))
            let request = HTTPRequest(url: target, headers: ["Authorization": header])
            let transport = HTTPTransport(policy: ClientAgainstSimulatorTests.fastRetry, logger: Logger(label: "test"))
            let first = try await transport.send(request, label: "first")
            #expect(first.status == 200)
            #expect(String(decoding: first.body, as: UTF8.self) == #""complete""#)
            let second = try await transport.send(request, label: "replay")
            #expect(second.status == 401)
            #expect(String(decoding: second.body, as: UTF8.self).contains("The nonce is already being used by the consumer with ID %1"))
        }
    }

    // MARK: Admin token

    @Test func anAdminTokenIsFetchedOnceAndReused() async throws {
        try await Self.withStore { simulator, url, _ in
            let client = try Self.client(url, Self.admin)
            let order = try #require(try await client.order(number: "000000101"))
            _ = try await client.shipments(of: order)
            _ = try await client.order(number: "000000102")
            #expect(Self.posts(simulator) == ["/rest/V1/integration/admin/token"])
            #expect(simulator.recordedRequests.count == 4)
        }
    }

    @Test func workersSharingACacheShareTheToken() async throws {
        try await Self.withStore { simulator, url, _ in
            let cache = InMemoryCredentialCache()
            _ = try await Self.client(url, Self.admin, cache: cache).order(number: "000000101")
            _ = try await Self.client(url, Self.admin, cache: cache).order(number: "000000101")
            #expect(Self.posts(simulator).count == 1)
        }
    }

    @Test func theTokenIsRenewedBeforeItExpires() async throws {
        let clock = TestClock()
        try await Self.withStore(clock: clock) { simulator, url, _ in
            let client = try Self.client(url, Self.admin, clock: clock)
            _ = try await client.order(number: "000000101")
            clock.advance(by: 3600 - 30)
            _ = try await client.order(number: "000000101")
            #expect(Self.posts(simulator).count == 2)
            // No request was refused on the way.
            #expect(simulator.recordedRequests.count == 4)
        }
    }

    @Test func aRevokedTokenIsRenewedOnceOn401() async throws {
        try await Self.withStore { simulator, url, _ in
            let client = try Self.client(url, Self.admin)
            _ = try await client.order(number: "000000101")
            simulator.revokeAdminTokens()
            simulator.clearRecordedRequests()
            let order = try await client.order(number: "000000101")
            #expect(order?.number == "000000101")
            #expect(simulator.recordedRequests.map(\.method) == ["GET", "POST", "GET"])
        }
    }

    @Test func aRefusedPasswordIsNeverSentAgain() async throws {
        try await Self.withStore { simulator, url, _ in
            let client = try Self.client(url, .admin(username: "support-admin", password: "wrong", otpSecret: nil))
            for _ in 0..<3 {
                await #expect {
                    _ = try await client.order(number: "000000101")
                } throws: { error in
                    guard case BackendError.authenticationFailed(let detail) = error else { return false }
                    return detail.contains("will not try it again") && detail.contains("MAGENTO_ADMIN_PASSWORD")
                }
            }
            #expect(Self.posts(simulator).count == 1)
        }
    }

    @Test func anEmailForTheUserNameIsPointedOut() async throws {
        try await Self.withStore { _, url, _ in
            let client = try Self.client(url, .admin(username: "admin@example.com", password: "x", otpSecret: nil))
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                "\(error)".contains("looks like an email address")
            }
        }
    }

    @Test func sixFailuresLockTheAccountForThirtyMinutes() async throws {
        let clock = TestClock()
        try await Self.withStore(clock: clock) { _, url, _ in
            for _ in 0..<6 {
                _ = try? await Self.client(url, .admin(username: "support-admin", password: "wrong", otpSecret: nil)).order(number: "000000101")
            }
            let rightPassword = try Self.client(url, Self.admin, clock: clock)
            await #expect(throws: BackendError.self) { _ = try await rightPassword.order(number: "000000101") }
            clock.advance(by: 1801)
            #expect(try await Self.client(url, Self.admin, clock: clock).order(number: "000000101") != nil)
        }
    }

    // MARK: Two-factor admins

    @Test func twoFactorAdminsLogInWithATOTPCode() async throws {
        try await Self.withStore { simulator, url, _ in
            let client = try Self.client(url, .admin(username: "support-2fa", password: "demo-admin-password-2", otpSecret: "JBSWY3DPEHPK3PXP"))
            #expect(try await client.order(number: "000000101") != nil)
            #expect(Self.posts(simulator) == ["/rest/V1/tfa/provider/google/authenticate"])
        }
    }

    @Test func twoFactorWithoutASecretSaysWhatToSet() async throws {
        try await Self.withStore { _, url, _ in
            let client = try Self.client(url, .admin(username: "support-2fa", password: "demo-admin-password-2", otpSecret: nil))
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                "\(error)".contains("MAGENTO_ADMIN_OTP_SECRET")
            }
        }
    }

    @Test func aWrongOTPSecretIsNamed() async throws {
        try await Self.withStore { _, url, _ in
            let client = try Self.client(url, .admin(username: "support-2fa", password: "demo-admin-password-2", otpSecret: "GEZDGNBVGY3TQOJQ"))
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                "\(error)".contains("two-factor code was refused")
            }
        }
    }

    @Test func anAdminWhoNeverSetUpTwoFactorIsTold() async throws {
        try await Self.withStore({ $0.admins[1].otpSecret = nil }) { _, url, _ in
            let client = try Self.client(url, .admin(username: "support-2fa", password: "demo-admin-password-2", otpSecret: nil))
            await #expect {
                _ = try await client.order(number: "000000101")
            } throws: { error in
                "\(error)".contains("has not set it up")
            }
        }
    }

    @Test func anInvalidOTPSecretStopsTheClientAtOnce() {
        #expect(throws: BackendError.self) {
            _ = try Magento2Client(
                configuration: Magento2Configuration(
                    storeURL: try StoreURL("shop.example.com"), credentials: .admin(username: "a", password: "b", otpSecret: "not base32!")),
                logger: Logger(label: "test"))
        }
    }
}
