import Foundation
import MagentoModel

/// What the policy decided for one turn.
struct PolicyOutcome {
    var reply: String
    var intent: IntentPrediction
    var awaiting: Slot?
    var verified: Bool
    var handoff: Handoff?
}

/// Decides one turn: fill slots, ask for what is missing, verify, look up, answer or hand off.
///
/// The order of checks is the product's promise: nothing about an order is looked up for display,
/// or shown, before the asker has proven it is theirs (or the helpdesk vouched for them), and a
/// failed proof reads the same whether the order, the email or the postcode was wrong.
struct DialoguePolicy {
    let catalog: IntentCatalog
    let locale: LocaleCatalog
    let extractor: EntityExtractor
    let settings: EngineSettings
    let input: TurnInput
    /// The input's text read as an email: new words, signature, thread.
    let email: EmailReading
    var conversation: Conversation
    var lookups: LookupRunner
    /// Keeps the failed-proof counters shared by every conversation (within the turn's deadline).
    let store: TurnStateAccess
    let now: Date
    /// Disclosures, failed proofs and lockouts of this turn.
    var events = TurnEvents()
    /// Whether this turn showed a helpdesk-verified customer their account.
    var showedVouchedAccount: Bool { events.disclosures.contains { $0.kind == .account } }

    /// Intents served by looking up one order.
    static let orderIntents: Set<String> = [
        "order_status", "order_details", "invoice", "refund_status", "cancel_order", "change_address", "return_request",
    ]
    /// Intents asking for something magedesk cannot do (it only reads): it explains what the order's
    /// state allows and hands over to the team (reason action_requested), never claiming it was done.
    static let actionIntents: Set<String> = ["cancel_order", "change_address", "return_request"]
    /// Intents answered by their own reply alone.
    static let smallTalk: Set<String> = ["greeting", "thanks", "goodbye"]

    /// The email this turn is vouched for (a helpdesk's `verified`, or `serve`'s checked identity
    /// token), lower-cased; nil for an anonymous turn. The only key to an account's orders.
    var vouchedEmail: String? {
        guard let customer = input.customer, customer.verified,
            let email = customer.email?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), !email.isEmpty
        else { return nil }
        return email
    }

    /// A proof the helpdesk vouched for belongs to the vouched customer: it holds only while the turn
    /// is vouched for the same email, so a customer who logs out, or another who logs in to the same
    /// chat, starts without it. The orders listed to a vouched customer go with it.
    mutating func forgetWhatOthersWereVouchedFor() {
        if let proof = conversation.proof, proof.method == .helpdesk, proof.ownerEmail.lowercased() != vouchedEmail {
            conversation.proof = nil
        }
        if vouchedEmail == nil { conversation.orderChoices = nil }
    }

    mutating func decide() async -> PolicyOutcome {
        forgetWhatOthersWereVouchedFor()
        // Asked which of two things the message is about, a customer may answer with the proof instead.
        let asked = conversation.awaiting == .intentChoice ? .email : conversation.awaiting
        var entities = extractor.extract(email, awaiting: asked, subject: input.subject)
        // "the second one", "2", "the one ending 105": a pick from the orders just listed.
        if conversation.awaiting == .orderChoice, let choices = conversation.orderChoices,
            let picked = OrderChoice.pick(input.text, among: choices, extracted: entities.orderNumber)
        {
            entities.orderNumber = picked
        }
        // The answer to "is this about A, or about B?" picks one of the two (or names something else).
        var chosen: String?
        if conversation.awaiting == .intentChoice, let options = conversation.intentChoices {
            chosen = IntentChoice.pick(email.newWords, among: options, ranking: catalog.ranking(email.newWords, locale: locale.locale))
            // Only an identifier in answer (the proof, a number): go on with the likelier of the two.
            if chosen == nil, !entities.isEmpty, isMostlyIdentifiers(email.newWords, givesProof: true) { chosen = options.first }
        }
        conversation.intentChoices = nil
        let mayAsk = chosen == nil && conversation.awaiting != .orderChoice && locale.reply("ask_intent_choice", intent: nil) != nil
        let understanding = catalog.understand(
            email, subject: input.subject, locale: locale.locale, threshold: settings.confidenceThreshold,
            clarification: mayAsk ? settings.clarification : nil)
        let prediction = chosen.map { IntentPrediction(name: $0, confidence: 1) } ?? understanding.prediction
        // Out of scope, by the classifier or below its threshold: nothing magedesk can serve.
        let understood = prediction.name != "out_of_scope"

        // A message that only answers the pending question continues the intent in progress.
        let bareAnswer = conversation.awaiting != nil && conversation.activeIntent != nil && !entities.isEmpty
            && isMostlyIdentifiers(email.newWords, givesProof: entities.email != nil || entities.postcode != nil)
        let reported = bareAnswer ? IntentPrediction(name: conversation.activeIntent!, confidence: 1) : prediction
        fill(entities)

        var intent = reported.name
        // An identifier given mid-flow without a clear new question keeps the flow going; so does a
        // short follow-up about another order the classifier is unsure of ("what about order 000000107?").
        let keepsFlow = !bareAnswer && !entities.isEmpty && conversation.activeIntent != nil
            && (!understood || intent == "out_of_scope"
                || entities.orderNumber != nil && understanding.top.confidence < DialoguePolicy.clearAsk
                    && isMostlyIdentifiers(email.newWords, givesProof: false))
        if keepsFlow, let active = conversation.activeIntent { intent = active }
        // Nothing usable in answer to a question: the question is asked again, firmer each time.
        // Small talk must be clear to leave a pending question ("hmm not sure" is no goodbye).
        let unsureSmallTalk = DialoguePolicy.smallTalk.contains(prediction.name) && prediction.confidence < 0.6
        let missedAnswer = conversation.awaiting != nil && entities.isEmpty && (!understood || unsureSmallTalk)
        if missedAnswer, let active = conversation.activeIntent { intent = active }
        // An order number with no question at all is most likely about that order's status.
        if intent == "out_of_scope", entities.orderNumber != nil { intent = "order_status" }

        // An upset customer gets an apology and a person, not more questions.
        if UpsetDetection.isUpset(input.text, phrases: locale.upsetPhrases) {
            var outcome = reply("upset_handoff", intent: nil, awaiting: nil)
            outcome.handoff = handoff(.angry)
            outcome.intent = reported
            outcome.verified = isVerifiedForCurrentOrder
            return outcome
        }

        // Unsure between two things magedesk serves: one short either/or question, then on.
        if understanding.choices.count == 2, !bareAnswer, !keepsFlow, !missedAnswer,
            let first = topic(understanding.choices[0]), let second = topic(understanding.choices[1])
        {
            conversation.intentChoices = understanding.choices
            conversation.lowConfidenceStreak = 0
            var outcome = reply("ask_intent_choice", intent: nil, awaiting: .intentChoice, context: ["first": first, "second": second])
            outcome.intent = understanding.top
            outcome.verified = isVerifiedForCurrentOrder
            return outcome
        }

        // Not understood twice in a row (and nothing usable in the message): a person takes over.
        let lost = !understood && !bareAnswer && entities.isEmpty && intent == "out_of_scope" && !missedAnswer
        conversation.lowConfidenceStreak = lost ? (conversation.lowConfidenceStreak ?? 0) + 1 : 0
        if lost, (conversation.lowConfidenceStreak ?? 0) >= 2 {
            var outcome = reply("low_confidence_handoff", intent: nil, awaiting: nil)
            outcome.handoff = handoff(.lowConfidence)
            outcome.intent = reported
            outcome.verified = isVerifiedForCurrentOrder
            conversation.lowConfidenceStreak = 0
            return outcome
        }

        var outcome: PolicyOutcome
        if DialoguePolicy.smallTalk.contains(intent) {
            outcome = reply("reply", intent: intent, awaiting: nil)
        } else if intent == "human_handoff" {
            outcome = reply("reply", intent: intent, awaiting: nil)
            outcome.handoff = handoff(.customerRequest)
        } else if DialoguePolicy.orderIntents.contains(intent) {
            conversation.activeIntent = intent
            outcome = await serveOrder(intent: intent)
        } else if intent == "account_lookup" {
            outcome = await serveAccount()
        } else {
            outcome = reply("fallback", intent: nil, awaiting: nil)
        }
        outcome.intent = reported
        outcome.verified = isVerifiedForCurrentOrder || showedVouchedAccount
        return outcome
    }

    // MARK: Slots

    mutating func fill(_ entities: ExtractedEntities) {
        if let number = entities.orderNumber, conversation.slots[Slot.orderNumber.rawValue] != number {
            conversation.slots[Slot.orderNumber.rawValue] = number
            conversation.repeatedAsks = 0
        }
        if let email = entities.email { conversation.slots[Slot.email.rawValue] = email }
        if let postcode = entities.postcode { conversation.slots[Slot.postcode.rawValue] = postcode }
        if let name = entities.name { conversation.slots[Slot.name.rawValue] = name }
    }

    /// How sure the classifier must be of a short message naming an order for it to change the topic.
    static let clearAsk = 0.5

    /// Whether the message is little more than the identifiers it carries ("jane@example.com",
    /// "it's 10577", "#000000101 please").
    /// Asked for proof, a short sentence around it still answers ("97205 is the billing one").
    func isMostlyIdentifiers(_ text: String, givesProof: Bool) -> Bool {
        let words = text.split(whereSeparator: { $0.isWhitespace }).count
        let askedForProof = conversation.awaiting == .email || conversation.awaiting == .postcode || conversation.awaiting == .intentChoice
        return words <= 4 || givesProof && askedForProof && words <= 8
    }

    var isVerifiedForCurrentOrder: Bool {
        guard let number = conversation.slots[Slot.orderNumber.rawValue], let proof = conversation.proof else { return false }
        return proof.orderNumber == number
    }

    // MARK: Orders

    mutating func serveOrder(intent: String) async -> PolicyOutcome {
        guard let number = conversation.slots[Slot.orderNumber.rawValue] else {
            if let email = vouchedEmail {
                return await offerChoice(intent: intent, email: email)
            }
            return ask(.orderNumber, intent: intent)
        }
        if isVerifiedForCurrentOrder {
            return await answer(intent: intent, number: number)
        }
        if let email = vouchedEmail {
            return await serveVouched(intent: intent, number: number, email: email)
        }
        // A proven email also covers its other orders; anything else needs its own proof.
        let email = conversation.slots[Slot.email.rawValue]
        let postcode = conversation.slots[Slot.postcode.rawValue]
        guard email != nil || postcode != nil || conversation.proof != nil else {
            return ask(.email, intent: intent)
        }
        // A locked order number or email is not even tried, from whatever conversation it comes.
        do {
            if try await store.lockedUntil(keys: lockoutKeys(number: number, email: email), at: now) != nil {
                return locked()
            }
        } catch {
            return stateUnavailable(error)
        }
        let order: Order?
        do {
            order = try await lookups.order(number: number)
        } catch {
            return unavailable(error)
        }
        if let order, let proof = conversation.proof, Verification.emailMatches(proof.ownerEmail, order: order) {
            conversation.proof = .init(orderNumber: number, ownerEmail: proof.ownerEmail, method: proof.method)
            return await answer(intent: intent, order: order)
        }
        if let order, let email, Verification.emailMatches(email, order: order) {
            conversation.proof = .init(orderNumber: number, ownerEmail: order.customerEmail.lowercased(), method: .email)
            return await answer(intent: intent, order: order)
        }
        if let order, let postcode, Verification.billingPostcodeMatches(postcode, order: order) {
            conversation.proof = .init(orderNumber: number, ownerEmail: order.customerEmail.lowercased(), method: .postcode)
            return await answer(intent: intent, order: order)
        }
        if email == nil && postcode == nil {
            // Only an earlier proof for another email: ask for this order's proof.
            return ask(.email, intent: intent)
        }
        return await failedProof(intent: intent)
    }

    /// A helpdesk-verified customer asked about "my order" without its number: their one order is
    /// answered, several are listed to choose from (awaiting order_choice), only their own.
    mutating func offerChoice(intent: String, email: String) async -> PolicyOutcome {
        let orders: [Order]
        do {
            orders = try await lookups.orders(email: email, limit: 5)
        } catch {
            return unavailable(error)
        }
        if orders.count == 1 {
            conversation.slots[Slot.orderNumber.rawValue] = orders[0].number
            return await serveVouched(intent: intent, number: orders[0].number, email: email)
        }
        guard !orders.isEmpty else {
            return reply("account_answer", intent: "account_lookup", awaiting: nil, context: ["orders": [Any](), "has_orders": false])
        }
        let again = conversation.awaiting == .orderChoice
        conversation.orderChoices = orders.map(\.number)
        events.disclosures.append(Disclosure(kind: .account, orderNumber: nil, method: "helpdesk", email: email))
        return reply(again ? "ask_order_choice_again" : "ask_order_choice", intent: intent, awaiting: .orderChoice, context: ["orders": orderList(orders)])
    }

    func orderList(_ orders: [Order]) -> [[String: Any]] {
        OrderAnswerContext.markLast(orders.map { order in
            [
                "order_number": order.number, "order_date": order.createdAt.map { LocaleFormatting.date($0, locale: locale.locale) } ?? "",
                "status_text": locale.statusText(order.status),
                "total": LocaleFormatting.money(order.grandTotal, currency: order.currencyCode, locale: locale.locale),
            ]
        })
    }

    mutating func serveVouched(intent: String, number: String, email: String) async -> PolicyOutcome {
        let order: Order?
        do {
            order = try await lookups.order(number: number)
        } catch {
            return unavailable(error)
        }
        guard let order, Verification.emailMatches(email, order: order) else {
            // Unknown and someone else's order read the same.
            var outcome = reply("not_on_your_account", intent: intent, awaiting: .orderNumber, context: ["order_number": number])
            conversation.slots[Slot.orderNumber.rawValue] = nil
            outcome.awaiting = .orderNumber
            return outcome
        }
        conversation.proof = .init(orderNumber: number, ownerEmail: email, method: .helpdesk)
        return await answer(intent: intent, order: order)
    }

    mutating func failedProof(intent: String) async -> PolicyOutcome {
        conversation.failedAttempts += 1
        let keys = lockoutKeys(number: conversation.slots[Slot.orderNumber.rawValue], email: conversation.slots[Slot.email.rawValue])
        // What was offered is dropped: a new attempt must offer it again.
        conversation.slots[Slot.email.rawValue] = nil
        conversation.slots[Slot.postcode.rawValue] = nil
        events.verificationFailed = true
        do {
            if try await store.recordFailedProof(keys: keys, at: now, rule: settings.lockout) != nil { return locked() }
        } catch {
            return stateUnavailable(error)
        }
        if conversation.failedAttempts >= settings.maximumFailedAttempts {
            var outcome = reply("verification_handoff", intent: nil, awaiting: nil)
            outcome.handoff = handoff(.verificationFailed)
            return outcome
        }
        return reply("verification_failed", intent: nil, awaiting: .email)
    }

    /// The failed-proof counters an attempt on this order number (and email) counts against.
    func lockoutKeys(number: String?, email: String?) -> [String] {
        [number.map(LockoutKey.order), email.map(LockoutKey.email)].compactMap { $0 }
    }

    /// Too many failed proofs for this order or email, across conversations: a person takes over.
    /// Worded the same whether the order exists or not.
    mutating func locked() -> PolicyOutcome {
        events.lockedOut = true
        conversation.slots[Slot.email.rawValue] = nil
        conversation.slots[Slot.postcode.rawValue] = nil
        var outcome = reply("verification_locked", intent: nil, awaiting: nil)
        outcome.handoff = handoff(.verificationFailed, detail: "Order number or email locked after repeated failed proofs")
        return outcome
    }

    /// The conversation store could not be asked about lockouts: no proof is tried without it
    /// (the store's health logs the failure once per outage).
    mutating func stateUnavailable(_ error: any Error) -> PolicyOutcome {
        events.stateFailure = (error as? StateStoreFailure)?.operation ?? .counters
        var outcome = reply(ConversationEngine.stateUnavailableReply(in: locale), intent: nil, awaiting: nil)
        outcome.handoff = handoff(.stateUnavailable)
        return outcome
    }

    mutating func answer(intent: String, number: String) async -> PolicyOutcome {
        do {
            guard let order = try await lookups.order(number: number) else { return await failedProof(intent: intent) }
            return await answer(intent: intent, order: order)
        } catch {
            return unavailable(error)
        }
    }

    mutating func answer(intent: String, order: Order) async -> PolicyOutcome {
        conversation.repeatedAsks = 0
        var shipments: [Shipment] = []
        var invoices: [Invoice] = []
        var refunds: [Refund] = []
        do {
            // Each intent looks up only what its answer says.
            switch intent {
            case "invoice": invoices = try await lookups.invoices(of: order)
            case "refund_status": refunds = try await lookups.refunds(of: order)
            case "order_details": break
            default: shipments = try await lookups.shipments(of: order)
            }
        } catch {
            return unavailable(error)
        }
        events.disclosures.append(
            Disclosure(kind: .order, orderNumber: order.number, method: conversation.proof?.method.rawValue ?? "none", email: order.customerEmail))
        let context = OrderAnswerContext.make(
            order: order, shipments: shipments, invoices: invoices, refunds: refunds, catalog: locale, carriers: catalog.carriers)
        var outcome = reply("answer", intent: intent, awaiting: nil, context: context)
        if DialoguePolicy.actionIntents.contains(intent) { outcome.handoff = handoff(.actionRequested) }
        return outcome
    }

    /// account_lookup: the five most recent orders, for a helpdesk-verified email only.
    mutating func serveAccount() async -> PolicyOutcome {
        guard let email = vouchedEmail else {
            return reply("account_needs_login", intent: "account_lookup", awaiting: .orderNumber)
        }
        let orders: [Order]
        do {
            orders = try await lookups.orders(email: email, limit: 5)
            events.disclosures.append(Disclosure(kind: .account, orderNumber: nil, method: "helpdesk", email: email))
        } catch {
            return unavailable(error)
        }
        let entries = orderList(orders)
        return reply("account_answer", intent: "account_lookup", awaiting: nil, context: ["orders": entries, "has_orders": !entries.isEmpty])
    }

    // MARK: Replies

    mutating func ask(_ slot: Slot, intent: String) -> PolicyOutcome {
        let again = conversation.awaiting == slot
        conversation.repeatedAsks = again ? conversation.repeatedAsks + 1 : 0
        // Firmer the second time; from the third on, a person is offered (an offer, not a handoff).
        let suffix = conversation.repeatedAsks == 0 ? "" : conversation.repeatedAsks == 1 ? "_again" : "_offer"
        let key = (slot == .orderNumber ? "ask_order_number" : "ask_verification") + suffix
        let context: [String: Any] = ["order_number": conversation.slots[Slot.orderNumber.rawValue] ?? ""]
        return reply(key, intent: intent, awaiting: slot, context: context)
    }

    mutating func unavailable(_ error: BackendError) -> PolicyOutcome {
        var outcome = reply("backend_unavailable", intent: nil, awaiting: nil)
        outcome.handoff = handoff(.backendUnavailable)
        return outcome
    }

    func reply(_ key: String, intent: String?, awaiting: Slot?, context: [String: Any] = [:]) -> PolicyOutcome {
        // "…_offer" and "…_again" wordings are optional: an offer falls back to the firmer ask, that
        // to the first ask.
        let candidates: [String]
        if key.hasSuffix("_offer") {
            let base = String(key.dropLast("_offer".count))
            candidates = [key, base + "_again", base]
        } else if key.hasSuffix("_again") {
            candidates = [key, String(key.dropLast("_again".count))]
        } else {
            candidates = [key]
        }
        let variants = candidates.lazy.compactMap { locale.reply($0, intent: intent) }.first
        let text = variants?.render(context, choosing: replySeed) ?? ""
        return PolicyOutcome(
            reply: text.trimmingCharacters(in: .whitespacesAndNewlines), intent: IntentPrediction(name: "", confidence: 0),
            awaiting: awaiting, verified: false, handoff: nil)
    }

    /// How the locale names an intent in an either/or question ("where your order is").
    func topic(_ intent: String) -> String? {
        locale.reply("topic_" + intent, intent: nil)?.render([:], choosing: replySeed)
    }

    var replySeed: Int { DialoguePolicy.replySeed(conversation: conversation.id, turns: conversation.turns) }

    /// Stable across processes (Swift's own hashing is seeded per process).
    static func replySeed(conversation id: String, turns: Int) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for byte in id.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return Int(hash % 9973) + turns
    }

    /// `detail` replaces the reason's usual summary line.
    func handoff(_ reason: Handoff.Reason, detail: String? = nil) -> Handoff {
        var summary = detail ?? DialoguePolicy.summary(of: reason, maximumFailedAttempts: settings.maximumFailedAttempts)
        let order = conversation.slots[Slot.orderNumber.rawValue]
        if let order { summary += " about order #\(order)" }
        let verification = isVerifiedForCurrentOrder ? conversation.proof?.method.rawValue ?? "none" : "none"
        if verification != "none" { summary += " (verified by \(verification))" }
        return Handoff(reason: reason, summary: summary + ".", slots: conversation.slots, verification: verification, order: order)
    }

    static func summary(of reason: Handoff.Reason, maximumFailedAttempts: Int) -> String {
        switch reason {
        case .customerRequest: return "Customer asked for a person"
        case .verificationFailed: return "Customer failed to verify \(maximumFailedAttempts) times"
        case .actionRequested: return "Customer asked for an action magedesk cannot take"
        case .backendUnavailable: return "Magento could not be reached"
        case .stateUnavailable: return "The conversation store could not be reached; nothing was verified or shown"
        case .angry: return "Customer is upset"
        case .lowConfidence: return "magedesk did not understand the customer twice"
        }
    }
}

