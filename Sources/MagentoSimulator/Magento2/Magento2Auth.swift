import Crypto
import Foundation
import MagentoWire
import Synchronization

/// Who a Magento 2 request is, decided as a 2.4.7 store decides it (magento2-captures 02–06,
/// 18–19): integration tokens as Bearer only when the store allows it, OAuth 1.0a verified for
/// real, admin JWTs issued by the token routes, two-factor refusals and the admin lockout.
final class Magento2Auth: Sendable {
    enum Principal: Equatable {
        case guest
        case integration
        case admin(String)
    }

    enum Verdict {
        case principal(Principal)
        case refused(SimulatedResponse)
    }

    let fixture: Fixture
    let now: @Sendable () -> Date
    private var signingKey: SymmetricKey { SymmetricKey(data: state.withLock { $0.signingKey }) }
    private let state = Mutex(State())

    private struct State {
        var usedNonces: Set<String> = []
        var failures: [String: (count: Int, lockedUntil: Date?)] = [:]
        /// The store's JWT key (random per run, like a fresh install's).
        var signingKey = Magento2Auth.randomKey()
    }

    static func randomKey() -> Data { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) } }

    /// Every admin token issued so far stops working, as when an admin revokes them.
    func revokeAdminTokens() { state.withLock { $0.signingKey = Self.randomKey() } }

    /// `oauth/authentication_lock`: six failures lock the account for 30 minutes.
    static let maximumFailures = 6
    static let lockDuration: TimeInterval = 1800
    /// `webapi/jwtauth/admin_expiration`: 60 minutes (magento2-captures 19a).
    static let tokenLifetime: TimeInterval = 3600
    /// `Nonce\Generator::TIME_DEVIATION`: only timestamps this far in the future are refused (02j).
    static let futureTimestampLimit: TimeInterval = 600

    init(fixture: Fixture, now: @escaping @Sendable () -> Date) {
        self.fixture = fixture
        self.now = now
    }

    // MARK: Requests

    /// `host` is the Host header as sent (the port kept), `rawQuery` the query as it came.
    func authenticate(method: String, host: String, path: String, rawQuery: Substring, authorization: String?) -> Verdict {
        guard let authorization else { return .principal(.guest) }
        if let oauth = OAuth1.parseAuthorization(authorization) {
            return verifyOAuth(oauth, method: method, host: host, path: path, rawQuery: rawQuery)
        }
        guard authorization.lowercased().hasPrefix("bearer ") else { return .principal(.guest) }
        let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        if let admin = verifiedAdmin(jwt: token) { return .principal(.admin(admin)) }
        // A refused or unknown token is not an error of its own: the request runs as guest and
        // fails the ACL check (04, 06).
        if fixture.integration.bearerEnabled, !token.isEmpty, token == fixture.integration.accessToken {
            return .principal(.integration)
        }
        return .principal(.guest)
    }

    /// Whether `principal` holds `resource`. Admins hold every resource.
    func allows(_ principal: Principal, _ resource: String) -> Bool {
        switch principal {
        case .guest: return false
        case .admin: return true
        case .integration: return fixture.integration.resources?.contains(resource) ?? true
        }
    }

    private func verifyOAuth(
        _ oauth: [String: String], method: String, host: String, path: String, rawQuery: Substring
    ) -> Verdict {
        for name in ["oauth_consumer_key", "oauth_signature", "oauth_signature_method", "oauth_nonce", "oauth_timestamp", "oauth_token"]
        where (oauth[name] ?? "").isEmpty {
            // One top-level message, no errors[] (02g).
            return .refused(
                .json(400, JSON.serialize(["message": "\"%fieldName\" is required. Enter and try again.", "parameters": ["fieldName": .string(name)]])))
        }
        if let version = oauth["oauth_version"], version != "1.0" {
            return .refused(.json(401, #"{"message":"The signature is invalid. Verify and try again."}"#))
        }
        let methodName = oauth["oauth_signature_method"]!
        guard methodName == OAuth1SignatureMethod.hmacSHA256.rawValue else {
            return .refused(.json(400, JSON.serialize(["message": "Signature method %1 is not supported", "parameters": [.string(methodName)]])))
        }
        let integration = fixture.integration
        guard oauth["oauth_consumer_key"] == integration.consumerKey, oauth["oauth_token"] == integration.accessToken else {
            return .refused(.json(401, #"{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Sales::actions_view"}}"#))
        }
        guard let timestamp = Double(oauth["oauth_timestamp"]!), timestamp <= now().timeIntervalSince1970 + Self.futureTimestampLimit else {
            return .refused(.json(401, #"{"message":"An error occurred validating the nonce"}"#))
        }
        let parameters = oauth.filter { $0.key != "oauth_signature" }.map { ($0.key, $0.value) } + OAuth1.signedQueryPairs(rawQuery: rawQuery)
        let (hostName, port) = Self.split(host: host)
        let base = OAuth1.baseString(method: method, baseURL: OAuth1.baseURL(scheme: "http", host: hostName, port: port, path: path), parameters: parameters)
        let expected = OAuth1.signature(
            baseString: base, consumerSecret: integration.consumerSecret, tokenSecret: integration.accessTokenSecret, method: .hmacSHA256)
        guard expected == oauth["oauth_signature"] else {
            return .refused(.json(401, #"{"message":"The signature is invalid. Verify and try again."}"#))
        }
        // The nonce is spent only by a request that verified (02e).
        let fresh = state.withLock { $0.usedNonces.insert(oauth["oauth_nonce"]! + "|" + oauth["oauth_timestamp"]!).inserted }
        guard fresh else {
            return .refused(.json(401, #"{"message":"The nonce is already being used by the consumer with ID %1","parameters":["1"]}"#))
        }
        return .principal(.integration)
    }

    private static func split(host: String) -> (String, Int?) {
        guard let colon = host.lastIndex(of: ":"), let port = Int(host[host.index(after: colon)...]) else { return (host, nil) }
        return (String(host[..<colon]), port)
    }

    // MARK: Token routes

    static let signInRefused =
        #"{"message":"The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."}"#

    /// `POST /V1/integration/admin/token`.
    func adminToken(body: WireValue) -> SimulatedResponse {
        switch checkPassword(body) {
        case .failure(let refusal): return refusal.response
        case .success(let admin):
            guard admin.twoFactor else { return issue(for: admin) }
            // With two-factor auth the password is checked, and then no token is given (18a, 18g).
            if admin.otpSecret == nil {
                return .json(400, #"{"message":"Please ask an administrator with sufficient access to configure 2FA first"}"#)
            }
            return .json(400, #"{"message":"Please use the 2fa provider-specific endpoints to obtain a token.","parameters":{"active_providers":["google"]}}"#)
        }
    }

    /// `POST /V1/tfa/provider/google/authenticate`.
    func googleAuthenticate(body: WireValue) -> SimulatedResponse {
        switch checkPassword(body) {
        case .failure(let refusal): return refusal.response
        case .success(let admin):
            guard admin.twoFactor, let secret = admin.otpSecret, let totp = try? TOTP(base32Secret: secret) else {
                return .json(400, #"{"message":"Provider is not allowed."}"#)
            }
            guard let code = body["otp"].string, totp.accepts(code, at: now()) else {
                return .json(401, #"{"message":"Invalid code."}"#)
            }
            return issue(for: admin)
        }
    }

    private func checkPassword(_ body: WireValue) -> Result<Fixture.Admin, SimulatedResponseError> {
        let username = body["username"].string ?? ""
        let password = body["password"].string ?? ""
        let date = now()
        let admin = fixture.admins.first { $0.username == username }
        let locked = state.withLock { state -> Bool in
            guard let until = state.failures[username]?.lockedUntil else { return false }
            if until > date { return true }
            state.failures[username] = nil
            return false
        }
        guard !locked, let admin, admin.password == password else {
            state.withLock { state in
                var entry = state.failures[username] ?? (0, nil)
                entry.count += 1
                if entry.count >= Self.maximumFailures, entry.lockedUntil == nil { entry.lockedUntil = date.addingTimeInterval(Self.lockDuration) }
                state.failures[username] = entry
            }
            return .failure(SimulatedResponseError(.json(401, Self.signInRefused)))
        }
        state.withLock { $0.failures[username] = nil }
        return .success(admin)
    }

    /// A bare JSON string holding an HS256 JWT, as 2.4.7 answers (19a).
    private func issue(for admin: Fixture.Admin) -> SimulatedResponse {
        let issuedAt = Int(now().timeIntervalSince1970)
        let uid = (fixture.admins.firstIndex { $0.username == admin.username } ?? 0) + 1
        let token = HS256JWT.sign(
            ["uid": .int(uid), "utypid": 2, "iat": .int(issuedAt), "exp": .int(issuedAt + Int(Self.tokenLifetime))], key: signingKey,
            header: ["kid": "1", "alg": "HS256"])
        return .json(200, JSON.serialize(.string(token)))
    }

    private func verifiedAdmin(jwt: String) -> String? {
        guard case .success(let claims) = HS256JWT.verify(jwt, keys: [signingKey]), let exp = claims["exp"].int,
            TimeInterval(exp) > now().timeIntervalSince1970, let uid = claims["uid"].int, fixture.admins.indices.contains(uid - 1)
        else { return nil }
        return fixture.admins[uid - 1].username
    }
}
