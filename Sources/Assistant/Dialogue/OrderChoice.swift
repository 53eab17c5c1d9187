/// Reads which of the listed orders a customer picked: the number itself, its position ("2", "the
/// second one", "die zweite", "the last one"), "the latest", or the end of its number ("the one
/// ending in 105"). Only listed orders can be picked, so a pick never reaches another customer's.
enum OrderChoice {
    static func pick(_ text: String, among choices: [String], extracted: String?) -> String? {
        if let extracted, choices.contains(extracted) { return extracted }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        for word in words {
            if let position = positions[word] {
                let index = position == .max ? choices.count - 1 : position - 1
                if choices.indices.contains(index) { return choices[index] }
            }
            if latest.contains(word) { return choices.first }
        }
        // A number that ends exactly one listed order number ("105", "ending 0105").
        for word in words where word.count >= 1 && word.allSatisfy(\.isNumber) {
            if word.count <= 1, let index = Int(word), choices.indices.contains(index - 1) { return choices[index - 1] }
            let matches = choices.filter { $0.hasSuffix(word) }
            if word.count >= 2, matches.count == 1 { return matches[0] }
        }
        return nil
    }

    static let positions: [String: Int] = [
        "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
        "last": .max, "oldest": .max,
        "erste": 1, "ersten": 1, "erstes": 1, "zweite": 2, "zweiten": 2, "dritte": 3, "dritten": 3, "vierte": 4, "vierten": 4,
        "fünfte": 5, "fünften": 5, "letzte": .max, "letzten": .max, "älteste": .max, "ältesten": .max,
    ]
    static let latest: Set<String> = ["latest", "newest", "recent", "neueste", "neuesten", "aktuelle", "aktuellen"]
}
