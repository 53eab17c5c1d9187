import Foundation
import Logging
import MagentoModel
import MagentoSimulator
import Synchronization
import Testing

@testable import MagentoClient

/// Everything a log handler is given, rendered as text.
final class CollectingLogHandler: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let rendered = "\(event.level) \(event.message) \(event.metadata ?? [:]) \(event.source)"
        lines.withLock { $0.append(rendered) }
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

/// At the most verbose level, no token, secret, password or customer data reaches a log.
@Suite struct SecretsStayOutOfLogsTests {
    @Test func noCredentialOrCustomerDataIsLogged() async throws {
        let handler = CollectingLogHandler()
        var logger = Logger(label: "test") { _ in handler }
        logger.logLevel = .trace
        try await Magento2AuthModesTests.withStore { _, url, fixture in
            let modes: [Magento2Credentials] = [
                .bearer(token: fixture.integration.accessToken), Magento2AuthModesTests.oauth(fixture),
                .admin(username: "support-2fa", password: "demo-admin-password-2", otpSecret: "JBSWY3DPEHPK3PXP"),
                .admin(username: "support-admin", password: "wrong-password-9", otpSecret: nil),
            ]
            for credentials in modes {
                let client = try Magento2Client(
                    configuration: Magento2Configuration(storeURL: url, credentials: credentials, retry: ClientAgainstSimulatorTests.fastRetry),
                    logger: logger)
                if let order = try? await client.order(number: "000000101") {
                    _ = try await client.shipments(of: order)
                    _ = try await client.orders(email: "jane.doe@example.com", limit: 3)
                    _ = try await client.customer(email: "jane.doe@example.com")
                }
            }
            let magento1 = Magento1Client(
                configuration: Magento1Configuration(
                    storeURL: url, apiUser: fixture.apiUsers[0].username, apiKey: fixture.apiUsers[0].apiKey,
                    retry: ClientAgainstSimulatorTests.fastRetry),
                logger: logger)
            _ = try await magento1.customer(email: "jane.doe@example.com")
            await magento1.close()
            let logged = handler.text
            #expect(logged.contains("magento request"), "the requests were logged at all")
            for secret in [
                fixture.integration.accessToken, fixture.integration.consumerSecret, fixture.integration.accessTokenSecret,
                "demo-admin-password-2", "wrong-password-9", "JBSWY3DPEHPK3PXP", fixture.apiUsers[0].apiKey, "jane.doe@example.com",
                "Bearer", "oauth_signature", "password_hash",
            ] {
                #expect(!logged.contains(secret), "\(secret) reached the log")
            }
        }
    }
}
