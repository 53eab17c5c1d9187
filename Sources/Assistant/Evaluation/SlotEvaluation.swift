/// Slot extraction scores over labelled messages: the share extracted exactly, order numbers
/// extracted where there was none (or another), and per-slot precision/recall/F1.
public struct SlotEvaluation: Sendable {
    public struct Case: Sendable {
        public var text: String
        public var slots: [String: String]
        /// The slot that had just been asked for.
        public var asked: Slot?

        public init(text: String, slots: [String: String], asked: Slot? = nil) {
            self.text = text
            self.slots = slots
            self.asked = asked
        }
    }

    public static let slotNames = ["order_number", "email", "postcode", "name"]

    public private(set) var total = 0
    public private(set) var exact = 0
    /// Lines where an order number was extracted that the gold lacks or that has another value.
    public private(set) var falseOrderNumbers = 0
    /// Lines where an email was taken that is not the customer's own (a thread's, the store's, a header's).
    public private(set) var falseEmails = 0
    public private(set) var failures: [(text: String, expected: [String: String], got: [String: String])] = []
    private var truePositives: [String: Int] = [:]
    private var falsePositives: [String: Int] = [:]
    private var falseNegatives: [String: Int] = [:]

    public init() {}

    public static func slots(of entities: ExtractedEntities) -> [String: String] {
        var slots: [String: String] = [:]
        slots["order_number"] = entities.orderNumber
        slots["email"] = entities.email
        slots["postcode"] = entities.postcode
        slots["name"] = entities.name
        return slots
    }

    public mutating func record(_ testCase: Case, extracted: ExtractedEntities) {
        let got = Self.slots(of: extracted)
        total += 1
        if got == testCase.slots { exact += 1 } else { failures.append((testCase.text, testCase.slots, got)) }
        if let number = got["order_number"], testCase.slots["order_number"] != number { falseOrderNumbers += 1 }
        if let email = got["email"], testCase.slots["email"] != email { falseEmails += 1 }
        for name in Self.slotNames {
            switch (testCase.slots[name], got[name]) {
            case (let gold?, let value?) where gold == value: truePositives[name, default: 0] += 1
            case (_?, _?):
                falsePositives[name, default: 0] += 1
                falseNegatives[name, default: 0] += 1
            case (_?, nil): falseNegatives[name, default: 0] += 1
            case (nil, _?): falsePositives[name, default: 0] += 1
            case (nil, nil): break
            }
        }
    }

    public var exactMatch: Double { total == 0 ? 0 : Double(exact) / Double(total) }

    public func score(_ slot: String) -> (precision: Double, recall: Double, f1: Double) {
        // A slot never expected and never extracted scores perfectly: nothing was missed or invented.
        Counts(truePositives: truePositives[slot] ?? 0, falsePositives: falsePositives[slot] ?? 0, falseNegatives: falseNegatives[slot] ?? 0)
            .scores(whenUndefined: 1)
    }
}
