import Assistant
import Foundation
import Testing

@testable import magedesk

@Suite struct SettingsTests {
    static func connection(_ environment: [String: String]) throws -> StoreConnection {
        try Settings.load(configFile: nil, environment: environment).connection()
    }

    @Test func nothingConfiguredIsTheDemo() throws {
        guard case .demo = try Self.connection([:]) else { Issue.record("expected the demo"); return }
    }

    @Test func aTokenAloneIsBearerAndAPIUserIsMagento1() throws {
        guard case .magento2(let m2) = try Self.connection(["MAGENTO_BASE_URL": "shop.example.com", "MAGENTO_ACCESS_TOKEN": "t", "MAGENTO_STORE_CODE": "de"]) else {
            Issue.record("expected Magento 2")
            return
        }
        #expect(m2.credentials == .bearer(token: "t"))
        #expect(m2.storeCode == "de")
        guard case .magento1(let m1) = try Self.connection(["MAGENTO_BASE_URL": "shop.example.com", "MAGENTO_API_USER": "u", "MAGENTO_API_KEY": "k"]) else {
            Issue.record("expected Magento 1")
            return
        }
        #expect(m1.apiUser == "u")
    }

    @Test func fourIntegrationCredentialsSignWithOAuth() throws {
        let environment = [
            "MAGENTO_BASE_URL": "shop.example.com", "MAGENTO_CONSUMER_KEY": "ck", "MAGENTO_CONSUMER_SECRET": "cs",
            "MAGENTO_ACCESS_TOKEN": "at", "MAGENTO_ACCESS_TOKEN_SECRET": "ats",
        ]
        guard case .magento2(let m2) = try Self.connection(environment) else { Issue.record("expected Magento 2"); return }
        guard case .oauth(let credentials, let method) = m2.credentials else { Issue.record("expected OAuth"); return }
        #expect(credentials.consumerKey == "ck" && credentials.accessTokenSecret == "ats")
        #expect(method == .hmacSHA256)
        var older = environment
        older["MAGENTO_OAUTH_SIGNATURE"] = "hmac-sha1"
        guard case .magento2(let m2old) = try Self.connection(older), case .oauth(_, .hmacSHA1) = m2old.credentials else {
            Issue.record("expected HMAC-SHA1")
            return
        }
        older["MAGENTO_OAUTH_SIGNATURE"] = "PLAINTEXT"
        #expect { try Self.connection(older) } throws: { "\($0)".contains("MAGENTO_OAUTH_SIGNATURE") }
    }

    @Test func anAdminLoginWithOptionalTwoFactorSecret() throws {
        let environment = ["MAGENTO_BASE_URL": "shop.example.com", "MAGENTO_ADMIN_USERNAME": "support", "MAGENTO_ADMIN_PASSWORD": "pw"]
        guard case .magento2(let m2) = try Self.connection(environment) else { Issue.record("expected Magento 2"); return }
        #expect(m2.credentials == .admin(username: "support", password: "pw", otpSecret: nil))
        var twoFactor = environment
        twoFactor["MAGENTO_ADMIN_OTP_SECRET"] = "JBSWY3DPEHPK3PXP"
        guard case .magento2(let m2fa) = try Self.connection(twoFactor) else { Issue.record("expected Magento 2"); return }
        #expect(m2fa.credentials == .admin(username: "support", password: "pw", otpSecret: "JBSWY3DPEHPK3PXP"))
        twoFactor["MAGENTO_ADMIN_OTP_SECRET"] = "123456"
        #expect { try Self.connection(twoFactor) } throws: { "\($0)".contains("base32") }
        #expect { try Self.connection(["MAGENTO_BASE_URL": "x.com", "MAGENTO_ADMIN_OTP_SECRET": "JBSWY3DPEHPK3PXP"]) } throws: {
            "\($0)".contains("MAGENTO_ADMIN_USERNAME")
        }
    }

    @Test func partialAndConflictingSetsNameTheVariables() {
        #expect { try Self.connection(["MAGENTO_BASE_URL": "x.com", "MAGENTO_API_USER": "u"]) } throws: { "\($0)".contains("MAGENTO_API_KEY") }
        #expect { try Self.connection(["MAGENTO_ACCESS_TOKEN": "t"]) } throws: { "\($0)".contains("MAGENTO_BASE_URL") }
        #expect {
            try Self.connection(["MAGENTO_BASE_URL": "x.com", "MAGENTO_ACCESS_TOKEN": "t", "MAGENTO_API_USER": "u", "MAGENTO_API_KEY": "k"])
        } throws: { "\($0)".contains("two ways to connect") }
        #expect { try Self.connection(["MAGENTO_BASE_URL": "x.com", "MAGENTO_ADMIN_USERNAME": "a"]) } throws: { "\($0)".contains("MAGENTO_ADMIN_PASSWORD") }
        #expect {
            try Self.connection(["MAGENTO_BASE_URL": "x.com", "MAGENTO_CONSUMER_KEY": "a", "MAGENTO_ACCESS_TOKEN": "t"])
        } throws: { "\($0)".contains("MAGENTO_CONSUMER_SECRET") && "\($0)".contains("MAGENTO_ACCESS_TOKEN_SECRET") }
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-\(UUID().uuidString).yaml")
        try "magento_base_url: file.example.com\nmagento_store_code: file\n".write(to: file, atomically: true, encoding: .utf8)
        let settings = try Settings.load(
            configFile: file.path, environment: ["MAGENTO_STORE_CODE": "env"], overrides: ["MAGENTO_BASE_URL": "flag.example.com"])
        #expect(settings["MAGENTO_BASE_URL"] == "flag.example.com")
        #expect(settings["MAGENTO_STORE_CODE"] == "env")
        try "colour: red\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try Settings.load(configFile: file.path, environment: [:]) } throws: { "\($0)".contains("unknown setting 'colour'") }
    }

    @Test func dialogueLimitsComeFromConfiguration() throws {
        let settings = try Settings.load(
            configFile: nil,
            environment: [
                "MAGEDESK_CONVERSATION_TIMEOUT": "45m", "MAGEDESK_LOCKOUT_ATTEMPTS": "3", "MAGEDESK_LOCKOUT_WINDOW": "1h",
                "MAGEDESK_LOCKOUT_DURATION": "90s", "MAGEDESK_MAX_FAILED_ATTEMPTS": "4", "MAGEDESK_CONFIDENCE_THRESHOLD": "0.5",
            ]
        ).engineSettings()
        #expect(settings.conversationTimeout == .seconds(45 * 60))
        #expect(settings.lockout == LockoutRule(attempts: 3, window: .seconds(3600), duration: .seconds(90)))
        #expect(settings.maximumFailedAttempts == 4)
        #expect(settings.confidenceThreshold == 0.5)
        let defaults = try Settings.load(configFile: nil, environment: [:]).engineSettings()
        #expect(defaults.lockout == LockoutRule(attempts: 5, window: .seconds(900), duration: .seconds(900)))
        #expect(defaults.conversationTimeout == .seconds(1800))
    }

    @Test(arguments: ["soon", "-5m", "0", "15x"])
    func aBadDurationNamesTheVariable(_ text: String) {
        let settings = try! Settings.load(configFile: nil, environment: ["MAGEDESK_LOCKOUT_WINDOW": text])
        #expect(throws: ConfigurationError.self) { try settings.engineSettings() }
        do {
            _ = try settings.engineSettings()
        } catch {
            #expect(error.description.contains("MAGEDESK_LOCKOUT_WINDOW"))
        }
    }

    @Test func durationsAsPeopleWriteThem() {
        #expect(DurationText.seconds("90s") == 90)
        #expect(DurationText.seconds("15m") == 900)
        #expect(DurationText.seconds("2h") == 7200)
        #expect(DurationText.seconds("30d") == 2_592_000)
        #expect(DurationText.seconds("600") == 600)
        #expect(DurationText.seconds("m") == nil)
    }
}
