import Assistant
import ConversationStores
import Foundation
import Testing

@Suite struct SQLiteConversationStoreTests {
    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-\(UUID().uuidString).sqlite").path
    }

    @Test func conversationsSurviveReopening() async throws {
        let path = Self.path()
        var conversation = Conversation(id: "t-1")
        conversation.slots["order_number"] = "000000101"
        conversation.proof = .init(orderNumber: "000000101", ownerEmail: "jane@example.com", method: .email)
        conversation.awaiting = .email
        try await SQLiteConversationStore(path: path).save(conversation)
        let reopened = try SQLiteConversationStore(path: path)
        #expect(try await reopened.load("t-1") == conversation)
        #expect(try await reopened.load("other") == nil)
        try await reopened.delete("t-1")
        #expect(try await reopened.load("t-1") == nil)
    }

    @Test func twoStoresOnOneFileSeeEachOthersWrites() async throws {
        let path = Self.path()
        let first = try SQLiteConversationStore(path: path)
        let second = try SQLiteConversationStore(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { try await (index.isMultiple(of: 2) ? first : second).save(Conversation(id: "c\(index)")) }
            }
            try await group.waitForAll()
        }
        for index in 0..<50 { #expect(try await first.load("c\(index)")?.id == "c\(index)") }
    }
}
