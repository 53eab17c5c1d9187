import Foundation

/// Where conversations live between turns: the seam between the engine and its storage.
///
/// The in-memory store below serves one process; `ConversationStores` adds SQLite (one machine,
/// several processes) and PostgreSQL (many workers). A store only loads and saves whole
/// conversations; the engine owns what they mean.
public protocol ConversationStore: Sendable {
    func load(_ id: String) async throws -> Conversation?
    func save(_ conversation: Conversation) async throws
    func delete(_ id: String) async throws
}

/// The default store: conversations in this process's memory, gone when it exits.
public actor InMemoryConversationStore: ConversationStore {
    private var conversations: [String: Conversation] = [:]

    public init() {}

    public func load(_ id: String) -> Conversation? { conversations[id] }

    public func save(_ conversation: Conversation) { conversations[conversation.id] = conversation }

    public func delete(_ id: String) { conversations[id] = nil }

    public var count: Int { conversations.count }
}
