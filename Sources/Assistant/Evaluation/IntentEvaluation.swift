/// Intent accuracy, macro-F1 and per-intent precision/recall/F1 over labelled messages, the way
/// `rasa test nlu` reports them; a prediction listed in a line's `also_acceptable` counts as right.
public struct IntentEvaluation: Sendable {
    public struct Case: Sendable {
        public var text: String
        public var intent: String
        public var alsoAcceptable: [String]
        public var locale: String?

        public init(text: String, intent: String, alsoAcceptable: [String] = [], locale: String? = nil) {
            self.text = text
            self.intent = intent
            self.alsoAcceptable = alsoAcceptable
            self.locale = locale
        }

        /// Whether `predicted` counts as right for this line.
        public func accepts(_ predicted: String) -> Bool { predicted == intent || alsoAcceptable.contains(predicted) }
    }

    public struct Score: Sendable, Equatable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }

    public private(set) var total = 0
    public private(set) var correct = 0
    /// gold → predicted → count, for the wrong predictions.
    public private(set) var confusions: [String: [String: Int]] = [:]
    private var truePositives: [String: Int] = [:]
    private var falsePositives: [String: Int] = [:]
    private var falseNegatives: [String: Int] = [:]
    private var support: [String: Int] = [:]

    public init() {}

    public mutating func record(_ testCase: Case, predicted: String) {
        total += 1
        support[testCase.intent, default: 0] += 1
        if testCase.accepts(predicted) {
            correct += 1
            truePositives[testCase.intent, default: 0] += 1
        } else {
            falsePositives[predicted, default: 0] += 1
            falseNegatives[testCase.intent, default: 0] += 1
            confusions[testCase.intent, default: [:]][predicted, default: 0] += 1
        }
    }

    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Every intent that was expected or predicted.
    public var intents: [String] { Set(support.keys).union(falsePositives.keys).sorted() }

    public func score(_ intent: String) -> Score {
        let counts = Counts(
            truePositives: truePositives[intent] ?? 0, falsePositives: falsePositives[intent] ?? 0,
            falseNegatives: falseNegatives[intent] ?? 0)
        let (precision, recall, f1) = counts.scores(whenUndefined: 0)
        return Score(precision: precision, recall: recall, f1: f1, support: support[intent] ?? 0)
    }

    /// The unweighted mean of the per-intent F1 scores.
    public var macroF1: Double {
        let all = intents
        return all.isEmpty ? 0 : all.map { score($0).f1 }.reduce(0, +) / Double(all.count)
    }

    /// The most frequent wrong predictions, largest first.
    public func topConfusions(_ count: Int = 10) -> [(gold: String, predicted: String, count: Int)] {
        confusions.flatMap { gold, row in row.map { (gold: gold, predicted: $0.key, count: $0.value) } }
            .sorted { ($0.count, $1.gold, $1.predicted) > ($1.count, $0.gold, $0.predicted) }
            .prefix(count).map { $0 }
    }
}

/// True and false positives and negatives, and the precision, recall and F1 they make.
struct Counts {
    var truePositives: Int
    var falsePositives: Int
    var falseNegatives: Int

    /// `whenUndefined` is the precision (recall) when nothing was predicted (expected).
    func scores(whenUndefined: Double) -> (precision: Double, recall: Double, f1: Double) {
        let tp = Double(truePositives)
        let predicted = tp + Double(falsePositives)
        let expected = tp + Double(falseNegatives)
        let precision = predicted == 0 ? whenUndefined : tp / predicted
        let recall = expected == 0 ? whenUndefined : tp / expected
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return (precision, recall, f1)
    }
}
