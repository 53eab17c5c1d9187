public import Assistant
public import Foundation
public import Logging
public import MagentoModel
import PostgresNIO

/// Conversations in PostgreSQL, for many workers on many machines: every worker sees every
/// conversation, the failed-proof counters and the shared Magento token or session, and the turns
/// of one conversation are serialized across workers by a PostgreSQL advisory lock.
///
/// A turn runs on one pooled connection (the lock's), so a busy pool queues turns instead of
/// deadlocking on lock holders that wait for a second connection.
///
/// ```swift
/// let store = try await PostgresConversationStore(url: "postgres://magedesk@db.internal/magedesk", logger: logger)
/// ```
public final class PostgresConversationStore: ConversationStore, Sendable {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private let localTurns = KeyedLock()
    public let url: PostgresURL

    /// The connection the current turn holds, used by every query of that turn.
    @TaskLocal static var turnConnection: PostgresConnection?

    public init(url text: String, logger: Logger, maximumConnections: Int = 20) async throws {
        let url = try PostgresURL(text)
        self.url = url
        self.logger = logger
        var configuration: PostgresClient.Configuration
        if url.usesUnixSocket {
            configuration = .init(unixSocketPath: url.socketPath, username: url.user, password: url.password, database: url.database)
        } else {
            configuration = .init(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: PostgresConversationStore.tls(url.sslMode))
        }
        configuration.options.maximumConnections = maximumConnections
        if let timeout = url.connectTimeout, timeout > 0 { configuration.options.connectTimeout = .seconds(timeout) }
        if let name = url.applicationName { configuration.options.additionalStartupParameters = [("application_name", name)] }
        // The pool retries in the background; what it has to say, magedesk says itself.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        runner = Task(priority: .high) { await client.run() }
        // Give the pool's run loop a moment to start before the first lease.
        for _ in 0..<3 { await Task.yield() }
        let seconds = url.connectTimeout.flatMap { $0 > 0 ? $0 : nil } ?? 10
        do {
            try await PostgresConversationStore.within(seconds: seconds) { [self, background] in
                // One direct connection first: the pool retries quietly, this one says what the server said.
                try await PostgresConversationStore.probe(url, logger: background)
                try await self.migrate()
            }
        } catch {
            runner.cancel()
            let reason: String
            if error is PostgresTimeout {
                reason = "no connection within \(seconds) s; is the server running and reachable at \(url.usesUnixSocket ? url.socketPath : "\(url.host):\(url.port)")?"
            } else if let server = (error as? PSQLError)?.serverInfo?[.message] {
                reason = "the server said: \(server)"
            } else {
                reason = "\(error)"
            }
            throw PostgresStoreError.unreachable(PostgresURL.masked(text), reason)
        }
    }

    struct PostgresTimeout: Error {}

    /// Connects once, outside the pool, and hangs up.
    static func probe(_ url: PostgresURL, logger: Logger) async throws {
        var configuration: PostgresConnection.Configuration
        if url.usesUnixSocket {
            configuration = .init(unixSocketPath: url.socketPath, username: url.user, password: url.password, database: url.database)
        } else {
            var unverified = TLSConfiguration.makeClientConfiguration()
            unverified.certificateVerification = .none
            let tls: PostgresConnection.Configuration.TLS
            switch url.sslMode {
            case .disable: tls = .disable
            case .allow, .prefer: tls = .prefer(try NIOSSLContext(configuration: unverified))
            case .require: tls = .require(try NIOSSLContext(configuration: unverified))
            case .verifyCA, .verifyFull:
                var verified = TLSConfiguration.makeClientConfiguration()
                if url.sslMode == .verifyCA { verified.certificateVerification = .noHostnameVerification }
                tls = .require(try NIOSSLContext(configuration: verified))
            }
            configuration = .init(host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        }
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        try? await connection.close()
    }

    /// `work`, or PostgresTimeout after `seconds`.
    static func within(seconds: Int, _ work: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw PostgresTimeout()
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// libpq's sslmode: prefer and require encrypt without checking the certificate, verify-ca
    /// checks it against the system's roots, verify-full also checks the host name.
    static func tls(_ mode: PostgresURL.SSLMode) -> PostgresClient.Configuration.TLS {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch mode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(unverified)
        case .require: return .require(unverified)
        case .verifyCA:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .noHostnameVerification
            return .require(configuration)
        case .verifyFull: return .require(.makeClientConfiguration())
        }
    }

    /// Stops the connection pool.
    public func close() {
        runner.cancel()
    }

    // MARK: Schema

    static let schemaVersion = 2

    /// Creates the tables or brings them up to date; several workers starting at once take turns.
    func migrate() async throws {
        try await client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(7340031)", logger: logger)
                try await connection.query("CREATE TABLE IF NOT EXISTS magedesk_schema (version integer NOT NULL)", logger: logger)
                var current = 0
                for try await version in try await connection.query("SELECT max(version) FROM magedesk_schema", logger: logger).decode(Int?.self) {
                    current = version ?? 0
                }
                guard current < Self.schemaVersion else { return }
                for statement in Self.migrations[current...].joined() {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO magedesk_schema (version) VALUES (\(Self.schemaVersion))", logger: logger)
            }
        }
    }

    /// One entry per schema version; append, never edit.
    static let migrations: [[String]] = [
        [
            "CREATE TABLE magedesk_conversation (id text PRIMARY KEY, state jsonb NOT NULL, updated_at double precision NOT NULL)",
            "CREATE INDEX magedesk_conversation_updated ON magedesk_conversation (updated_at)",
            "CREATE TABLE magedesk_verification_failure (key text NOT NULL, at double precision NOT NULL)",
            "CREATE INDEX magedesk_verification_failure_key ON magedesk_verification_failure (key)",
            "CREATE TABLE magedesk_lockout (key text PRIMARY KEY, locked_until double precision NOT NULL)",
            "CREATE TABLE magedesk_credential (key text PRIMARY KEY, value text NOT NULL, expires_at double precision)",
        ],
        ["CREATE TABLE magedesk_health (id integer PRIMARY KEY, checked_at double precision NOT NULL)"],
    ]

    // MARK: Connections

    /// Runs `work` on the turn's connection, or on a pooled one outside a turn.
    func onConnection<T: Sendable>(_ work: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        if let connection = Self.turnConnection { return try await work(connection) }
        return try await client.withConnection { try await work($0) }
    }

    public func withTurnLock<T: Sendable>(_ id: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try await localTurns.withLock(id) {
            try await client.withConnection { connection in
                // Tried, not waited for on the server: between tries the turn can tell it is waiting
                // for a live holder (not for a server that stopped answering), and can give up.
                var delay: UInt64 = 2_000_000
                while true {
                    var locked = false
                    let rows = try await connection.query("SELECT pg_try_advisory_lock(hashtextextended(\(id), 7340031))", logger: logger)
                    for try await value in rows.decode(Bool.self) { locked = value }
                    if locked { break }
                    TurnLockWait.heldByAnother()
                    try await Task.sleep(nanoseconds: delay)
                    delay = min(delay * 2, 50_000_000)
                }
                let result: Result<T, any Error>
                do {
                    result = .success(try await Self.$turnConnection.withValue(connection) { try await body() })
                } catch {
                    result = .failure(error)
                }
                do {
                    try await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(id), 7340031))", logger: logger)
                } catch {
                    // A connection that cannot unlock is broken; the server drops its locks with it.
                    logger.warning("could not release a conversation lock", metadata: ["error": "\(error)"])
                }
                return try result.get()
            }
        }
    }

    /// Rewrites the one row of `magedesk_health`: the server is up, answers and takes writes.
    public func checkHealth() async throws {
        let logger = logger
        let now = Date().timeIntervalSince1970
        _ = try await onConnection { connection in
            try await connection.query(
                "INSERT INTO magedesk_health (id, checked_at) VALUES (1, \(now)) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
                logger: logger)
        }
    }

    // MARK: Conversations

    public func load(_ id: String) async throws -> Conversation? {
        let logger = logger
        let text = try await onConnection { connection -> String? in
            var state: String?
            let rows = try await connection.query("SELECT state::text FROM magedesk_conversation WHERE id = \(id)", logger: logger)
            for try await value in rows.decode(String.self) { state = value }
            return state
        }
        return try text.map { try JSONDecoder().decode(Conversation.self, from: Data($0.utf8)) }
    }

    /// One statement, so one transaction: a conversation is saved whole or not at all.
    public func save(_ conversation: Conversation) async throws {
        let state = String(decoding: try JSONEncoder().encode(conversation), as: UTF8.self)
        let id = conversation.id
        let updated = conversation.lastActivity.timeIntervalSince1970
        let logger = logger
        _ = try await onConnection { connection in
            try await connection.query(
                """
                INSERT INTO magedesk_conversation (id, state, updated_at) VALUES (\(id), \(state)::jsonb, \(updated))
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    public func delete(_ id: String) async throws {
        let logger = logger
        _ = try await onConnection { connection in
            try await connection.query("DELETE FROM magedesk_conversation WHERE id = \(id)", logger: logger)
        }
    }

    // MARK: Failed proofs

    public func recordFailedProof(keys: [String], at time: Date, rule: LockoutRule) async throws -> Date? {
        let logger = logger
        let now = time.timeIntervalSince1970
        return try await onConnection { connection in
            try await connection.withTransaction(logger: logger) { connection -> Date? in
                var lockedUntil: Date?
                for key in keys {
                    // Serializes the counting of one key across workers.
                    try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 7340032))", logger: logger)
                    let cutoff = now - rule.windowSeconds
                    try await connection.query("DELETE FROM magedesk_verification_failure WHERE key = \(key) AND at <= \(cutoff)", logger: logger)
                    try await connection.query("INSERT INTO magedesk_verification_failure (key, at) VALUES (\(key), \(now))", logger: logger)
                    var times: [Date] = []
                    let rows = try await connection.query("SELECT at FROM magedesk_verification_failure WHERE key = \(key)", logger: logger)
                    for try await at in rows.decode(Double.self) { times.append(Date(timeIntervalSince1970: at)) }
                    guard let until = rule.lock(failures: times, now: time) else { continue }
                    let untilSeconds = until.timeIntervalSince1970
                    try await connection.query(
                        """
                        INSERT INTO magedesk_lockout (key, locked_until) VALUES (\(key), \(untilSeconds))
                        ON CONFLICT (key) DO UPDATE SET locked_until = excluded.locked_until
                        """, logger: logger)
                    try await connection.query("DELETE FROM magedesk_verification_failure WHERE key = \(key)", logger: logger)
                    lockedUntil = max(lockedUntil ?? until, until)
                }
                return lockedUntil
            }
        }
    }

    public func lockedUntil(keys: [String], at time: Date) async throws -> Date? {
        guard !keys.isEmpty else { return nil }
        let logger = logger
        let now = time.timeIntervalSince1970
        return try await onConnection { connection -> Date? in
            var until: Double?
            let rows = try await connection.query(
                "SELECT max(locked_until) FROM magedesk_lockout WHERE key = ANY(\(keys)) AND locked_until > \(now)", logger: logger)
            for try await value in rows.decode(Double?.self) { until = value }
            return until.map(Date.init(timeIntervalSince1970:))
        }
    }

    // MARK: Retention

    public func purge(inactiveBefore cutoff: Date) async throws -> Int {
        let logger = logger
        let time = cutoff.timeIntervalSince1970
        return try await onConnection { connection in
            var purged = 0
            let rows = try await connection.query("WITH gone AS (DELETE FROM magedesk_conversation WHERE updated_at < \(time) RETURNING 1) SELECT count(*) FROM gone", logger: logger)
            for try await count in rows.decode(Int.self) { purged = count }
            try await connection.query("DELETE FROM magedesk_verification_failure WHERE at < \(time)", logger: logger)
            try await connection.query("DELETE FROM magedesk_lockout WHERE locked_until < \(time)", logger: logger)
            return purged
        }
    }

    public func forget(email: String) async throws -> Int {
        let logger = logger
        let wanted = email.lowercased()
        let key = LockoutKey.email(email)
        return try await onConnection { connection in
            var forgotten = 0
            let rows = try await connection.query(
                """
                WITH gone AS (
                    DELETE FROM magedesk_conversation
                    WHERE lower(state->'slots'->>'email') = \(wanted) OR lower(state->'proof'->>'ownerEmail') = \(wanted)
                    RETURNING 1)
                SELECT count(*) FROM gone
                """, logger: logger)
            for try await count in rows.decode(Int.self) { forgotten = count }
            try await connection.query("DELETE FROM magedesk_verification_failure WHERE key = \(key)", logger: logger)
            try await connection.query("DELETE FROM magedesk_lockout WHERE key = \(key)", logger: logger)
            return forgotten
        }
    }
}

extension PostgresConversationStore: CredentialCache {
    public var isShared: Bool { true }

    public func cachedCredential(for key: String) async -> CachedCredential? {
        let logger = logger
        return try? await onConnection { connection -> CachedCredential? in
            var found: CachedCredential?
            let rows = try await connection.query("SELECT value, expires_at FROM magedesk_credential WHERE key = \(key)", logger: logger)
            for try await (value, expiry) in rows.decode((String, Double?).self) {
                found = CachedCredential(value: value, expiresAt: expiry.map(Date.init(timeIntervalSince1970:)))
            }
            return found
        }
    }

    public func cacheCredential(_ credential: CachedCredential, for key: String) async {
        let logger = logger
        let value = credential.value
        let expiry = credential.expiresAt?.timeIntervalSince1970
        _ = try? await onConnection { connection in
            try await connection.query(
                """
                INSERT INTO magedesk_credential (key, value, expires_at) VALUES (\(key), \(value), \(expiry))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                """, logger: logger)
        }
    }

    public func removeCachedCredential(for key: String) async {
        let logger = logger
        _ = try? await onConnection { connection in
            try await connection.query("DELETE FROM magedesk_credential WHERE key = \(key)", logger: logger)
        }
    }
}

public enum PostgresStoreError: Error, CustomStringConvertible {
    case unreachable(String, String)

    public var description: String {
        switch self {
        case .unreachable(let url, let reason): return "cannot use the PostgreSQL database at \(url): \(reason)"
        }
    }
}
