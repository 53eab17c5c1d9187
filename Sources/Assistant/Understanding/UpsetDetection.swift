/// Whether a message shows the customer is upset: one of the locale's `upset:` phrases as whole
/// words, or a message shouted in capitals. An upset customer gets an apology and a person, not a
/// bot that keeps asking for order numbers.
public enum UpsetDetection {
    public static func isUpset(_ text: String, phrases: [String]) -> Bool {
        let lowered = Array(text.lowercased().utf8)
        for phrase in phrases where lowered.containsSequence(phrase.utf8, atWordStart: true, atWordEnd: true) { return true }
        return isShouted(text)
    }

    /// At least three words and 12 letters, nearly all capitals ("WHERE IS MY ORDER, THIS IS A JOKE").
    static func isShouted(_ text: String) -> Bool {
        var letters = 0
        var capitals = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            letters += 1
            if scalar.properties.isUppercase { capitals += 1 }
        }
        let words = text.split(whereSeparator: { $0.isWhitespace }).filter { $0.contains(where: \.isLetter) }.count
        return words >= 3 && letters >= 12 && Double(capitals) >= 0.85 * Double(letters)
    }
}
