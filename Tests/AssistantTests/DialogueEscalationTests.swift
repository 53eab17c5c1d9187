import Assistant
import Foundation
import Logging
import MagentoModel
import Synchronization
import Testing

/// Cross-conversation lockout, re-ask escalation, upset customers, order choice and idle expiry.
@Suite struct DialogueEscalationTests {
    typealias Fixture = ConversationEngineTests

    /// A clock the test moves by hand.
    final class Clock: Sendable {
        let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { current.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func engine(
        store: any ConversationStore = InMemoryConversationStore(), clock: Clock = Clock(), settings: EngineSettings = EngineSettings()
    ) -> ConversationEngine {
        ConversationEngine(
            catalog: Fixture.catalog, extractor: try! EntityExtractor(), backend: Fixture.store, store: store, settings: settings,
            logger: Logger(label: "test"), now: { clock.now })
    }

    static let lockedReply = "For your security I can't check these details right now. I'm passing you to a member of our team, who will help you from here."

    @Test func fiveFailuresAcrossConversationsLockTheOrderEvenAfterReset() async {
        let engine = Self.engine()
        for attempt in 1...4 {
            _ = await engine.handle(TurnInput(conversationID: "probe-\(attempt)", text: "where is order 000000101", reset: true))
            let failed = await engine.handle(TurnInput(conversationID: "probe-\(attempt)", text: "guess\(attempt)@example.com"))
            #expect(failed.handoff == nil, "attempt \(attempt)")
        }
        _ = await engine.handle(TurnInput(conversationID: "probe-1", text: "where is order 000000101", reset: true))
        let fifth = await engine.handle(TurnInput(conversationID: "probe-1", text: "guess5@example.com"))
        #expect(fifth.reply == Self.lockedReply)
        #expect(fifth.handoff?.reason == .verificationFailed)
        // The owner's right email is not even tried while the order is locked.
        _ = await engine.handle(TurnInput(conversationID: "owner", text: "where is order 000000101"))
        let owner = await engine.handle(TurnInput(conversationID: "owner", text: "jane.doe@example.com"))
        #expect(owner.reply == Self.lockedReply)
        #expect(!owner.verified)
        #expect(owner.lookups.isEmpty)
    }

    @Test func theLockRunsOutAfterItsDuration() async {
        let clock = Clock()
        let settings = EngineSettings(lockout: LockoutRule(attempts: 2, window: .seconds(600), duration: .seconds(300)))
        let engine = Self.engine(clock: clock, settings: settings)
        for attempt in 1...2 {
            _ = await engine.handle(TurnInput(conversationID: "p\(attempt)", text: "where is order 000000102"))
            _ = await engine.handle(TurnInput(conversationID: "p\(attempt)", text: "x\(attempt)@example.com"))
        }
        _ = await engine.handle(TurnInput(conversationID: "owner", text: "where is order 000000102"))
        #expect(await engine.handle(TurnInput(conversationID: "owner", text: "10577")).reply == Self.lockedReply)
        clock.advance(301)
        _ = await engine.handle(TurnInput(conversationID: "owner-later", text: "where is order 000000102"))
        let later = await engine.handle(TurnInput(conversationID: "owner-later", text: "10577"))
        #expect(later.verified)
    }

    @Test func unknownAndExistingOrdersLockAlike() async {
        var replies: [[String]] = []
        for number in ["000000101", "000000999"] {
            let engine = Self.engine()
            var seen: [String] = []
            for attempt in 1...5 {
                _ = await engine.handle(TurnInput(conversationID: "c\(attempt)", text: "where is order \(number)"))
                seen.append(await engine.handle(TurnInput(conversationID: "c\(attempt)", text: "w\(attempt)@example.com")).reply)
            }
            replies.append(seen)
        }
        #expect(replies[0] == replies[1])
        #expect(replies[0].last == Self.lockedReply)
    }

    @Test func reAsksGetFirmerThenOfferAPersonWithoutHandingOff() async {
        let engine = Self.engine()
        let first = await engine.handle(TurnInput(conversationID: "c", text: "where is my order?"))
        let second = await engine.handle(TurnInput(conversationID: "c", text: "I don't know"))
        let third = await engine.handle(TurnInput(conversationID: "c", text: "no idea"))
        #expect([first, second, third].allSatisfy { $0.awaiting == .orderNumber && $0.handoff == nil })
        #expect(Set([first.reply, second.reply, third.reply]).count == 3)
        #expect(!first.reply.contains("agent"))
        #expect(third.reply.contains("agent"))
    }

    @Test func anUpsetCustomerIsHandedOverWithWhatIsKnown() async {
        let engine = Self.engine()
        let result = await engine.handle(TurnInput(conversationID: "c", text: "This is unacceptable! Where is order 000000101?"))
        #expect(result.handoff?.reason == .angry)
        #expect(result.handoff?.order == "000000101")
        #expect(result.lookups.isEmpty)
        #expect(!result.reply.contains("shipped"))
    }

    @Test func aVouchedCustomerPicksAmongHerOwnOrdersOnly() async {
        let engine = Self.engine()
        let jane = CustomerContext(email: "jane.doe@example.com", verified: true)
        let list = await engine.handle(TurnInput(conversationID: "c", text: "where is my order?", customer: jane))
        #expect(list.awaiting == .orderChoice)
        #expect(list.reply.contains("000000101") && list.reply.contains("000000102"))
        #expect(!list.reply.contains("000000103"))
        // A number that was not listed is not a pick and reads as an unknown order.
        let other = await engine.handle(TurnInput(conversationID: "c", text: "000000103", customer: jane))
        #expect(!other.verified)
        #expect(other.reply.contains("on your account"))
    }

    @Test func verificationExpiresWithTheIdleConversation() async {
        let clock = Clock()
        let engine = Self.engine(clock: clock)
        _ = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101"))
        #expect(await engine.handle(TurnInput(conversationID: "c", text: "jane.doe@example.com")).verified)
        clock.advance(29 * 60)
        #expect(await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101")).verified)
        clock.advance(31 * 60)
        let expired = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101"))
        #expect(!expired.verified)
        #expect(expired.awaiting == .email)
    }
}

@Suite struct UpsetAndPatternTests {
    static let english = ConversationEngineTests.catalog.locale("en")

    @Test(arguments: [
        "this is ridiculous", "I'm FED UP with this", "worst service ever", "WHERE IS MY ORDER YOU PEOPLE",
        "WO BLEIBT MEINE BESTELLUNG, DAS IST UNMÖGLICH", "WHERE\tIS MY\nORDER YOU PEOPLE",
    ])
    func upset(_ text: String) {
        #expect(UpsetDetection.isUpset(text, phrases: Self.english.upsetPhrases))
    }

    @Test(arguments: [
        "where is my order 000000101?", "Scampi were not in my order", "ORDER 000000101", "is it fraudulent-proof packaging? ok",
        "UPS DHL FEDEX", "ÄÖÜ ÄÖÜ ÄÖÜ", "I ORDERED THE XXL SIZE but it was small",
    ])
    func notUpset(_ text: String) {
        #expect(!UpsetDetection.isUpset(text, phrases: Self.english.upsetPhrases))
    }

    @Test func wholeMessagePatternsDecideTheIntent() {
        let catalog = ConversationEngineTests.catalog
        #expect(catalog.classify("agent", locale: "en", threshold: 0.35) == IntentPrediction(name: "human_handoff", confidence: 1))
        #expect(catalog.classify("Human please!", locale: "en", threshold: 0.35).name == "human_handoff")
        #expect(catalog.classify("Mitarbeiter bitte", locale: "de", threshold: 0.35).name == "human_handoff")
        // A longer question is left to the classifier.
        #expect(catalog.classify("is the agent who packed my order 000000101 on holiday?", locale: "en", threshold: 0.35).confidence < 1)
    }
}
