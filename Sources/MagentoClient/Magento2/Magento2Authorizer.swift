import Foundation
import MagentoModel
import MagentoWire

/// Puts the configured credentials on each request: a Bearer token, an OAuth 1.0a signature made
/// for exactly this URL, or the current admin token.
struct Magento2Authorizer: Sendable {
    enum Mode: Sendable {
        case bearer(String)
        case oauth(OAuth1Credentials, OAuth1SignatureMethod)
        case admin(AdminTokenSource)
    }

    let mode: Mode
    let now: @Sendable () -> Date

    init(
        credentials: Magento2Credentials, restBase: String, transport: HTTPTransport, cache: any CredentialCache,
        now: @escaping @Sendable () -> Date
    ) throws(BackendError) {
        self.now = now
        switch credentials {
        case .bearer(let token): mode = .bearer(token)
        case .oauth(let credentials, let method): mode = .oauth(credentials, method)
        case .admin(let username, let password, let otpSecret):
            mode = .admin(
                try AdminTokenSource(
                    username: username, password: password, otpSecret: otpSecret, restBase: restBase, transport: transport,
                    cache: cache, now: now))
        }
    }

    /// Sets `Authorization`; returns the token sent, for `renewAfterRefusal`.
    func authorize(_ request: inout HTTPRequest) async throws(BackendError) -> String? {
        switch mode {
        case .bearer(let token):
            request.headers["Authorization"] = "Bearer \(token)"
            return nil
        case .oauth(let credentials, let method):
            let header = OAuth1.authorization(
                httpMethod: request.method, url: request.url, credentials: credentials, method: method,
                nonce: Self.nonce(), timestamp: Int(now().timeIntervalSince1970))
            request.headers["Authorization"] = header
            return nil
        case .admin(let source):
            let token = try await source.currentToken()
            request.headers["Authorization"] = "Bearer \(token)"
            return token
        }
    }

    /// After a 401: whether asking again with fresh credentials is worth it. Only an admin token can
    /// be renewed (a 401 before its expiry means it was revoked); the other modes' 401s are answers.
    func renewAfterRefusal(of sent: String?) async -> Bool {
        guard case .admin(let source) = mode, let sent else { return false }
        await source.discard(sent)
        return true
    }

    /// 32 random hex characters, as Magento's own clients send.
    static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}
