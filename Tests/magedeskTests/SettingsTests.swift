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
}
