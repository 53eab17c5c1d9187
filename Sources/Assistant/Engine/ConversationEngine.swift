public import Foundation
public import Logging
public import MagentoModel

/// The assistant: one customer message in, one reply out.
///
/// For each turn it loads the conversation, understands the message (deterministic identifiers
/// first, then the intent), lets the dialogue policy decide (ask, verify, look up, answer or hand
/// off), renders the reply from the catalog's templates and saves the conversation. Channels (REPL,
/// JSON filter, HTTP) only translate to and from `TurnInput` / `TurnResult`.
///
/// ```swift
/// let engine = ConversationEngine(catalog: catalog, extractor: try EntityExtractor(), backend: client,
///                                 store: InMemoryConversationStore(), logger: logger)
/// let result = await engine.handle(TurnInput(conversationID: "t-1", text: "where is order #000000101?"))
/// ```
public final class ConversationEngine: Sendable {
    public let catalog: IntentCatalog
    public let extractor: EntityExtractor
    public let backend: any StoreBackend
    public let store: any ConversationStore
    public let settings: EngineSettings
    /// The conversation store's and Magento's health as the turns found them, for `/health`.
    public let stateHealth: DependencyHealth
    public let backendHealth: DependencyHealth
    let logger: Logger
    let now: @Sendable () -> Date

    public init(
        catalog: IntentCatalog, extractor: EntityExtractor, backend: any StoreBackend, store: any ConversationStore,
        settings: EngineSettings = EngineSettings(), logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.catalog = catalog
        self.extractor = extractor
        self.backend = backend
        self.store = store
        self.settings = settings
        self.logger = logger
        self.now = now
        stateHealth = DependencyHealth(name: "state store", logger: logger)
        backendHealth = DependencyHealth(name: "Magento", logger: logger, level: .warning)
    }

    /// One turn, serialized with any other turn of the same conversation (in this process, and in
    /// every worker sharing the store). Fails closed when the store cannot be used in time: no
    /// proof is checked and nothing about an order is shown without the conversation and the
    /// lockout counters behind it (see `failClosed`).
    public func handle(_ input: TurnInput) async -> TurnResult {
        let lock = TurnStateAccess(store: store, budget: settings.stateTimeout, health: stateHealth)
        // A live turn of this conversation holds the lock at most its own deadlines long.
        let allowance = settings.stateTimeout + settings.lookupDeadline + .seconds(1)
        do {
            return try await lock.withTurnLock(input.conversationID, holderAllowance: allowance) { spent in
                // What taking the lock spent of the budget is gone; a wait for a live holder is not.
                let state = TurnStateAccess(store: self.store, budget: self.settings.stateTimeout - spent, health: self.stateHealth)
                return await self.turn(input, state: state)
            }
        } catch {
            return failClosed(input, failure: error)
        }
    }

    func turn(_ input: TurnInput, state: TurnStateAccess) async -> TurnResult {
        let now = self.now()
        var conversation: Conversation
        do {
            conversation = (input.reset ? nil : try await state.load(input.conversationID)) ?? Conversation(id: input.conversationID, now: now)
            if input.reset { try await state.delete(input.conversationID) }
        } catch {
            return failClosed(input, failure: error)
        }
        if now.timeIntervalSince(conversation.lastActivity) > settings.conversationTimeout.timeInterval {
            conversation = Conversation(id: input.conversationID, now: now)
        }
        // An email is read once: its new words decide the language, the intent and the identifiers.
        let email = EmailReading(input.text)
        let locale = catalog.locale(catalog.localeCode(for: email.newWords, given: input.locale ?? conversation.locale))
        conversation.locale = locale.locale

        var policy = DialoguePolicy(
            catalog: catalog, locale: locale, extractor: extractor, settings: settings, input: input, email: email,
            conversation: conversation,
            lookups: LookupRunner(backend: backend, logger: logger, deadline: settings.lookupDeadline, health: backendHealth), store: state,
            now: now)
        let outcome = await policy.decide()
        policy.lookups.reportSuccess()
        var updated = policy.conversation
        updated.lastActivity = now
        updated.turns += 1
        updated.awaiting = outcome.awaiting
        do {
            try await state.save(updated)
        } catch {
            // Shown but not kept, the next turn would forget it: nothing is shown instead.
            return failClosed(input, failure: error, conversation: updated, lookups: policy.lookups.records, events: policy.events)
        }
        if policy.events.stateFailure == nil { stateHealth.succeeded() }
        if logger.logLevel <= .debug {
            let order = updated.slots[Slot.orderNumber.rawValue]
            let sensitive = [updated.slots[Slot.name.rawValue], updated.slots[Slot.postcode.rawValue], input.customer?.name].compactMap { $0 }
            logger.debug(
                "turn",
                metadata: [
                    "conversation": "\(input.conversationID)",
                    "text": "\(Masking.text(input.text, keeping: order.map { [$0] } ?? [], sensitive: sensitive))",
                    "intent": "\(outcome.intent.name)", "confidence": "\(outcome.intent.confidence)",
                    "slots": "\(Masking.slots(updated.slots))", "awaiting": "\(outcome.awaiting?.rawValue ?? "none")",
                    "verified": "\(outcome.verified)", "handoff": "\(outcome.handoff?.reason.rawValue ?? "none")",
                    "lookups": "\(policy.lookups.records.map { "\($0.operation.rawValue):\($0.outcome.rawValue)" }.joined(separator: ","))",
                ])
        }
        return TurnResult(
            conversationID: input.conversationID,
            reply: outcome.reply,
            intent: outcome.intent,
            slots: updated.slots,
            awaiting: outcome.awaiting,
            verified: outcome.verified,
            handoff: outcome.handoff,
            lookups: policy.lookups.records,
            events: policy.events
        )
    }
}
