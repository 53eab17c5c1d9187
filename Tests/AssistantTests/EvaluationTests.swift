import Assistant
import Testing

@Suite struct EvaluationTests {
    @Test func intentFiguresAreTheUsualOnes() {
        var evaluation = IntentEvaluation()
        let cases: [(String, String, [String])] = [
            ("order_status", "order_status", []), ("order_status", "order_status", []), ("order_status", "greeting", []),
            ("greeting", "greeting", []), ("thanks", "goodbye", ["goodbye"]), ("goodbye", "order_status", []),
        ]
        for (gold, predicted, also) in cases {
            evaluation.record(IntentEvaluation.Case(text: "…", intent: gold, alsoAcceptable: also), predicted: predicted)
        }
        #expect(evaluation.total == 6)
        #expect(evaluation.correct == 4)
        // order_status: 2 right of 3 expected, 2 right of 3 predicted.
        let status = evaluation.score("order_status")
        #expect(abs(status.precision - 2.0 / 3) < 1e-9 && abs(status.recall - 2.0 / 3) < 1e-9 && status.support == 3)
        // greeting: predicted twice, right once.
        #expect(evaluation.score("greeting").precision == 0.5)
        #expect(evaluation.score("goodbye").f1 == 0)
        // An also-acceptable prediction counts for the expected intent.
        #expect(evaluation.score("thanks").recall == 1)
        #expect(evaluation.topConfusions().first.map { "\($0.gold)→\($0.predicted)" } == "goodbye→order_status")
        let f1s = evaluation.intents.map { evaluation.score($0).f1 }
        #expect(abs(evaluation.macroF1 - f1s.reduce(0, +) / Double(f1s.count)) < 1e-12)
    }

    @Test func slotFiguresCountFalseOrderNumbers() {
        var evaluation = SlotEvaluation()
        evaluation.record(.init(text: "a", slots: ["order_number": "000000101"]), extracted: ExtractedEntities(orderNumber: "000000101"))
        evaluation.record(.init(text: "b", slots: [:]), extracted: ExtractedEntities(orderNumber: "5551234567"))
        evaluation.record(.init(text: "c", slots: ["order_number": "000000102"]), extracted: ExtractedEntities(orderNumber: "000000103"))
        evaluation.record(.init(text: "d", slots: ["email": "jane@example.com"]), extracted: ExtractedEntities())
        #expect(evaluation.exactMatch == 0.25)
        #expect(evaluation.falseOrderNumbers == 2)
        let order = evaluation.score("order_number")
        #expect(abs(order.precision - 1.0 / 3) < 1e-9 && order.recall == 0.5)
        #expect(evaluation.score("email").recall == 0)
        #expect(evaluation.score("postcode").f1 == 1)
    }
}
