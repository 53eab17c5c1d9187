import Assistant
import Foundation
import Logging
import Testing

/// Asking "is this about A, or about B?" when unsure, and going on with the answer.
@Suite struct ClarificationTests {
    typealias Fixture = ConversationEngineTests

    /// A rule that asks whenever the two likeliest intents are both served: the test is about the
    /// dialogue, not about where the classifier's figures fall.
    static let alwaysAsk = ClarificationRule(unsureBelow: 1.01, atLeast: 0, runnerUpAtLeast: 0, closerThan: 0)

    static func engine(_ rule: ClarificationRule? = alwaysAsk) -> ConversationEngine {
        ConversationEngine(
            catalog: Fixture.catalog, extractor: try! EntityExtractor(), backend: Fixture.store, store: InMemoryConversationStore(),
            settings: EngineSettings(clarification: rule), logger: Logger(label: "test"))
    }

    @Test func anUnsureMessageIsAskedAboutWithBothTopicsThenAnswered() async {
        let engine = Self.engine()
        let asked = await engine.handle(TurnInput(conversationID: "c", text: "I returned order 000000101, where is my money?"))
        #expect(asked.awaiting == .intentChoice)
        #expect(asked.reply.contains("a refund"))
        #expect(asked.slots["order_number"] == "000000101")  // what the message gave is kept while asking
        #expect(asked.lookups.isEmpty)
        let chosen = await engine.handle(TurnInput(conversationID: "c", text: "the refund"))
        #expect(chosen.intent.name == "refund_status")
        #expect(chosen.awaiting == .email)
        let answered = await engine.handle(TurnInput(conversationID: "c", text: "10577"))
        #expect(answered.verified)
        #expect(answered.intent.name == "refund_status")
    }

    @Test func aPositionPicksFromTheTwoOffered() async {
        let engine = Self.engine()
        let asked = await engine.handle(TurnInput(conversationID: "p", text: "I sent order 000000101 back, has the money gone out?"))
        #expect(asked.awaiting == .intentChoice)
        let picked = await engine.handle(TurnInput(conversationID: "p", text: "the first one"))
        #expect(picked.intent.name == asked.intent.name)
        #expect(picked.awaiting == .email)
    }

    @Test func answeringWithTheProofGoesOnWithTheLikelierIntent() async {
        let engine = Self.engine()
        _ = await engine.handle(TurnInput(conversationID: "q", text: "where is my order 000000101"))
        let proved = await engine.handle(TurnInput(conversationID: "q", text: "jane.doe@example.com"))
        #expect(proved.verified)
        #expect(proved.awaiting == nil)
    }

    @Test func offNeverAsks() async {
        let asked = await Self.engine(nil).handle(TurnInput(conversationID: "o", text: "I returned order 000000101, where is my money?"))
        #expect(asked.awaiting != .intentChoice)
    }

    @Test func theDefaultRuleAsksOnlyInTheMiddleBand() {
        let rule = ClarificationRule()
        let catalog = Fixture.catalog
        // A clear question is answered, not asked about.
        let clear = catalog.understand(EmailReading("where is my parcel? it has not arrived"), locale: "en", threshold: 0.25, clarification: rule)
        #expect(clear.choices.isEmpty)
        #expect(clear.prediction.name == "order_status")
    }

    @Test func coverageCountsAnsweredClarifiedAndOutOfScope() {
        var coverage = CoverageEvaluation()
        let status = IntentEvaluation.Case(text: "a", intent: "order_status")
        coverage.record(status, understanding: Understanding(prediction: IntentPrediction(name: "order_status", confidence: 0.9)))
        coverage.record(status, understanding: Understanding(prediction: IntentPrediction(name: "invoice", confidence: 0.9)))
        coverage.record(
            status,
            understanding: Understanding(
                prediction: IntentPrediction(name: "order_status", confidence: 0.35), choices: ["order_status", "refund_status"]))
        coverage.record(status, understanding: Understanding(prediction: IntentPrediction(name: "out_of_scope", confidence: 0.1)))
        #expect(coverage.total == 4)
        #expect(coverage.answeredShare == 0.5)
        #expect(coverage.clarifiedShare == 0.25)
        #expect(coverage.outOfScopeShare == 0.25)
        #expect(coverage.accuracyAnswered == 0.5)
        #expect(coverage.clarifiedContainsRight == 1)
    }
}
