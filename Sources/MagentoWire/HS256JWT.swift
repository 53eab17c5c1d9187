public import Crypto
import Foundation
import OrderedCollections

/// Compact JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, `alg` HS256): the admin tokens a
/// Magento 2.4.7 store issues (the simulator makes and checks them) and the identity tokens a
/// store's website signs for its logged-in customers (`magedesk serve`).
///
/// `verify` checks the form, the header and the signature only (in constant time, against each of
/// several keys, for key rotation); what the claims must say is the caller's to decide.
///
/// ```swift
/// let token = HS256JWT.sign(["email": "jane@example.com", "iat": 1_700_000_000, "exp": 1_700_003_600], key: key)
/// switch HS256JWT.verify(token, keys: [key]) {
/// case .success(let claims): claims["email"].string   // "jane@example.com"
/// case .failure(let rejection): print(rejection)      // "the signature does not match", …
/// }
/// ```
public enum HS256JWT {
    /// Why a token is not accepted, worded for a log line (the token itself is never part of it).
    public enum Rejection: Error, Equatable, Sendable, CustomStringConvertible {
        /// Not three base64url parts, or a header or payload that is not a JSON object.
        case malformed(String)
        /// The header names another algorithm (`none`, HS512, RS256, …) or none at all.
        case algorithm(String?)
        /// The header's `typ` is present and not JWT.
        case type(String)
        /// The header lists `crit` extensions, none of which this verifier implements.
        case criticalExtensions
        /// The signature is not HMAC-SHA256 of the token under any of the keys.
        case signature

        public var description: String {
            switch self {
            case .malformed(let what): return "the token is malformed: \(what)"
            case .algorithm(let name?): return "the token's algorithm is '\(Self.printable(name))', not HS256"
            case .algorithm(nil): return "the token's header names no algorithm (alg), HS256 is required"
            case .type(let name): return "the token's type is '\(Self.printable(name))', not JWT"
            case .criticalExtensions: return "the token's header requires extensions (crit) that are not supported"
            case .signature: return "the token's signature does not match (tampered with, or signed with another secret)"
            }
        }

        /// A header value as a log may show it: whoever made the token chose it.
        static func printable(_ text: String) -> String {
            let kept = text.unicodeScalars.prefix(24).map { $0.isASCII && $0.value >= 0x20 && $0 != "'" ? Character($0) : "?" }
            return String(kept) + (text.unicodeScalars.count > 24 ? "…" : "")
        }
    }

    /// `header` is written as given (its key order kept); `alg` HS256 is what it must say.
    public static func sign(_ claims: WireValue, key: SymmetricKey, header: WireValue = ["alg": "HS256", "typ": "JWT"]) -> String {
        let signingInput = Base64URL.encode(Data(JSON.serialize(header).utf8)) + "." + Base64URL.encode(Data(JSON.serialize(claims).utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: key)
        return signingInput + "." + Base64URL.encode(Data(signature))
    }

    /// The token's claims (a JSON object) when its header says HS256 and it is signed with one of
    /// `keys`. Nothing else is checked here: not `exp`, `iat` or `nbf`.
    public static func verify(_ token: String, keys: [SymmetricKey]) -> Result<WireValue, Rejection> {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(.malformed("it has \(parts.count) parts, not three")) }
        guard let headerBytes = Base64URL.decode(parts[0]) else { return .failure(.malformed("the header is not base64url")) }
        guard let header = try? JSON.parse(headerBytes), case .object(let fields) = header else {
            return .failure(.malformed("the header is not a JSON object"))
        }
        // The header is read before any key is used: only HS256 is ever verified ("alg confusion").
        guard case .string(let algorithm)? = fields["alg"] else {
            return .failure(.algorithm(fields["alg"].flatMap { $0.string }))
        }
        guard algorithm == "HS256" else { return .failure(.algorithm(algorithm)) }
        if let type = fields["typ"] {
            guard case .string(let name) = type, name.uppercased() == "JWT" else { return .failure(.type(type.string ?? "\(type)")) }
        }
        guard fields["crit"] == nil else { return .failure(.criticalExtensions) }
        guard let signature = Base64URL.decode(parts[2]), signature.count == SHA256.byteCount else { return .failure(.signature) }
        let signingInput = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard keys.contains(where: { HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: $0) }) else {
            return .failure(.signature)
        }
        guard let payloadBytes = Base64URL.decode(parts[1]) else { return .failure(.malformed("the payload is not base64url")) }
        guard let claims = try? JSON.parse(payloadBytes), case .object = claims else {
            return .failure(.malformed("the payload is not a JSON object"))
        }
        return .success(claims)
    }

    /// The claims of a token without checking its signature: for a client reading its own token's
    /// `exp`, never for deciding whom to trust.
    public static func unverifiedClaims(_ token: String) -> WireValue? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]), let claims = try? JSON.parse(payload), case .object = claims
        else { return nil }
        return claims
    }
}
