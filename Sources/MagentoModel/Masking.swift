/// How customers' personal data is written where people other than the support team may read it
/// (logs, audit lines, transcript logs): recognisable to whoever already knows the value, useless to
/// anyone else.
public enum Masking {
    /// "jane.doe@example.com" → "j***@e***.com".
    public static func email(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@") else { return "***" }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        let tld = domain.lastIndex(of: ".").map { String(domain[$0...]) } ?? ""
        return "\(local.first.map(String.init) ?? "")***@\(domain.first.map(String.init) ?? "")***\(tld)"
    }

    /// Free text with every email masked, every run of three or more digits (phone numbers, street
    /// numbers, postcodes, card numbers) hidden except `keeping` (the order number), and the
    /// `sensitive` values (a name, a postcode the customer gave) hidden wherever they occur.
    public static func text(_ text: String, keeping kept: Set<String> = [], sensitive: [String] = []) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map { maskWord($0, keeping: kept) }
        // Street names: "Elm Street", "Old Mill Road", "Hauptstraße": the suffix and the capitalised
        // words before it.
        for index in words.indices where isStreetWord(words[index]) {
            words[index] = "•••" + trailingPunctuation(words[index])
            var before = index - 1
            while before >= 0, index - before <= 3, let first = words[before].first, first.isUppercase, first.isLetter {
                words[before] = "•••"
                before -= 1
            }
        }
        var result = words.joined(separator: " ")
        for value in sensitive where value.count >= 2 {
            result = replacingCaseInsensitive(value, in: result)
        }
        return result
    }

    static let streetSuffixes: Set<String> = [
        "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "boulevard", "blvd", "way", "court", "ct",
        "place", "pl", "terrace", "crescent", "close", "strasse", "straße", "str", "weg", "allee", "platz", "gasse", "ring", "damm",
    ]

    static func isStreetWord(_ word: String) -> Bool {
        let bare = word.lowercased().filter(\.isLetter)
        guard !bare.isEmpty else { return false }
        if streetSuffixes.contains(bare), word.first?.isUppercase == true { return true }
        return bare.count > 7 && (bare.hasSuffix("straße") || bare.hasSuffix("strasse"))
    }

    static func trailingPunctuation(_ word: String) -> String {
        String(word.reversed().prefix { $0.isPunctuation }.reversed())
    }

    static func maskWord(_ word: Substring, keeping kept: Set<String>) -> String {
        if word.contains("@") {
            let trimmed = word.trimmingCharacters(in: { !$0.isLetter && !$0.isNumber })
            return trimmed.contains("@") ? email(String(trimmed)) : String(word)
        }
        var output = ""
        var digits = ""
        func flush() {
            if digits.count >= 3, !kept.contains(digits) { output += "•••" } else { output += digits }
            digits = ""
        }
        for character in word {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }

    static func replacingCaseInsensitive(_ value: String, in text: String) -> String {
        var result = text
        var searchStart = result.startIndex
        while let range = result.range(of: value, options: .caseInsensitive, range: searchStart..<result.endIndex) {
            result.replaceSubrange(range, with: "•••")
            searchStart = result.index(range.lowerBound, offsetBy: 3, limitedBy: result.endIndex) ?? result.endIndex
        }
        return result
    }

    /// Slot values for a log line: the order number as is, everything else masked.
    public static func slots(_ slots: [String: String]) -> String {
        slots.keys.sorted().map { key in
            let value = slots[key]!
            switch key {
            case "order_number": return "\(key)=\(value)"
            case "email": return "\(key)=\(email(value))"
            default: return "\(key)=•••"
            }
        }.joined(separator: " ")
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in predicate: (Character) -> Bool) -> Substring {
        var slice = self
        while let first = slice.first, predicate(first) { slice = slice.dropFirst() }
        while let last = slice.last, predicate(last) { slice = slice.dropLast() }
        return slice
    }
}
