import Foundation

extension ConversationEngine {
    /// The turn's answer when the conversation store could not be used in time.
    ///
    /// Fail closed: without the conversation and the lockout counters behind it no proof is checked
    /// or accepted and nothing about an order is shown (a prober must not get unlimited tries by
    /// waiting for an outage), so the customer is told a person will take over (handoff reason
    /// `state_unavailable`) and the agent gets the identifiers this message carried. Lookups the
    /// turn already made are reported; nothing they found is.
    func failClosed(
        _ input: TurnInput, failure: any Error, conversation: Conversation? = nil, lookups: [LookupRecord] = [],
        events: TurnEvents = TurnEvents()
    ) -> TurnResult {
        let locale = catalog.locale(catalog.localeCode(for: input.text, given: input.locale ?? conversation?.locale))
        var slots = conversation?.slots ?? [:]
        let entities = extractor.extract(input.text, awaiting: conversation?.awaiting)
        let said: [(Slot, String?)] = [(.orderNumber, entities.orderNumber), (.email, entities.email), (.postcode, entities.postcode), (.name, entities.name)]
        for (slot, value) in said {
            if let value { slots[slot.rawValue] = value }
        }
        var summary = DialoguePolicy.summary(of: .stateUnavailable, maximumFailedAttempts: settings.maximumFailedAttempts)
        let order = slots[Slot.orderNumber.rawValue]
        if let order { summary += " about order #\(order)" }
        let seed = DialoguePolicy.replySeed(conversation: input.conversationID, turns: conversation?.turns ?? 0)
        let reply = locale.reply(Self.stateUnavailableReply(in: locale), intent: nil)?.render([:], choosing: seed) ?? ""
        return TurnResult(
            conversationID: input.conversationID,
            reply: reply.trimmingCharacters(in: .whitespacesAndNewlines),
            intent: catalog.classify(input.text, locale: locale.locale, threshold: settings.confidenceThreshold),
            slots: slots,
            awaiting: nil,
            verified: false,
            handoff: Handoff(reason: .stateUnavailable, summary: summary + ".", slots: slots, verification: "none", order: order),
            lookups: lookups,
            events: TurnEvents(
                verificationFailed: events.verificationFailed, lockedOut: events.lockedOut,
                stateFailure: (failure as? StateStoreFailure)?.operation ?? events.stateFailure ?? .lock)
        )
    }

    /// `state_unavailable`, or for an intents directory written before it existed the required
    /// `backend_unavailable` (which also says a person takes over).
    static func stateUnavailableReply(in locale: LocaleCatalog) -> String {
        locale.reply("state_unavailable", intent: nil) != nil ? "state_unavailable" : "backend_unavailable"
    }
}
