import Assistant
import ConversationStores
import Foundation
import Logging
import MagentoModel
import Testing

/// Two workers on one store: they finish each other's conversations, never interleave two turns of
/// one conversation, share the failed-proof counters, and purge and forget alike. Runs on SQLite
/// and, when `MAGEDESK_TEST_POSTGRES_URL` names a server (the test command starts one), PostgreSQL.
@Suite struct SharedStoreTests {
    static let postgresURL = ProcessInfo.processInfo.environment["MAGEDESK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static var logger: Logger {
        var logger = Logger(label: "store-test")
        logger.logLevel = .error
        return logger
    }

    /// Two handles on one shared store, as two worker processes would hold them.
    static func workerPairs() async throws -> [(String, any ConversationStore, any ConversationStore)] {
        let path = SQLiteConversationStoreTests.path()
        var pairs: [(String, any ConversationStore, any ConversationStore)] = [
            ("sqlite", try SQLiteConversationStore(path: path), try SQLiteConversationStore(path: path))
        ]
        if let url = postgresURL {
            pairs.append(
                ("postgres", try await PostgresConversationStore(url: url, logger: logger), try await PostgresConversationStore(url: url, logger: logger)))
        }
        return pairs
    }

    static func close(_ pairs: [(String, any ConversationStore, any ConversationStore)]) {
        for (_, first, second) in pairs {
            (first as? PostgresConversationStore)?.close()
            (second as? PostgresConversationStore)?.close()
        }
    }

    static let catalog = try! IntentCatalog.load(
        from: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("intents"))

    static let janesOrder = Order(
        number: "000000101", entityID: 1, state: "complete", status: "complete", createdAt: nil, customerEmail: "jane.doe@example.com",
        isGuest: false, currencyCode: "USD", grandTotal: 68.99, billingAddress: Address(postcode: "10577"))

    /// Every lookup takes a few milliseconds, so two unserialized turns would overlap.
    struct SlowBackend: StoreBackend {
        let inner = InMemoryStoreBackend(orders: [SharedStoreTests.janesOrder])
        func pause() async { try? await Task.sleep(for: .milliseconds(3)) }
        var summary: String { "slow in-memory store" }
        func order(number: String) async throws(BackendError) -> Order? {
            await pause()
            return try await inner.order(number: number)
        }
        func shipments(of order: Order) async throws(BackendError) -> [Shipment] {
            await pause()
            return try await inner.shipments(of: order)
        }
        func orders(email: String, limit: Int) async throws(BackendError) -> [Order] { try await inner.orders(email: email, limit: limit) }
        func customer(email: String) async throws(BackendError) -> CustomerMatch { try await inner.customer(email: email) }
        func invoices(of order: Order) async throws(BackendError) -> [Invoice] { try await inner.invoices(of: order) }
        func refunds(of order: Order) async throws(BackendError) -> [Refund] { try await inner.refunds(of: order) }
        func comments(of order: Order) async throws(BackendError) -> [OrderComment] { try await inner.comments(of: order) }
        func close() async {}
    }

    static func engine(_ store: any ConversationStore) -> ConversationEngine {
        ConversationEngine(catalog: catalog, extractor: try! EntityExtractor(), backend: SlowBackend(), store: store, logger: logger)
    }

    @Test func postgresIsTestedWhereCIRuns() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(Self.postgresURL != nil, "CI must run the PostgreSQL store tests: scripts/test.sh sets MAGEDESK_TEST_POSTGRES_URL")
        }
    }

    @Test func twoWorkersFinishEachOthersConversations() async throws {
        let pairs = try await Self.workerPairs()
        defer { Self.close(pairs) }
        for (name, first, second) in pairs {
            let (a, b) = (Self.engine(first), Self.engine(second))
            let run = UUID().uuidString
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let id = "\(run)-\(index)"
                        // Odd conversations start on one worker, even ones on the other, and switch.
                        let (opener, closer) = index.isMultiple(of: 2) ? (a, b) : (b, a)
                        let asked = await opener.handle(TurnInput(conversationID: id, text: "where is order 000000101"))
                        #expect(asked.awaiting == .email, "\(name)")
                        let answered = await closer.handle(TurnInput(conversationID: id, text: "jane.doe@example.com"))
                        #expect(answered.verified, "\(name): the second worker saw the first one's turn")
                        let followUp = await opener.handle(TurnInput(conversationID: id, text: "and what did I order?"))
                        #expect(followUp.verified, "\(name): the proof is shared too")
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func turnsOfOneConversationNeverInterleaveAcrossWorkers() async throws {
        let pairs = try await Self.workerPairs()
        defer { Self.close(pairs) }
        for (name, first, second) in pairs {
            let (a, b) = (Self.engine(first), Self.engine(second))
            let id = "serial-\(UUID().uuidString)"
            let jane = CustomerContext(email: "jane.doe@example.com", verified: true)
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        _ = await (index.isMultiple(of: 2) ? a : b).handle(
                            TurnInput(conversationID: id, text: "where is order 000000101", customer: jane))
                    }
                }
            }
            // Each turn loads, looks up (slowly) and saves: a lost update would lose a count.
            #expect(try await first.load(id)?.turns == 24, "\(name)")
        }
    }

    @Test func failedProofsAreCountedAcrossWorkers() async throws {
        let pairs = try await Self.workerPairs()
        defer { Self.close(pairs) }
        for (name, first, second) in pairs {
            let (a, b) = (Self.engine(first), Self.engine(second))
            let run = UUID().uuidString
            var last: TurnResult?
            for attempt in 0..<5 {
                let worker = attempt.isMultiple(of: 2) ? a : b
                // One order number per run, so earlier runs on the same database do not count.
                let number = "9\(abs(run.hashValue) % 100_000_000)".prefix(9)
                _ = await worker.handle(TurnInput(conversationID: "\(run)-\(attempt)", text: "where is order \(number)"))
                last = await worker.handle(TurnInput(conversationID: "\(run)-\(attempt)", text: "guess\(attempt)-\(run.prefix(6))@example.com"))
            }
            #expect(last?.events.lockedOut == true, "\(name)")
            #expect(last?.handoff?.reason == .verificationFailed, "\(name)")
        }
    }

    @Test func purgeAndForgetAcrossWorkers() async throws {
        let pairs = try await Self.workerPairs()
        defer { Self.close(pairs) }
        for (name, first, second) in pairs {
            let run = UUID().uuidString.lowercased()
            let email = "forget-\(run.prefix(8))@example.com"
            var old = Conversation(id: "\(run)-old", now: Date(timeIntervalSince1970: 1_000))
            old.slots["email"] = "someone@example.com"
            var theirs = Conversation(id: "\(run)-theirs")
            theirs.slots["email"] = email.uppercased()
            var proven = Conversation(id: "\(run)-proven")
            proven.proof = .init(orderNumber: "000000101", ownerEmail: email, method: .postcode)
            let kept = Conversation(id: "\(run)-kept")
            for conversation in [old, theirs, proven, kept] { try await first.save(conversation) }
            _ = try await first.recordFailedProof(keys: [LockoutKey.email(email)], at: Date(), rule: LockoutRule(attempts: 1))
            #expect(try await second.lockedUntil(keys: [LockoutKey.email(email)], at: Date()) != nil, "\(name)")

            #expect(try await second.purge(inactiveBefore: Date(timeIntervalSince1970: 2_000)) >= 1, "\(name)")
            #expect(try await first.load(old.id) == nil, "\(name): the old conversation is purged")
            #expect(try await first.load(kept.id) != nil, "\(name): a recent one stays")

            #expect(try await second.forget(email: email) == 2, "\(name)")
            #expect(try await first.load(theirs.id) == nil, "\(name)")
            #expect(try await first.load(proven.id) == nil, "\(name)")
            #expect(try await first.load(kept.id) != nil, "\(name)")
            #expect(try await first.lockedUntil(keys: [LockoutKey.email(email)], at: Date()) == nil, "\(name): its counters are gone")
        }
    }

    @Test func theMagentoTokenCacheIsShared() async throws {
        let pairs = try await Self.workerPairs()
        defer { Self.close(pairs) }
        for (name, first, second) in pairs {
            guard let writer = first as? any CredentialCache, let reader = second as? any CredentialCache else {
                Issue.record("\(name) keeps no credentials")
                continue
            }
            let key = "test-\(UUID().uuidString)"
            await writer.cacheCredential(CachedCredential(value: "token-1", expiresAt: Date(timeIntervalSince1970: 2_000_000_000)), for: key)
            #expect(await reader.cachedCredential(for: key)?.value == "token-1", "\(name)")
            #expect(reader.isShared, "\(name)")
            await reader.removeCachedCredential(for: key)
            #expect(await writer.cachedCredential(for: key) == nil, "\(name)")
        }
    }
}

@Suite struct PostgresURLTests {
    @Test func readsEveryPartAndParameter() throws {
        let url = try PostgresURL("postgresql://bot:p%40ss@db.internal:6543/support?sslmode=require&application_name=magedesk", environment: [:])
        #expect(url.host == "db.internal")
        #expect(url.port == 6543)
        #expect(url.user == "bot")
        #expect(url.password == "p@ss")
        #expect(url.database == "support")
        #expect(url.sslMode == .require)
        #expect(url.applicationName == "magedesk")
    }

    @Test func fillsInLibpqDefaults() throws {
        let url = try PostgresURL("postgres://", environment: ["USER": "agent"])
        #expect(url.port == 5432)
        #expect(url.sslMode == .prefer)
        #expect(!url.user.isEmpty)
        #expect(url.database == url.user)
        let fromEnvironment = try PostgresURL("postgres:///", environment: ["PGHOST": "pg.local", "PGPORT": "5433", "PGUSER": "u", "PGDATABASE": "d"])
        #expect(fromEnvironment.host == "pg.local" && fromEnvironment.port == 5433 && fromEnvironment.user == "u" && fromEnvironment.database == "d")
        let socket = try PostgresURL("postgres://u@/d?host=/var/run/postgresql", environment: [:])
        #expect(socket.usesUnixSocket)
        #expect(socket.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
    }

    @Test(arguments: ["mysql://x", "postgres://h:99999/d", "postgres://h/d?sslmode=sometimes", "postgres://h/d?colour=red"])
    func refusesWhatLibpqWouldRefuse(_ text: String) {
        #expect(throws: PostgresURLError.self) { try PostgresURL(text, environment: [:]) }
    }

    @Test func masksThePassword() {
        #expect(PostgresURL.masked("postgres://bot:secret@db/x") == "postgres://bot:***@db/x")
        #expect(PostgresURL.masked("postgres://db/x") == "postgres://db/x")
    }
}
