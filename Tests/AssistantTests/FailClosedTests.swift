import Assistant
import Foundation
import Logging
import MagentoModel
import Synchronization
import Testing

/// The conversation store or Magento failing mid-conversation: every turn still answers within its
/// deadlines, and without the store it fails closed (nothing verified, nothing shown, a person
/// takes over), logging once per outage and using the store again as soon as it is back.
@Suite struct FailClosedTests {
    /// How the wrapped in-memory store misbehaves, per operation.
    enum Mode: Sendable, Equatable {
        case works
        case fails
        /// No answer, whatever the caller does (cancelling included), until the mode changes.
        case hangs
        /// Every operation takes this long.
        case slow(Duration)
    }

    struct StoreDown: Error, CustomStringConvertible { var description: String { "disk I/O error" } }

    final class FaultyStore: ConversationStore {
        let inner = InMemoryConversationStore()
        let modes = Mutex<[StateOperation: Mode]>([:])

        func set(_ mode: Mode, for operations: [StateOperation] = StateOperation.allCases) {
            modes.withLock { for operation in operations { $0[operation] = mode } }
        }

        func misbehave(_ operation: StateOperation) async throws {
            while true {
                switch modes.withLock({ $0[operation] ?? .works }) {
                case .works: return
                case .fails: throw StoreDown()
                case .slow(let duration):
                    try? await Task.sleep(for: duration)
                    return
                case .hangs: try? await Task.sleep(for: .milliseconds(10))
                }
            }
        }

        func load(_ id: String) async throws -> Conversation? {
            try await misbehave(.load)
            return await inner.load(id)
        }
        func save(_ conversation: Conversation) async throws {
            try await misbehave(.save)
            await inner.save(conversation)
        }
        func delete(_ id: String) async throws {
            try await misbehave(.delete)
            await inner.delete(id)
        }
        func recordFailedProof(keys: [String], at time: Date, rule: LockoutRule) async throws -> Date? {
            try await misbehave(.counters)
            return await inner.recordFailedProof(keys: keys, at: time, rule: rule)
        }
        func lockedUntil(keys: [String], at time: Date) async throws -> Date? {
            try await misbehave(.counters)
            return await inner.lockedUntil(keys: keys, at: time)
        }
        func withTurnLock<T: Sendable>(_ id: String, _ body: @Sendable () async throws -> T) async throws -> T {
            try await misbehave(.lock)
            return try await inner.withTurnLock(id, body)
        }
        func purge(inactiveBefore cutoff: Date) async throws -> Int { await inner.purge(inactiveBefore: cutoff) }
        func forget(email: String) async throws -> Int { await inner.forget(email: email) }
    }

    /// Counts lookups; hangs (ignoring cancellation) while `hanging` is set.
    final class CountingBackend: StoreBackend {
        let inner = ConversationEngineTests.store
        let calls = Atomic<Int>(0)
        let hanging = Atomic<Bool>(false)
        var summary: String { "counting in-memory store" }
        func enter() async {
            calls.add(1, ordering: .relaxed)
            let start = ContinuousClock.now
            while hanging.load(ordering: .relaxed), ContinuousClock.now - start < .seconds(20) { try? await Task.sleep(for: .milliseconds(10)) }
        }
        func order(number: String) async throws(BackendError) -> Order? {
            await enter()
            return try await inner.order(number: number)
        }
        func shipments(of order: Order) async throws(BackendError) -> [Shipment] {
            await enter()
            return try await inner.shipments(of: order)
        }
        func orders(email: String, limit: Int) async throws(BackendError) -> [Order] {
            await enter()
            return try await inner.orders(email: email, limit: limit)
        }
        func customer(email: String) async throws(BackendError) -> CustomerMatch { try await inner.customer(email: email) }
        func invoices(of order: Order) async throws(BackendError) -> [Invoice] { try await inner.invoices(of: order) }
        func refunds(of order: Order) async throws(BackendError) -> [Refund] { try await inner.refunds(of: order) }
        func comments(of order: Order) async throws(BackendError) -> [OrderComment] { try await inner.comments(of: order) }
        func close() async {}
    }

    /// Log lines kept for the test to count.
    struct CollectingHandler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            lines.lines.withLock { $0.append((event.level, "\(event.message)")) }
        }
    }

    static func engine(
        _ store: FaultyStore, backend: CountingBackend = CountingBackend(), stateTimeout: Duration = .milliseconds(400),
        lookupDeadline: Duration = .seconds(8), logs: LogLines? = nil
    ) -> ConversationEngine {
        var logger = Logger(label: "fail-closed-test")
        if let logs { logger = Logger(label: "fail-closed-test") { _ in CollectingHandler(lines: logs) } }
        logger.logLevel = logs == nil ? .critical : .info
        return ConversationEngine(
            catalog: ConversationEngineTests.catalog, extractor: try! EntityExtractor(), backend: backend, store: store,
            settings: EngineSettings(stateTimeout: stateTimeout, lookupDeadline: lookupDeadline), logger: logger)
    }

    static let stateUnavailableEnglish = ConversationEngineTests.catalog.locale("en").reply("state_unavailable", intent: nil)!.render([:], choosing: 0)

    static func timed<T>(_ work: () async -> T) async -> (T, Duration) {
        let start = ContinuousClock.now
        let value = await work()
        return (value, ContinuousClock.now - start)
    }

    @Test func aStoreThatStopsAnsweringIsAnsweredByFailingClosedWithinTheDeadline() async {
        let store = FaultyStore()
        let backend = CountingBackend()
        let engine = Self.engine(store, backend: backend)
        store.set(.hangs)
        defer { store.set(.works) }
        let (result, elapsed) = await Self.timed {
            await engine.handle(TurnInput(conversationID: "h", text: "where is order 000000101? my email is jane.doe@example.com"))
        }
        #expect(elapsed < .milliseconds(400 + 500), "answered after \(elapsed)")
        #expect(result.handoff?.reason == .stateUnavailable)
        #expect(result.reply == Self.stateUnavailableEnglish.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(!result.verified)
        #expect(result.lookups.isEmpty && backend.calls.load(ordering: .relaxed) == 0)
        #expect(result.events.disclosures.isEmpty)
        #expect(result.events.stateFailure == .lock)
        // The agent still gets what the customer said.
        #expect(result.handoff?.order == "000000101")
    }

    @Test func theDeadlineCoversAllStoreOperationsOfATurnTogether() async {
        let store = FaultyStore()
        // Lock, load, counters and save: each alone well within 400 ms, together not.
        store.set(.slow(.milliseconds(150)))
        let engine = Self.engine(store)
        _ = await engine.handle(TurnInput(conversationID: "s", text: "where is my order 000000101"))
        let (result, elapsed) = await Self.timed { await engine.handle(TurnInput(conversationID: "s", text: "jane.doe@example.com")) }
        #expect(elapsed < .milliseconds(400 + 500), "answered after \(elapsed)")
        #expect(result.handoff?.reason == .stateUnavailable)
        #expect(!result.verified && result.events.disclosures.isEmpty)
    }

    @Test func aSaveThatFailsShowsNothingAndTheConversationGoesOnOnceTheStoreIsBack() async {
        let store = FaultyStore()
        let engine = Self.engine(store)
        let first = await engine.handle(TurnInput(conversationID: "f", text: "where is my order 000000101"))
        #expect(first.awaiting == .email)
        store.set(.fails, for: [.save])
        let failed = await engine.handle(TurnInput(conversationID: "f", text: "jane.doe@example.com"))
        // The proof worked and the order was found, but it could not be kept: nothing is shown.
        #expect(failed.handoff?.reason == .stateUnavailable)
        #expect(!failed.reply.contains("1Z999") && !failed.reply.contains("shipped"))
        #expect(!failed.verified && failed.events.disclosures.isEmpty)
        #expect(failed.events.stateFailure == .save)
        store.set(.works)
        // Recovery by itself: the saved state from before the outage continues.
        let again = await engine.handle(TurnInput(conversationID: "f", text: "jane.doe@example.com"))
        #expect(again.verified)
        #expect(again.reply.contains("1Z999"))
    }

    @Test func withoutTheLockoutCountersNoProofIsChecked() async {
        let store = FaultyStore()
        let backend = CountingBackend()
        let engine = Self.engine(store, backend: backend)
        store.set(.fails, for: [.counters])
        let result = await engine.handle(TurnInput(conversationID: "p", text: "order 000000101, my email is jane.doe@example.com"))
        #expect(result.handoff?.reason == .stateUnavailable)
        #expect(backend.calls.load(ordering: .relaxed) == 0, "a lookup ran although the lockout could not be checked")
        #expect(!result.verified && result.events.stateFailure == .counters)
    }

    @Test func anOutageIsLoggedOnceAndItsEndOnce() async {
        let logs = LogLines()
        let store = FaultyStore()
        let engine = Self.engine(store, logs: logs)
        store.set(.fails)
        for turn in 0..<4 {
            let result = await engine.handle(TurnInput(conversationID: "o\(turn)", text: "hello"))
            #expect(result.handoff?.reason == .stateUnavailable)
        }
        store.set(.works)
        let back = await engine.handle(TurnInput(conversationID: "o9", text: "hello"))
        #expect(back.handoff == nil)
        let lines = logs.all
        #expect(lines.filter { $0.0 == .error && $0.1.contains("state store unavailable") }.count == 1, "\(lines)")
        #expect(lines.filter { $0.1.contains("state store is back") }.count == 1, "\(lines)")
        #expect(lines.count == 2, "\(lines)")
    }

    @Test func theGermanCustomerIsToldInGerman() async {
        let store = FaultyStore()
        let engine = Self.engine(store)
        store.set(.fails)
        let result = await engine.handle(TurnInput(conversationID: "d", text: "Wo ist meine Bestellung 000000101?", locale: "de"))
        #expect(result.handoff?.reason == .stateUnavailable)
        #expect(result.reply.contains("Team"))
        #expect(result.reply != Self.stateUnavailableEnglish)
    }

    @Test func aTurnWaitingForALiveTurnOfItsConversationIsNotAnOutage() async {
        let store = FaultyStore()
        let backend = CountingBackend()
        let engine = Self.engine(store, backend: backend)
        backend.hanging.store(true, ordering: .relaxed)
        let vouched = CustomerContext(email: "jane.doe@example.com", verified: true)
        // The first turn holds the conversation for a second (a slow Magento), well past the 400 ms state deadline.
        let first = Task { await engine.handle(TurnInput(conversationID: "w", text: "where is order 000000101?", customer: vouched)) }
        try? await Task.sleep(for: .milliseconds(100))
        let second = Task { await engine.handle(TurnInput(conversationID: "w", text: "thanks", customer: vouched)) }
        try? await Task.sleep(for: .seconds(1))
        backend.hanging.store(false, ordering: .relaxed)
        let (answered, waited) = (await first.value, await second.value)
        #expect(answered.verified)
        #expect(waited.handoff == nil, "\(String(describing: waited.handoff))")
        #expect(engine.stateHealth.status == .ok)
    }

    @Test func allLookupsOfATurnEndAtTheLookupDeadline() async {
        let store = FaultyStore()
        let backend = CountingBackend()
        backend.hanging.store(true, ordering: .relaxed)
        defer { backend.hanging.store(false, ordering: .relaxed) }
        let engine = Self.engine(store, backend: backend, lookupDeadline: .milliseconds(300))
        let vouched = CustomerContext(email: "jane.doe@example.com", verified: true)
        let (result, elapsed) = await Self.timed {
            await engine.handle(TurnInput(conversationID: "m", text: "where is order 000000101?", customer: vouched))
        }
        #expect(elapsed < .milliseconds(300 + 500), "answered after \(elapsed)")
        #expect(result.handoff?.reason == .backendUnavailable)
        #expect(result.lookups.map(\.outcome) == [.error])
        #expect(engine.backendHealth.status != .ok)
    }
}

/// Log lines a test reads back.
final class LogLines: Sendable {
    let lines = Mutex<[(Logger.Level, String)]>([])
    var all: [(Logger.Level, String)] { lines.withLock { $0 } }
}
