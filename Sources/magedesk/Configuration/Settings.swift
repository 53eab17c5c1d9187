import Assistant
import Foundation
import MagentoClient
import MagentoModel
import MagentoWire
import Yams

/// magedesk's configuration, from flags, environment and `--config FILE.yaml`, in that order of
/// precedence. The YAML file uses the same names in lower case (`magento_base_url: …`).
struct Settings {
    static let knownKeys: [String] = [
        "MAGENTO_BASE_URL", "MAGENTO_VERSION", "MAGENTO_CONSUMER_KEY", "MAGENTO_CONSUMER_SECRET", "MAGENTO_ACCESS_TOKEN",
        "MAGENTO_ACCESS_TOKEN_SECRET", "MAGENTO_ADMIN_USERNAME", "MAGENTO_ADMIN_PASSWORD", "MAGENTO_ADMIN_OTP_SECRET",
        "MAGENTO_OAUTH_SIGNATURE", "MAGENTO_API_USER", "MAGENTO_API_KEY", "MAGENTO1_PROTOCOL", "MAGENTO_STORE_CODE", "MAGEDESK_ORDER_NUMBER_PATTERN",
        "MAGEDESK_INTENTS", "MAGEDESK_CONVERSATION_TIMEOUT", "MAGEDESK_CONFIDENCE_THRESHOLD", "MAGEDESK_MAX_FAILED_ATTEMPTS",
        "MAGEDESK_LOCKOUT_ATTEMPTS", "MAGEDESK_LOCKOUT_WINDOW", "MAGEDESK_LOCKOUT_DURATION",
        "MAGEDESK_RETENTION", "MAGEDESK_API_TOKEN", "MAGEDESK_CACHE_DIR", "MAGEDESK_STORE_EMAILS", "MAGEDESK_CLARIFY", "MAGEDESK_IDENTITY_SECRET",
        "MAGEDESK_IDENTITY_SECRET_PREVIOUS", "MAGEDESK_STATE_TIMEOUT", "MAGEDESK_LOOKUP_DEADLINE", "MAGEDESK_MAIL_FROM", "MAGEDESK_MAIL_AUTHSERV_ID",
    ]

    private(set) var values: [String: String]

    init(values: [String: String]) { self.values = values }

    /// Reads the file (if any), then the environment over it, then `overrides` (flags) over both.
    static func load(configFile: String?, environment: [String: String], overrides: [String: String] = [:]) throws(ConfigurationError) -> Settings {
        var values: [String: String] = [:]
        if let configFile {
            let text: String
            do {
                text = try String(contentsOfFile: configFile, encoding: .utf8)
            } catch {
                throw .unreadableFile(configFile, error.localizedDescription)
            }
            let parsed: Any?
            do {
                parsed = try Yams.load(yaml: text)
            } catch {
                throw .invalidFile(configFile, "\(error)")
            }
            // A file of comments only (the installed template) sets nothing.
            let mapping: [String: Any]
            if parsed == nil {
                mapping = [:]
            } else if let parsed = parsed as? [String: Any] {
                mapping = parsed
            } else {
                throw .invalidFile(configFile, "expected a mapping of settings")
            }
            for (key, value) in mapping {
                let name = key.uppercased()
                guard knownKeys.contains(name) else { throw .unknownSetting(configFile, key) }
                // A list (`store_emails: [support@…, "@shop.example"]`) reads as its entries joined by commas.
                values[name] = (value as? [Any]).map { $0.map { "\($0)" }.joined(separator: ",") } ?? "\(value)"
            }
        }
        for key in knownKeys {
            if let value = environment[key], !value.isEmpty { values[key] = value }
        }
        for (key, value) in overrides { values[key] = value }
        return Settings(values: values)
    }

    /// Adds entries to a list setting (`MAGEDESK_STORE_EMAILS` plus `--store-email` flags).
    mutating func append(_ entries: [String], toList key: String) {
        guard !entries.isEmpty else { return }
        values[key] = ((self[key].map { [$0] } ?? []) + entries).joined(separator: ",")
    }

    subscript(key: String) -> String? {
        guard let value = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    var storeCode: String? { self["MAGENTO_STORE_CODE"] }
    var orderNumberPattern: String? { self["MAGEDESK_ORDER_NUMBER_PATTERN"] }

    /// The dialogue's limits: idle timeout, confidence threshold, failed proofs per conversation
    /// and the cross-conversation lockout.
    func engineSettings() throws(ConfigurationError) -> EngineSettings {
        var engine = EngineSettings()
        if let text = self["MAGEDESK_CONVERSATION_TIMEOUT"] { engine.conversationTimeout = try Settings.duration(text, key: "MAGEDESK_CONVERSATION_TIMEOUT") }
        if let text = self["MAGEDESK_CONFIDENCE_THRESHOLD"] {
            guard let value = Double(text), (0...1).contains(value) else {
                throw .invalidValue("MAGEDESK_CONFIDENCE_THRESHOLD", "must be a number from 0 to 1, not '\(text)'")
            }
            engine.confidenceThreshold = value
        }
        if let text = self["MAGEDESK_MAX_FAILED_ATTEMPTS"] { engine.maximumFailedAttempts = try Settings.count(text, key: "MAGEDESK_MAX_FAILED_ATTEMPTS") }
        if let text = self["MAGEDESK_LOCKOUT_ATTEMPTS"] { engine.lockout.attempts = try Settings.count(text, key: "MAGEDESK_LOCKOUT_ATTEMPTS") }
        if let text = self["MAGEDESK_LOCKOUT_WINDOW"] { engine.lockout.window = try Settings.duration(text, key: "MAGEDESK_LOCKOUT_WINDOW") }
        if let text = self["MAGEDESK_LOCKOUT_DURATION"] { engine.lockout.duration = try Settings.duration(text, key: "MAGEDESK_LOCKOUT_DURATION") }
        if let text = self["MAGEDESK_CLARIFY"] {
            switch text.lowercased() {
            case "on", "true", "yes", "1": engine.clarification = ClarificationRule()
            case "off", "false", "no", "0": engine.clarification = nil
            default: throw .invalidValue("MAGEDESK_CLARIFY", "must be on or off, not '\(text)'")
            }
        }
        if let text = self["MAGEDESK_STATE_TIMEOUT"] { engine.stateTimeout = try Settings.shortDuration(text, key: "MAGEDESK_STATE_TIMEOUT") }
        if let text = self["MAGEDESK_LOOKUP_DEADLINE"] { engine.lookupDeadline = try Settings.shortDuration(text, key: "MAGEDESK_LOOKUP_DEADLINE") }
        if let text = self["MAGEDESK_STORE_EMAILS"] {
            engine.storeEmails = StoreAddresses(setting: text)
            if let bad = text.split(whereSeparator: { ",; \n\t".contains($0) }).first(where: { !$0.contains("@") && !$0.contains(".") }) {
                throw .invalidValue("MAGEDESK_STORE_EMAILS", "lists addresses (support@shop.example) or domains (@shop.example), not '\(bad)'")
            }
        }
        return engine
    }

    /// How long stored conversations are kept (MAGEDESK_RETENTION, default 30 days).
    func retention() throws(ConfigurationError) -> TimeInterval {
        guard let text = self["MAGEDESK_RETENTION"] else { return 30 * 86400 }
        return TimeInterval(try Settings.duration(text, key: "MAGEDESK_RETENTION").components.seconds)
    }

    /// The secrets identity tokens are signed with: MAGEDESK_IDENTITY_SECRET, then
    /// MAGEDESK_IDENTITY_SECRET_PREVIOUS while a rotation is under way; empty when none is set.
    func identitySecrets() throws(ConfigurationError) -> [String] {
        let current = self["MAGEDESK_IDENTITY_SECRET"]
        let previous = self["MAGEDESK_IDENTITY_SECRET_PREVIOUS"]
        guard let current else {
            if previous != nil {
                throw .incomplete(mode: "identity tokens", missing: ["MAGEDESK_IDENTITY_SECRET (the new secret; _PREVIOUS only keeps the old one working)"])
            }
            return []
        }
        for (key, secret) in [("MAGEDESK_IDENTITY_SECRET", current), ("MAGEDESK_IDENTITY_SECRET_PREVIOUS", previous)] {
            guard let secret else { continue }
            guard secret.utf8.count >= IdentityTokenVerifier.minimumSecretBytes else {
                throw .invalidValue(
                    key, "is \(secret.utf8.count) bytes; it must be at least \(IdentityTokenVerifier.minimumSecretBytes) (make one with: openssl rand -hex 32)")
            }
        }
        return [current] + (previous.map { [$0] } ?? [])
    }

    /// "90s", "15m", "2h", "30d", or plain seconds.
    static func duration(_ text: String, key: String) throws(ConfigurationError) -> Duration {
        guard let seconds = DurationText.seconds(text), seconds > 0 else {
            throw .invalidValue(key, "must be a duration such as 90s, 15m, 2h or 30d, not '\(text)'")
        }
        return .seconds(seconds)
    }

    /// A deadline: "2s", "1.5s", "500ms" or plain seconds, above 0 and at most 10 minutes.
    static func shortDuration(_ text: String, key: String) throws(ConfigurationError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let milliseconds: Double?
        if trimmed.hasSuffix("ms") {
            milliseconds = Double(trimmed.dropLast(2))
        } else if trimmed.hasSuffix("s") {
            milliseconds = Double(trimmed.dropLast()).map { $0 * 1000 }
        } else {
            milliseconds = Double(trimmed).map { $0 * 1000 }
        }
        guard let milliseconds, milliseconds.isFinite, milliseconds >= 1, milliseconds <= 600_000 else {
            throw .invalidValue(key, "must be a duration from 1ms to 600s such as 2s, 1.5s or 500ms, not '\(text)'")
        }
        return .milliseconds(Int64(milliseconds.rounded()))
    }

    static func count(_ text: String, key: String) throws(ConfigurationError) -> Int {
        guard let value = Int(text), value > 0 else { throw .invalidValue(key, "must be a whole number above 0, not '\(text)'") }
        return value
    }

    /// Which store to talk to and how, decided from which variables are set.
    func connection() throws(ConfigurationError) -> StoreConnection {
        let oauthKeys = ["MAGENTO_CONSUMER_KEY", "MAGENTO_CONSUMER_SECRET", "MAGENTO_ACCESS_TOKEN", "MAGENTO_ACCESS_TOKEN_SECRET"]
        let adminKeys = ["MAGENTO_ADMIN_USERNAME", "MAGENTO_ADMIN_PASSWORD"]
        let magento1Keys = ["MAGENTO_API_USER", "MAGENTO_API_KEY"]
        let oauthSet = oauthKeys.filter { self[$0] != nil }
        let adminSet = (adminKeys + ["MAGENTO_ADMIN_OTP_SECRET"]).filter { self[$0] != nil }
        let magento1Set = magento1Keys.filter { self[$0] != nil }
        let bearer = oauthSet == ["MAGENTO_ACCESS_TOKEN"]

        let anything = !oauthSet.isEmpty || !adminSet.isEmpty || !magento1Set.isEmpty || self["MAGENTO_BASE_URL"] != nil
        guard anything else { return .demo }

        var modes: [String] = []
        if !oauthSet.isEmpty { modes.append(bearer ? "Bearer token (MAGENTO_ACCESS_TOKEN)" : "OAuth 1.0a (\(oauthSet.joined(separator: ", ")))") }
        if !adminSet.isEmpty { modes.append("admin login (\(adminSet.joined(separator: ", ")))") }
        if !magento1Set.isEmpty { modes.append("Magento 1 API user (\(magento1Set.joined(separator: ", ")))") }
        guard modes.count <= 1 else { throw .conflictingModes(modes) }

        if !oauthSet.isEmpty, !bearer, oauthSet.count < oauthKeys.count {
            throw .incomplete(mode: "OAuth 1.0a", missing: oauthKeys.filter { self[$0] == nil })
        }
        if !adminSet.isEmpty, adminKeys.contains(where: { self[$0] == nil }) {
            throw .incomplete(mode: "admin login", missing: adminKeys.filter { self[$0] == nil })
        }
        if !magento1Set.isEmpty, magento1Set.count < magento1Keys.count {
            throw .incomplete(mode: "Magento 1", missing: magento1Keys.filter { self[$0] == nil })
        }
        guard let base = self["MAGENTO_BASE_URL"] else {
            if modes.isEmpty { throw .incomplete(mode: "a store connection", missing: ["MAGENTO_ACCESS_TOKEN (or another credential set)"]) }
            throw .incomplete(mode: modes[0], missing: ["MAGENTO_BASE_URL"])
        }
        let storeURL: StoreURL
        do {
            storeURL = try StoreURL(base)
        } catch {
            throw .invalidValue("MAGENTO_BASE_URL", error.description)
        }
        guard !modes.isEmpty else {
            throw .incomplete(mode: "a store connection", missing: ["MAGENTO_ACCESS_TOKEN, or MAGENTO_API_USER and MAGENTO_API_KEY"])
        }

        let version = self["MAGENTO_VERSION"]
        if let version, version != "1", version != "2" { throw .invalidValue("MAGENTO_VERSION", "must be 1 or 2, not '\(version)'") }
        if !magento1Set.isEmpty {
            if version == "2" { throw .invalidValue("MAGENTO_VERSION", "is 2, but MAGENTO_API_USER/MAGENTO_API_KEY are Magento 1 credentials") }
            let protocolText = (self["MAGENTO1_PROTOCOL"] ?? "xmlrpc").lowercased()
            guard let protocolName = Magento1Protocol(rawValue: protocolText == "soap_v2" || protocolText == "v2_soap" ? "soap" : protocolText) else {
                throw .invalidValue(
                    "MAGENTO1_PROTOCOL", "must be xmlrpc (default), soap (SOAP v2, either WS-I setting) or soap_v1, not '\(protocolText)'")
            }
            return .magento1(
                Magento1Configuration(
                    storeURL: storeURL, apiUser: self["MAGENTO_API_USER"]!, apiKey: self["MAGENTO_API_KEY"]!, protocolName: protocolName))
        }
        if version == "1" {
            throw .invalidValue("MAGENTO_VERSION", "is 1: Magento 1 needs MAGENTO_API_USER and MAGENTO_API_KEY")
        }
        let credentials: Magento2Credentials
        if bearer {
            credentials = .bearer(token: self["MAGENTO_ACCESS_TOKEN"]!)
        } else if !oauthSet.isEmpty {
            let method: OAuth1SignatureMethod
            switch self["MAGENTO_OAUTH_SIGNATURE"]?.uppercased() ?? "HMAC-SHA256" {
            case "HMAC-SHA256": method = .hmacSHA256
            case "HMAC-SHA1": method = .hmacSHA1
            case let other: throw .invalidValue("MAGENTO_OAUTH_SIGNATURE", "must be HMAC-SHA256 (Magento 2.4.4 and later) or HMAC-SHA1 (older stores), not '\(other)'")
            }
            credentials = .oauth(
                OAuth1Credentials(
                    consumerKey: self["MAGENTO_CONSUMER_KEY"]!, consumerSecret: self["MAGENTO_CONSUMER_SECRET"]!,
                    accessToken: self["MAGENTO_ACCESS_TOKEN"]!, accessTokenSecret: self["MAGENTO_ACCESS_TOKEN_SECRET"]!),
                method: method)
        } else {
            let otpSecret = self["MAGENTO_ADMIN_OTP_SECRET"]
            if let otpSecret, TOTP.decodeBase32(otpSecret)?.isEmpty ?? true {
                throw .invalidValue("MAGENTO_ADMIN_OTP_SECRET", "is not a base32 secret (letters A-Z and digits 2-7, as the authenticator app was given)")
            }
            credentials = .admin(username: self["MAGENTO_ADMIN_USERNAME"]!, password: self["MAGENTO_ADMIN_PASSWORD"]!, otpSecret: otpSecret)
        }
        return .magento2(Magento2Configuration(storeURL: storeURL, credentials: credentials, storeCode: storeCode))
    }
}

/// Where the assistant's data comes from.
enum StoreConnection {
    /// No configuration: the bundled sample store, served by the simulator on loopback.
    case demo
    case magento2(Magento2Configuration)
    case magento1(Magento1Configuration)
}

/// A configuration problem, said so that the fix is obvious.
enum ConfigurationError: Error, CustomStringConvertible {
    case unreadableFile(String, String)
    case invalidFile(String, String)
    case unknownSetting(String, String)
    case conflictingModes([String])
    case incomplete(mode: String, missing: [String])
    case invalidValue(String, String)
    case unsupported(String, String)

    var description: String {
        switch self {
        case .unreadableFile(let path, let reason): return "cannot read the config file \(path): \(reason)"
        case .invalidFile(let path, let reason): return "the config file \(path) is not valid YAML: \(reason)"
        case .unknownSetting(let path, let key):
            return "the config file \(path) has an unknown setting '\(key)'; known settings: \(Settings.knownKeys.map { $0.lowercased() }.joined(separator: ", "))"
        case .conflictingModes(let modes):
            return "two ways to connect are configured at once: \(modes.joined(separator: " and ")); keep exactly one"
        case .incomplete(let mode, let missing):
            return "\(mode) is partly configured: also set \(missing.joined(separator: ", "))"
        case .invalidValue(let key, let reason): return "\(key) \(reason)"
        case .unsupported(let what, let advice): return "\(what) is not supported yet: \(advice)"
        }
    }
}

/// Durations as people write them in configuration: "90s", "15m", "2h", "30d", or plain seconds.
enum DurationText {
    static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let last = trimmed.last, let unit = units[last] {
            return Int(trimmed.dropLast()).flatMap { $0.multipliedReportingOverflow(by: unit).overflow ? nil : $0 * unit }
        }
        return Int(trimmed)
    }
}
