public import Foundation

/// Where clients keep what a login earned — a Magento 2 admin token, a Magento 1 session id — so
/// that every worker sharing one conversation store reuses it instead of logging in again (each
/// login costs a request, and repeated admin logins can lock the account).
///
/// The conversation stores implement it; the CLI hands the configured store to the client. Keys
/// are opaque digests made by the client, never a user name or a secret.
public protocol CredentialCache: Sendable {
    func cachedCredential(for key: String) async -> CachedCredential?
    func cacheCredential(_ credential: CachedCredential, for key: String) async
    func removeCachedCredential(for key: String) async
    /// Whether other processes read this cache too. A shared Magento 1 session is left to time
    /// out rather than ended when one worker stops.
    var isShared: Bool { get }
}

extension CredentialCache {
    public var isShared: Bool { false }
}

/// A token or session id, and when it stops being valid (nil: until refused).
public struct CachedCredential: Sendable, Codable, Equatable {
    public var value: String
    public var expiresAt: Date?

    public init(value: String, expiresAt: Date?) {
        self.value = value
        self.expiresAt = expiresAt
    }

    /// Whether it is still worth sending at `date`, keeping `margin` before expiry.
    public func isUsable(at date: Date, margin: TimeInterval = 0) -> Bool {
        guard let expiresAt else { return true }
        return expiresAt.timeIntervalSince(date) > margin
    }
}

/// A cache in this process's memory: what a single run uses when no conversation store is shared.
public actor InMemoryCredentialCache: CredentialCache {
    private var entries: [String: CachedCredential] = [:]

    public init() {}

    public func cachedCredential(for key: String) -> CachedCredential? { entries[key] }
    public func cacheCredential(_ credential: CachedCredential, for key: String) { entries[key] = credential }
    public func removeCachedCredential(for key: String) { entries[key] = nil }
}
