import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who may call `serve` and whose word about a customer counts, decided once at start.
///
/// A trusted `serve` (without --public) believes a caller that says "this customer is verified",
/// so only trusted callers may reach it: on a loopback address that is the machine itself, on any
/// other address only callers holding MAGEDESK_API_TOKEN (at least 32 bytes). A public `serve`
/// believes no claims, only identity tokens signed with MAGEDESK_IDENTITY_SECRET.
struct ServeAccess {
    static let minimumAPITokenBytes = 32

    /// MAGEDESK_API_TOKEN: when set, every endpoint but /health wants `Authorization: Bearer <token>`.
    var apiToken: String?
    /// From MAGEDESK_IDENTITY_SECRET(_PREVIOUS); nil when no secret is set.
    var identityTokens: IdentityTokenVerifier?

    init(host: String, isPublic: Bool, settings: Settings) throws {
        apiToken = settings["MAGEDESK_API_TOKEN"]
        identityTokens = try IdentityTokenVerifier(settings: settings)
        guard !isPublic, !Self.isLoopback(host) else { return }
        guard let apiToken else { throw ServeAccessError.trustedWithoutToken(host: host) }
        guard apiToken.utf8.count >= Self.minimumAPITokenBytes else {
            throw ServeAccessError.trustedWithShortToken(host: host, bytes: apiToken.utf8.count)
        }
    }

    /// Whether `host` only reaches this machine: `localhost`, 127.0.0.0/8, `::1` (also in
    /// brackets) or an IPv4-mapped 127 address. Any other name counts as reachable from outside.
    static func isLoopback(_ host: String) -> Bool {
        var name = host.trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, name, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }
        return bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
    }
}

/// Why `serve` will not start as configured, with both ways out.
enum ServeAccessError: Error, CustomStringConvertible {
    case trustedWithoutToken(host: String)
    case trustedWithShortToken(host: String, bytes: Int)

    var description: String {
        switch self {
        case .trustedWithoutToken(let host):
            return "serve without --public trusts its callers to vouch for customers, and --host \(host) lets anyone on the network call it. "
                + "Set MAGEDESK_API_TOKEN (at least \(ServeAccess.minimumAPITokenBytes) bytes, e.g. from `openssl rand -hex 32`) so only "
                + "callers holding it get in, or add --public for an endpoint customers reach directly (it ignores customer claims)"
        case .trustedWithShortToken(let host, let bytes):
            return "MAGEDESK_API_TOKEN is \(bytes) bytes, too short to guard serve on --host \(host): use at least "
                + "\(ServeAccess.minimumAPITokenBytes) (e.g. from `openssl rand -hex 32`), or add --public for an endpoint customers reach directly"
        }
    }
}
