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
        var words = 0
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (most messages), byte by byte: this runs on every turn.
            var inWord = false
            var wordHasLetter = false
            for byte in text.utf8 {
                if Punctuation.isSpace(byte) {
                    if inWord, wordHasLetter { words += 1 }
                    inWord = false
                    wordHasLetter = false
                    continue
                }
                inWord = true
                if byte >= 0x41 && byte <= 0x5A {
                    letters += 1
                    capitals += 1
                    wordHasLetter = true
                } else if byte >= 0x61 && byte <= 0x7A {
                    letters += 1
                    wordHasLetter = true
                }
            }
            if inWord, wordHasLetter { words += 1 }
        } else {
            for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
                letters += 1
                if scalar.properties.isUppercase { capitals += 1 }
            }
            words = text.split(whereSeparator: { $0.isWhitespace }).filter { $0.contains(where: \.isLetter) }.count
        }
        return words >= 3 && letters >= 12 && Double(capitals) >= 0.85 * Double(letters)
    }
}
