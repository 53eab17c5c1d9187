public import Assistant
import Foundation
import GRDB

/// Conversations in a SQLite file: they survive restarts, and several processes on one machine
/// (helpdesk workers started per ticket) share them safely through SQLite's WAL locking.
///
/// ```swift
/// let store = try SQLiteConversationStore(path: "/var/lib/magedesk/state.sqlite")
/// ```
public final class SQLiteConversationStore: ConversationStore {
    private let database: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: path, configuration: configuration)
        try SQLiteConversationStore.migrator.migrate(database)
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
        return migrator
    }

    public func load(_ id: String) async throws -> Conversation? {
        let data = try await database.read { db in
            try Data.fetchOne(db, sql: "SELECT state FROM conversation WHERE id = ?", arguments: [id])
        }
        return try data.map { try JSONDecoder().decode(Conversation.self, from: $0) }
    }

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
