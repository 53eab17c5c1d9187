/// Reads which of the two offered intents a customer picked ("is this about where your order is,
/// or about a refund?"): a position ("the first", "die zweite", "the latter"), else whichever of the
/// two the answer reads closer to ("the refund", "where it is"). An answer about something else
/// altogether, clearly, is taken as that; one that says nothing picks nothing.
enum IntentChoice {
    static let former: Set<String> = ["former", "ersteres", "erstere", "ersterem"]
    static let latter: Set<String> = ["latter", "letzteres", "letztere", "letzterem", "zweiteres"]

    static func pick(_ text: String, among choices: [String], ranking: [IntentPrediction]) -> String? {
        guard choices.count == 2 else { return nil }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        for word in words {
            if former.contains(word) { return choices[0] }
            if latter.contains(word) { return choices[1] }
            if let position = OrderChoice.positions[word] {
                if position == 1 { return choices[0] }
                if position == 2 || position == .max { return choices[1] }
            }
        }
        let likelihood = Dictionary(ranking.map { ($0.name, $0.confidence) }, uniquingKeysWith: max)
        let first = likelihood[choices[0]] ?? 0, second = likelihood[choices[1]] ?? 0
        if let top = ranking.first, !choices.contains(top.name), top.confidence >= 0.5, ClarificationRule.askable.contains(top.name) {
            return top.name
        }
        guard max(first, second) >= 0.05 else { return nil }
        return first >= second ? choices[0] : choices[1]
    }
}
