import Assistant
import ConversationStores
import Foundation
import Testing

/// Every store keeps the cross-conversation failed-proof counters the same way.
@Suite struct LockoutCountersTests {
    static let rule = LockoutRule(attempts: 5, window: .seconds(15 * 60), duration: .seconds(15 * 60))
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func stores() throws -> [(String, any ConversationStore)] {
        [("memory", InMemoryConversationStore()), ("sqlite", try SQLiteConversationStore(path: SQLiteConversationStoreTests.path()))]
    }

    @Test func fiveFailuresWithinTheWindowLockForTheDuration() async throws {
        for (name, store) in try Self.stores() {
            let key = LockoutKey.order("000000101")
            for attempt in 0..<4 {
                let locked = try await store.recordFailedProof(keys: [key], at: Self.start.addingTimeInterval(Double(attempt) * 60), rule: Self.rule)
                #expect(locked == nil, "\(name): attempt \(attempt + 1) must not lock")
            }
            let fifth = Self.start.addingTimeInterval(4 * 60)
            let until = try await store.recordFailedProof(keys: [key], at: fifth, rule: Self.rule)
            #expect(until == fifth.addingTimeInterval(15 * 60), "\(name)")
            #expect(try await store.lockedUntil(keys: [key], at: fifth.addingTimeInterval(14 * 60)) != nil, "\(name)")
            #expect(try await store.lockedUntil(keys: [key], at: fifth.addingTimeInterval(15 * 60 + 1)) == nil, "\(name): the lock runs out")
            #expect(try await store.lockedUntil(keys: [LockoutKey.order("000000102")], at: fifth) == nil, "\(name): other orders are free")
        }
    }

    @Test func failuresOlderThanTheWindowDoNotCount() async throws {
        for (name, store) in try Self.stores() {
            let key = LockoutKey.email("Prober@Example.com")
            #expect(key == "email:prober@example.com")
            for attempt in 0..<4 {
                _ = try await store.recordFailedProof(keys: [key], at: Self.start.addingTimeInterval(Double(attempt)), rule: Self.rule)
            }
            // The fifth comes 16 minutes after the first four.
            let late = try await store.recordFailedProof(keys: [key], at: Self.start.addingTimeInterval(16 * 60), rule: Self.rule)
            #expect(late == nil, "\(name)")
            #expect(try await store.lockedUntil(keys: [key], at: Self.start.addingTimeInterval(16 * 60)) == nil, "\(name)")
        }
    }

    @Test func eachKeyIsCountedOnItsOwn() async throws {
        for (name, store) in try Self.stores() {
            let email = LockoutKey.email("prober@example.com")
            var locked: Date?
            for number in 1...5 {
                locked = try await store.recordFailedProof(
                    keys: [LockoutKey.order("00000020\(number)"), email], at: Self.start.addingTimeInterval(Double(number)), rule: Self.rule)
            }
            #expect(locked != nil, "\(name): five orders tried with one email lock the email")
            let now = Self.start.addingTimeInterval(10)
            #expect(try await store.lockedUntil(keys: [email], at: now) != nil, "\(name)")
            #expect(try await store.lockedUntil(keys: [LockoutKey.order("000000201")], at: now) == nil, "\(name): each order failed once")
            #expect(try await store.lockedUntil(keys: [], at: now) == nil, "\(name)")
        }
    }

    @Test func twoProcessesOnOneSQLiteFileShareTheCount() async throws {
        let path = SQLiteConversationStoreTests.path()
        let first = try SQLiteConversationStore(path: path)
        let second = try SQLiteConversationStore(path: path)
        let key = LockoutKey.order("000000101")
        for attempt in 0..<4 {
            _ = try await (attempt.isMultiple(of: 2) ? first : second).recordFailedProof(keys: [key], at: Self.start, rule: Self.rule)
        }
        #expect(try await second.recordFailedProof(keys: [key], at: Self.start, rule: Self.rule) != nil)
        #expect(try await first.lockedUntil(keys: [key], at: Self.start) != nil)
    }
}
