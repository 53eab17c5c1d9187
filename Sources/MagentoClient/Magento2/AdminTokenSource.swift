import Crypto
import Foundation
import Logging
import MagentoModel
import MagentoWire

/// An admin user's token, obtained once and shared: by concurrent lookups in this process (one
/// login in flight at a time) and by other workers through the `CredentialCache`.
///
/// Magento 2.4.7 admin tokens are JWTs valid one hour (magento2-captures 19a); the token is renewed
/// a minute before it expires, and once more when Magento refuses it (a 401 before expiry means it
/// was revoked). Under two-factor auth the token comes from the Google Authenticator route with a
/// TOTP code made from `MAGENTO_ADMIN_OTP_SECRET`. A refused password is never sent again: six
/// failures lock the admin account for 30 minutes.
actor AdminTokenSource {
    let username: String
    let password: String
    let otp: TOTP?
    let tokenURL: String
    let transport: HTTPTransport
    let cache: any CredentialCache
    let cacheKey: String
    let now: @Sendable () -> Date

    private var token: CachedCredential?
    private var refusal: BackendError?
    private var pending: Task<Result<CachedCredential, BackendError>, Never>?

    /// Renew this long before the token's expiry.
    static let renewalMargin: TimeInterval = 60

    init(
        username: String, password: String, otpSecret: String?, restBase: String, transport: HTTPTransport,
        cache: any CredentialCache, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(BackendError) {
        self.username = username
        self.password = password
        do {
            self.otp = try otpSecret.map { secret throws(TOTP.Problem) in try TOTP(base32Secret: secret) }
        } catch {
            throw .authenticationFailed(error.description)
        }
        self.tokenURL = restBase
        self.transport = transport
        self.cache = cache
        // The password is part of the key, so a corrected password never meets an old refusal.
        let digest = SHA256.hash(data: Data("magento2-admin|\(restBase)|\(username)|\(password)".utf8))
        self.cacheKey = "m2-admin-" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
        self.now = now
    }

    /// A token worth sending now.
    func currentToken() async throws(BackendError) -> String {
        if let refusal { throw refusal }
        if let token, token.isUsable(at: now(), margin: Self.renewalMargin) { return token.value }
        if let cached = await cache.cachedCredential(for: cacheKey), cached.isUsable(at: now(), margin: Self.renewalMargin) {
            token = cached
            return cached.value
        }
        let task: Task<Result<CachedCredential, BackendError>, Never>
        if let pending {
            task = pending
        } else {
            task = Task { await self.login() }
            pending = task
        }
        let result = await task.value
        pending = nil
        switch result {
        case .success(let fresh):
            token = fresh
            return fresh.value
        case .failure(let error):
            throw error
        }
    }

    /// Magento refused `rejected`: forget it so the next request logs in again. A newer token that
    /// another lookup already fetched is kept.
    func discard(_ rejected: String) async {
        if token?.value == rejected { token = nil }
        if await cache.cachedCredential(for: cacheKey)?.value == rejected { await cache.removeCachedCredential(for: cacheKey) }
    }

    private func login() async -> Result<CachedCredential, BackendError> {
        do throws(BackendError) {
            let value: String
            if let otp {
                // With a secret configured, go straight to the two-factor route: one request, not two.
                value = try await post(
                    "tfa/provider/google/authenticate",
                    ["username": .string(username), "password": .string(password), "otp": .string(otp.code(at: now()))])
            } else {
                value = try await post("integration/admin/token", ["username": .string(username), "password": .string(password)])
            }
            let credential = CachedCredential(value: value, expiresAt: Self.expiry(ofJWT: value) ?? now().addingTimeInterval(3600))
            await cache.cacheCredential(credential, for: cacheKey)
            return .success(credential)
        } catch {
            if case .authenticationFailed = error { refusal = error }
            return .failure(error)
        }
    }

    private func post(_ route: String, _ body: WireValue) async throws(BackendError) -> String {
        guard let url = URL(string: tokenURL + "/" + route) else { throw .malformedResponse("cannot build the token URL") }
        let request = HTTPRequest(
            url: url, method: "POST", headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: Data(JSON.serialize(body).utf8))
        let response = try await transport.send(request, label: route == "integration/admin/token" ? "admin token" : "two-factor token")
        if (200..<300).contains(response.status) {
            guard let token = (try? JSON.parse(response.body))?.nonEmptyString else {
                throw .malformedResponse("the token route answered without a token")
            }
            return token
        }
        throw refusalError(response)
    }

    private func refusalError(_ response: HTTPResponse) -> BackendError {
        let body = Magento2ErrorBody(response.body)
        let message = body?.message ?? "HTTP \(response.status)"
        let emailHint =
            username.contains("@")
            ? " MAGENTO_ADMIN_USERNAME looks like an email address: Magento admins sign in with their user name." : ""
        switch (response.status, body?.template) {
        case (401, "Invalid code."?):
            return .authenticationFailed(
                "the two-factor code was refused: check MAGENTO_ADMIN_OTP_SECRET (the admin's Google Authenticator secret) and this machine's clock")
        case (401, _):
            return .authenticationFailed(
                "the admin user name or password was refused (\(message)). magedesk will not try it again, because six "
                    + "failures lock the account for 30 minutes: check MAGENTO_ADMIN_USERNAME and MAGENTO_ADMIN_PASSWORD." + emailHint)
        case (400, let template?) where template.contains("2fa provider-specific endpoints"):
            return .authenticationFailed(
                "two-factor authentication is on for this admin: set MAGENTO_ADMIN_OTP_SECRET to the admin's Google "
                    + "Authenticator secret, or connect with an Integration token instead")
        case (400, let template?) where template.contains("2FA") || template.contains("Two-Factor") || template.contains("send the message"):
            return .authenticationFailed(
                "the store requires two-factor authentication, but this admin has not set it up (\(message)); "
                    + "set it up in the admin, or connect with an Integration token instead")
        case (400, "Provider is not allowed."?):
            return .authenticationFailed("the store does not allow Google Authenticator for this admin; connect with an Integration token instead")
        default:
            return Magento2ErrorBody.backendError(for: response, credentials: .admin(username: username, password: "", otpSecret: nil))
        }
    }

    /// The `exp` claim of a JWT, if it is one.
    static func expiry(ofJWT token: String) -> Date? {
        guard let exp = HS256JWT.unverifiedClaims(token)?["exp"].int else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(exp))
    }
}
