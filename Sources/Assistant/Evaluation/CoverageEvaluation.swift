/// What a customer experiences at the configured thresholds: the share of messages answered
/// straight away, asked to choose between two intents, or taken as out of scope — and how often the
/// answered ones are right. Asking trades a turn for a right answer; this shows the trade.
public struct CoverageEvaluation: Sendable {
    public private(set) var total = 0
    public private(set) var answered = 0
    public private(set) var answeredRight = 0
    public private(set) var clarified = 0
    /// Clarified lines whose expected intent was one of the two offered.
    public private(set) var clarifiedRight = 0
    public private(set) var outOfScope = 0

    public init() {}

    public mutating func record(_ testCase: IntentEvaluation.Case, understanding: Understanding) {
        total += 1
        if understanding.choices.count == 2 {
            clarified += 1
            if understanding.choices.contains(where: testCase.accepts) { clarifiedRight += 1 }
        } else if understanding.prediction.name == "out_of_scope" {
            outOfScope += 1
        } else {
            answered += 1
            if testCase.accepts(understanding.prediction.name) { answeredRight += 1 }
        }
    }

    static func share(_ part: Int, of whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
    public var answeredShare: Double { Self.share(answered, of: total) }
    public var clarifiedShare: Double { Self.share(clarified, of: total) }
    public var outOfScopeShare: Double { Self.share(outOfScope, of: total) }
    public var accuracyAnswered: Double { Self.share(answeredRight, of: answered) }
    public var clarifiedContainsRight: Double { Self.share(clarifiedRight, of: clarified) }
}
