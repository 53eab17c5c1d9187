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

    /// Both word lists keyed by their FNV-1a hash: a `Set` of byte arrays hashed every word of every
    /// email with SipHash, twice.
    static let table = WordTable(german.union(english).map { word in
        (Array(word.utf8), FunctionWord(german: german.contains(word), english: english.contains(word)))
    })

    /// Which of the two lists a function word is on.
    struct FunctionWord: Sendable {
        var german: Bool
        var english: Bool
    }

    /// The function words counted so far and the word being read (its bytes and FNV-1a hash).
    /// A value with mutating methods: nested functions capturing these as locals paid for dynamic
    /// exclusivity checks on every byte.
    struct Tally {
        var germanHits = 0
        var englishHits = 0
        var word: [UInt8] = []
        var hash: UInt32 = 0x811C_9DC5

        init() { word.reserveCapacity(16) }

        mutating func append(_ byte: UInt8) {
            word.append(byte)
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }

        mutating func count() {
            guard !word.isEmpty else { return }
            if let kinds = LocaleDetection.table.value(word, hash: hash) {
                if kinds.german { germanHits += 1 }
                if kinds.english { englishHits += 1 }
            }
            word.removeAll(keepingCapacity: true)
            hash = 0x811C_9DC5
        }
    }

    static func detect(_ text: String, available: Set<String>) -> String? {
        guard available.contains("de") else { return nil }
        var tally = Tally()
        var umlauts = false
        // Words read byte by byte, no Unicode property lookups: ASCII letters lower-cased, other
        // letters' bytes kept as written (the German words above are lower-case already).
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x61 && byte <= 0x7A {
                tally.append(byte)
            } else if byte >= 0x41 && byte <= 0x5A {
                tally.append(byte + 32)
            } else if byte == 0xC2 || (byte == 0xE2 && index + 1 < bytes.count && bytes[index + 1] == 0x80) {
                // U+0080–U+00BF (no-break space, «, ») and U+2000–U+203F (dashes, quotes, …): punctuation.
                tally.count()
                index += byte == 0xC2 ? 2 : 3
                continue
            } else if byte >= 0x80 {
                // ä ö ü ß Ä Ö Ü: C3 followed by A4 B6 BC 9F 84 96 9C.
                if byte == 0xC3, index + 1 < bytes.count, [0xA4, 0xB6, 0xBC, 0x9F, 0x84, 0x96, 0x9C].contains(bytes[index + 1]) { umlauts = true }
                tally.append(byte)
            } else {
                tally.count()
            }
            index += 1
        }
        tally.count()
        if umlauts { tally.germanHits += 1 }
        return tally.germanHits > tally.englishHits ? "de" : nil
    }
}
