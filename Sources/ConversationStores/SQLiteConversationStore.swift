public import Assistant
public import Foundation
import GRDB
public import MagentoModel

/// Conversations in a SQLite file: they survive restarts, and several processes on one machine
/// (helpdesk workers started per ticket) share them safely through SQLite's WAL locking. It also
/// keeps the Magento admin tokens and session ids the workers share, so the file is created
/// readable by its owner only.
///
/// ```swift
/// let store = try SQLiteConversationStore(path: "/var/lib/magedesk/state.sqlite")
/// ```
public final class SQLiteConversationStore: ConversationStore {
    private let database: DatabasePool
    /// Turns of one conversation in this process queue here before taking the file-wide lock.
    private let localTurns = KeyedLock()
    /// The turn locks every process on this file shares, held by the kernel (`PATH.turns`).
    private let turnLocks: TurnLockFile

    /// `busyTimeout`: how long one statement waits for another process's write to finish. A turn
    /// gives up sooner (MAGEDESK_STATE_TIMEOUT); this bounds what an abandoned statement holds up.
    public init(path: String, busyTimeout: Double = 5) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        database = try SQLiteConversationStore.openAndMigrate(path: path, configuration: configuration)
        turnLocks = try TurnLockFile(path: path + ".turns")
    }

    /// Opening creates the file, switches it to WAL and brings the schema up to date, and SQLite's
    /// busy timeout covers neither the journal-mode switch nor a migration another process is
    /// running. Workers starting at once on one file therefore take turns through an `flock` on
    /// `PATH.lock`, and an open still refused as busy (a worker already running) is tried again
    /// for up to 10 s.
    static func openAndMigrate(path: String, configuration: Configuration) throws -> DatabasePool {
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path + ".lock"])
        }
        defer { close(lock) }  // which releases the lock
        while flock(lock, LOCK_EX) != 0, errno == EINTR {}
        // Owner-only before SQLite opens it, so no token is ever in a world-readable file; never
        // truncating a file another worker has just created.
        let file = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if file >= 0 {
            close(file)
        } else if errno != EEXIST {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                let database = try DatabasePool(path: path, configuration: configuration)
                try migrator.migrate(database)
                return database
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(UInt32.random(in: 10_000...50_000))
            }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: conversations") { db in
            try db.create(table: "conversation") { table in
                table.primaryKey("id", .text)
                table.column("state", .blob).notNull()
                table.column("updated_at", .double).notNull().indexed()
            }
        }
        migrator.registerMigration("v2: credentials") { db in
            try db.create(table: "credential") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
                table.column("expires_at", .double)
            }
        }
        migrator.registerMigration("v3: verification lockouts") { db in
            try db.create(table: "verification_failure") { table in
                table.column("key", .text).notNull().indexed()
                table.column("at", .double).notNull()
            }
            try db.create(table: "lockout") { table in
                table.primaryKey("key", .text)
                table.column("locked_until", .double).notNull()
            }
        }
        // Turn locks are kernel locks on PATH.turns now (TurnLockFile); the table stays unused.
        migrator.registerMigration("v4: turn leases") { db in
            try db.create(table: "turn_lease") { table in
                table.primaryKey("id", .text)
                table.column("holder", .text).notNull()
                table.column("expires_at", .double).notNull()
            }
        }
        migrator.registerMigration("v5: health") { db in
            try db.create(table: "health") { table in
                table.primaryKey("id", .integer)
                table.column("checked_at", .double).notNull()
            }
        }
        return migrator
    }

    /// Rewrites the one row of `health`: a real write (a full disk or read-only file fails it).
    public func checkHealth() async throws {
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at",
                arguments: [Date().timeIntervalSince1970])
        }
    }

    public func load(_ id: String) async throws -> Conversation? {
        let data = try await database.read { db in
            try Data.fetchOne(db, sql: "SELECT state FROM conversation WHERE id = ?", arguments: [id])
        }
        return try data.map { try JSONDecoder().decode(Conversation.self, from: $0) }
    }

    /// One statement, so one transaction: a conversation is saved whole or not at all.
    public func save(_ conversation: Conversation) async throws {
        let data = try JSONEncoder().encode(conversation)
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO conversation (id, state, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                    """,
                arguments: [conversation.id, data, conversation.lastActivity.timeIntervalSince1970])
        }
    }

    public func delete(_ id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM conversation WHERE id = ?", arguments: [id])
        }
    }
}

extension SQLiteConversationStore {
    public func recordFailedProof(keys: [String], at time: Date, rule: LockoutRule) async throws -> Date? {
        try await database.write { db in
            var lockedUntil: Date?
            let now = time.timeIntervalSince1970
            for key in keys {
                try db.execute(
                    sql: "DELETE FROM verification_failure WHERE key = ? AND at <= ?", arguments: [key, now - rule.windowSeconds])
                try db.execute(sql: "INSERT INTO verification_failure (key, at) VALUES (?, ?)", arguments: [key, now])
                let times = try Double.fetchAll(db, sql: "SELECT at FROM verification_failure WHERE key = ?", arguments: [key])
                guard let until = rule.lock(failures: times.map(Date.init(timeIntervalSince1970:)), now: time) else { continue }
                try db.execute(
                    sql: """
                        INSERT INTO lockout (key, locked_until) VALUES (?, ?)
                        ON CONFLICT(key) DO UPDATE SET locked_until = excluded.locked_until
                        """,
                    arguments: [key, until.timeIntervalSince1970])
                try db.execute(sql: "DELETE FROM verification_failure WHERE key = ?", arguments: [key])
                lockedUntil = max(lockedUntil ?? until, until)
            }
            return lockedUntil
        }
    }

    public func lockedUntil(keys: [String], at time: Date) async throws -> Date? {
        guard !keys.isEmpty else { return nil }
        let until = try await database.read { db in
            try Double.fetchOne(
                db,
                sql: "SELECT MAX(locked_until) FROM lockout WHERE key IN (\(databaseQuestionMarks(count: keys.count))) AND locked_until > ?",
                arguments: StatementArguments(keys.map { $0 as (any DatabaseValueConvertible) } + [time.timeIntervalSince1970]))
        }
        return until.map(Date.init(timeIntervalSince1970:))
    }
}

extension SQLiteConversationStore {
    public func withTurnLock<T: Sendable>(_ id: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try await localTurns.withLock(id) {
            let descriptor = try await turnLocks.acquire(id)
            defer { turnLocks.release(descriptor) }
            return try await body()
        }
    }

    public func purge(inactiveBefore cutoff: Date) async throws -> Int {
        try await database.write { db in
            let time = cutoff.timeIntervalSince1970
            try db.execute(sql: "DELETE FROM conversation WHERE updated_at < ?", arguments: [time])
            let purged = db.changesCount
            try db.execute(sql: "DELETE FROM verification_failure WHERE at < ?", arguments: [time])
            try db.execute(sql: "DELETE FROM lockout WHERE locked_until < ?", arguments: [time])
            return purged
        }
    }

    public func forget(email: String) async throws -> Int {
        try await database.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, state FROM conversation")
            var forgotten = 0
            for row in rows {
                let data: Data = row["state"]
                guard let conversation = try? JSONDecoder().decode(Conversation.self, from: data), conversation.mentions(email: email) else {
                    continue
                }
                try db.execute(sql: "DELETE FROM conversation WHERE id = ?", arguments: [row["id"] as String])
                forgotten += 1
            }
            let key = LockoutKey.email(email)
            try db.execute(sql: "DELETE FROM verification_failure WHERE key = ?", arguments: [key])
            try db.execute(sql: "DELETE FROM lockout WHERE key = ?", arguments: [key])
            return forgotten
        }
    }
}

extension SQLiteConversationStore: CredentialCache {
    public var isShared: Bool { true }

    public func cachedCredential(for key: String) async -> CachedCredential? {
        try? await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT value, expires_at FROM credential WHERE key = ?", arguments: [key]) else {
                return nil
            }
            let expiry: Double? = row["expires_at"]
            return CachedCredential(value: row["value"], expiresAt: expiry.map(Date.init(timeIntervalSince1970:)))
        }
    }

    public func cacheCredential(_ credential: CachedCredential, for key: String) async {
        try? await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO credential (key, value, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                    """,
                arguments: [key, credential.value, credential.expiresAt?.timeIntervalSince1970])
        }
    }

    public func removeCachedCredential(for key: String) async {
        try? await database.write { db in
            try db.execute(sql: "DELETE FROM credential WHERE key = ?", arguments: [key])
        }
    }
}
