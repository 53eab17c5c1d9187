import Crypto
import Foundation
import MagentoWire

/// Checks the identity tokens a store's website signs for its logged-in customers, so that a chat
/// widget on the storefront can say who the visitor is without the visitor being able to say it
/// themselves (the pattern chat vendors call identity verification).
///
/// A token is a JWT, HS256 with MAGEDESK_IDENTITY_SECRET (or, during a rotation,
/// MAGEDESK_IDENTITY_SECRET_PREVIOUS), with the claims `email` (required), `name` (optional), `iat`
/// and `exp` (both required, `exp` at most 24 hours after `iat`) and `nbf` (honoured when present).
/// Clocks may differ by up to a minute.
///
/// ```swift
/// let verifier = try IdentityTokenVerifier(secrets: ["…at least 32 bytes…"])
/// switch verifier.verify(token, at: Date()) {
/// case .success(let identity): identity.email
/// case .failure(let rejection): logger.warning("identity token refused: \(rejection)")
/// }
/// ```
struct IdentityTokenVerifier: Sendable {
    static let minimumSecretBytes = 32
    /// How far the website's clock and ours may disagree.
    static let leeway: TimeInterval = 60
    /// The longest a token may be valid: a leaked one must not work for long.
    static let maximumLifetime: TimeInterval = 24 * 3600

    /// The customer a valid token vouches for.
    struct Identity: Sendable, Equatable {
        var email: String
        var name: String?
    }

    /// Why a token does not count, worded for the operator's log (never with the token in it).
    enum Rejection: Error, Equatable, CustomStringConvertible {
        case token(HS256JWT.Rejection)
        case missingClaim(String)
        case invalidClaim(String, String)
        case expired(secondsAgo: Int)
        case notYetValid(inSeconds: Int)
        case issuedInTheFuture(inSeconds: Int)
        case lifetimeTooLong(hours: Double)

        var description: String {
            switch self {
            case .token(let rejection): return rejection.description
            case .missingClaim(let name): return "the token has no '\(name)' claim"
            case .invalidClaim(let name, let why): return "the token's '\(name)' claim \(why)"
            case .expired(let seconds): return "the token expired \(seconds) s ago"
            case .notYetValid(let seconds): return "the token is not valid for another \(seconds) s (nbf)"
            case .issuedInTheFuture(let seconds): return "the token is issued \(seconds) s in the future (iat); is the website's clock right?"
            case .lifetimeTooLong(let hours):
                return "the token is valid for \(WireValue.format((hours * 10).rounded() / 10)) h after it was issued; at most 24 h is accepted"
            }
        }
    }

    /// The secrets' bytes (swift-crypto's SymmetricKey is not Sendable; a key is made per check).
    let secrets: [Data]

    /// `secrets`: the current secret first, then the previous one while a rotation is under way.
    init(secrets: [String]) {
        self.secrets = secrets.map { Data($0.utf8) }
    }

    /// From MAGEDESK_IDENTITY_SECRET (and MAGEDESK_IDENTITY_SECRET_PREVIOUS); nil when no secret is
    /// set (no token is then believed).
    init?(settings: Settings) throws(ConfigurationError) {
        let secrets = try settings.identitySecrets()
        guard !secrets.isEmpty else { return nil }
        self.init(secrets: secrets)
    }

    func verify(_ token: String, at now: Date) -> Result<Identity, Rejection> {
        let claims: WireValue
        switch HS256JWT.verify(token, keys: secrets.map { SymmetricKey(data: $0) }) {
        case .success(let value): claims = value
        case .failure(let rejection): return .failure(.token(rejection))
        }
        let email: String
        switch claims["email"] {
        case .null: return .failure(.missingClaim("email"))
        case .string(let text):
            email = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard email.contains("@"), !email.contains(where: \.isWhitespace) else { return .failure(.invalidClaim("email", "is not an email address")) }
        default: return .failure(.invalidClaim("email", "is not a string"))
        }
        var name: String?
        switch claims["name"] {
        case .null: break
        case .string(let text): name = text.isEmpty ? nil : text
        default: return .failure(.invalidClaim("name", "is not a string"))
        }
        let issuedAt: Double, expires: Double
        switch (Self.numericDate(claims, "iat"), Self.numericDate(claims, "exp")) {
        case (.failure(let rejection), _), (_, .failure(let rejection)): return .failure(rejection)
        case (.success(let iat), .success(let exp)): (issuedAt, expires) = (iat, exp)
        }
        let moment = now.timeIntervalSince1970
        guard expires > issuedAt else { return .failure(.invalidClaim("exp", "is not after its 'iat'")) }
        guard expires - issuedAt <= Self.maximumLifetime else { return .failure(.lifetimeTooLong(hours: (expires - issuedAt) / 3600)) }
        guard moment < expires + Self.leeway else { return .failure(.expired(secondsAgo: Int(moment - expires))) }
        guard issuedAt <= moment + Self.leeway else { return .failure(.issuedInTheFuture(inSeconds: Int(issuedAt - moment))) }
        if !claims["nbf"].isNull {
            switch Self.numericDate(claims, "nbf") {
            case .failure(let rejection): return .failure(rejection)
            case .success(let notBefore):
                guard notBefore <= moment + Self.leeway else { return .failure(.notYetValid(inSeconds: Int(notBefore - moment))) }
            }
        }
        return .success(Identity(email: email, name: name))
    }

    /// A JWT NumericDate: seconds since 1970 as a JSON number (a string does not count).
    static func numericDate(_ claims: WireValue, _ name: String) -> Result<Double, Rejection> {
        switch claims[name] {
        case .null: return .failure(.missingClaim(name))
        case .int(let value): return .success(Double(value))
        case .double(let value) where value.isFinite: return .success(value)
        default: return .failure(.invalidClaim(name, "is not a number of seconds since 1970"))
        }
    }
}
