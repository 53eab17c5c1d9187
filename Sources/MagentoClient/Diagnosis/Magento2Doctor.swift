public import Foundation
public import Logging
import MagentoModel
import MagentoWire

/// What a merchant runs after creating the Integration: is the URL really Magento's REST API, are
/// the credentials accepted, and may each lookup the assistant needs be made?
///
/// Magento answers a refused Bearer token exactly like a missing ACL grant (magento2-captures 04,
/// 06c), so for a Bearer token a refusal names both causes.
public struct Magento2Doctor: Sendable {
    public let configuration: Magento2Configuration
    let logger: Logger
    let now: @Sendable () -> Date

    /// OAuth refuses timestamps more than this far ahead of the store's clock (02j).
    static let clockLimit: TimeInterval = 600

    public init(configuration: Magento2Configuration, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    public func run() async -> [DoctorCheck] {
        var checks = [DoctorCheck(.ok, "auth mode", configuration.credentials.modeDescription + " (from the configured variables)")]
        var quickRetry = configuration.retry
        quickRetry.maximumAttempts = 1
        let transport = HTTPTransport(policy: quickRetry, logger: logger)

        // 1. An unauthenticated probe: a real store answers with its JSON error body.
        let probeURL = configuration.restBase + "/orders?" + URLQuery.encode([("searchCriteria[pageSize]", "1")])
        guard let url = URL(string: probeURL) else { return checks + [DoctorCheck(.fail, "store reachable", "MAGENTO_BASE_URL does not make a valid URL")] }
        let probe = HTTPRequest(url: url, headers: ["Accept": "application/json"])
        let response: HTTPResponse
        do {
            response = try await transport.send(probe, label: "doctor probe")
        } catch {
            return checks + [DoctorCheck(.fail, "store reachable", "\(configuration.restBase) could not be reached: \(error)")]
        }
        let body = Magento2ErrorBody(response.body)
        if body?.template == "Specified request cannot be processed." {
            checks.append(DoctorCheck(.ok, "store reachable", "Magento's REST API answers at \(configuration.storeURL.root)/rest"))
            return checks + [
                DoctorCheck(
                    .fail, "store view",
                    "the store has no store view with the code '\(configuration.storeCode ?? "")': set MAGENTO_STORE_CODE to an existing "
                        + "code (Stores > All Stores), or leave it unset for the default store view")
            ]
        }
        guard body != nil || (200..<300).contains(response.status) && (try? JSON.parse(response.body)) != nil else {
            let html = response.body.prefix(512).contains(UInt8(ascii: "<"))
            return checks + [
                DoctorCheck(
                    .fail, "store reachable",
                    "\(configuration.restBase) answered HTTP \(response.status)\(html ? " with an HTML page" : ""), not Magento's REST API: "
                        + "set MAGENTO_BASE_URL to the store root (add /index.php if the store has no URL rewrites)")
            ]
        }
        checks.append(DoctorCheck(.ok, "store reachable", "Magento's REST API answers at \(configuration.restBase)"))
        if let code = configuration.storeCode { checks.append(DoctorCheck(.ok, "store view", "the store view '\(code)' exists")) }
        if case .oauth = configuration.credentials { checks.append(clockCheck(response)) }

        // 2. Credentials and every lookup the assistant needs.
        let client: Magento2Client
        do {
            client = try Magento2Client(configuration: configuration, logger: logger, now: now)
        } catch {
            return checks + [DoctorCheck(.fail, "credentials", "\(error)")]
        }
        var credentialsReported = false
        for required in RequiredResource.magento2 {
            let route = required.lookup == "customers" ? "customers/search" : required.lookup.replacingOccurrences(of: " ", with: "")
            do {
                _ = try await client.get(
                    route, query: [("searchCriteria[pageSize]", "1"), ("fields", "total_count")], label: "doctor \(required.lookup)")
                if !credentialsReported {
                    checks.append(DoctorCheck(.ok, "credentials", acceptedDetail))
                    credentialsReported = true
                }
                checks.append(DoctorCheck(.ok, required.lookup, "allowed (\(required.resource))"))
            } catch .accessDenied {
                checks.append(DoctorCheck(.fail, required.lookup, deniedDetail(required)))
            } catch .authenticationFailed(let detail) {
                // The credentials themselves were refused: no lookup can work, say it once.
                return checks + [DoctorCheck(.fail, "credentials", detail)]
            } catch {
                checks.append(DoctorCheck(.fail, required.lookup, "\(error)"))
            }
        }
        if case .admin(let username, _, _) = configuration.credentials, username.contains("@") {
            checks.append(
                DoctorCheck(.warn, "admin user name", "MAGENTO_ADMIN_USERNAME looks like an email address; Magento admins sign in with their user name"))
        }
        return checks
    }

    var acceptedDetail: String {
        switch configuration.credentials {
        case .bearer: return "the access token is accepted as a Bearer token"
        case .oauth: return "the OAuth 1.0a signature is accepted"
        case .admin(_, _, let otp): return otp == nil ? "the admin login works" : "the admin login with a two-factor code works"
        }
    }

    func deniedDetail(_ required: RequiredResource) -> String {
        var detail = "not allowed: grant \(required.adminPath) (\(required.resource)) to the "
        switch configuration.credentials {
        case .bearer:
            detail += "integration, and check Stores > Settings > Configuration > Services > OAuth > Consumer Settings > "
                + "\"Allow OAuth Access Tokens to be used as standalone Bearer tokens\" = Yes (Magento refuses both the same way)"
        case .oauth: detail += "integration (System > Extensions > Integrations > API)"
        case .admin: detail += "admin user's role (System > Permissions > User Roles)"
        }
        return detail
    }

    /// OAuth timestamps more than 10 minutes ahead of the store are refused; compare with the
    /// store's `Date` header.
    func clockCheck(_ response: HTTPResponse) -> DoctorCheck {
        guard let header = response.header("Date"), let storeDate = Self.httpDate(header) else {
            return DoctorCheck(.warn, "clock", "the store sent no Date header, so this machine's clock could not be compared")
        }
        let ahead = now().timeIntervalSince(storeDate)
        if ahead > Self.clockLimit {
            return DoctorCheck(
                .fail, "clock", "this machine's clock is \(Int((ahead / 60).rounded())) minutes ahead of the store's; OAuth refuses that: set it right (NTP)")
        }
        if ahead > Self.clockLimit / 2 {
            return DoctorCheck(.warn, "clock", "this machine's clock is \(Int((ahead / 60).rounded())) minutes ahead of the store's; at 10 OAuth stops working")
        }
        return DoctorCheck(.ok, "clock", "within a few minutes of the store's")
    }

    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
