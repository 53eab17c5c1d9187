/// Tells German from English by common function words, for messages that arrive without a locale.
enum LocaleDetection {
    static let german: Set<String> = [
        "ich", "meine", "meiner", "mein", "wo", "ist", "die", "der", "das", "und", "nicht", "bitte", "danke", "hallo",
        "bestellung", "paket", "lieferung", "wann", "kommt", "wurde", "habe", "noch", "mit", "auf", "für", "sie",
        "guten", "tag", "rechnung", "rückerstattung", "mir", "kann", "können",
    ]
    static let english: Set<String> = [
        "i", "my", "where", "is", "the", "and", "not", "please", "thanks", "hello", "order", "package", "delivery",
        "when", "will", "was", "have", "still", "with", "on", "for", "you", "hi", "it", "a", "to", "can",
    ]

    static let germanBytes = Set(german.map { Array($0.utf8) })
    static let englishBytes = Set(english.map { Array($0.utf8) })

    static func detect(_ text: String, available: Set<String>) -> String? {
        guard available.contains("de") else { return nil }
        var germanHits = 0
        var englishHits = 0
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (most messages): words read byte by byte, no Unicode property lookups.
            var word: [UInt8] = []
            word.reserveCapacity(16)
            func count() {
                guard !word.isEmpty else { return }
                if germanBytes.contains(word) { germanHits += 1 }
                if englishBytes.contains(word) { englishHits += 1 }
                word.removeAll(keepingCapacity: true)
            }
            for byte in text.utf8 {
                if byte >= 0x61 && byte <= 0x7A {
                    word.append(byte)
                } else if byte >= 0x41 && byte <= 0x5A {
                    word.append(byte + 32)
                } else {
                    count()
                }
            }
            count()
            return germanHits > englishHits ? "de" : nil
        }
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            let word = String(word)
            if german.contains(word) { germanHits += 1 }
            if english.contains(word) { englishHits += 1 }
        }
        if text.contains(where: { "äöüß".contains($0) }) { germanHits += 1 }
        return germanHits > englishHits ? "de" : nil
    }
}
