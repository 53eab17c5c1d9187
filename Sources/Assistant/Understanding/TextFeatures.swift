/// Turns a message into hashed feature ids: word unigrams and bigrams plus character 3–5-grams of
/// each word (with word boundaries), after lower-casing and masking identifiers.
///
/// Masking makes every email one token (`_email_`) and every long digit run one token (`_num_`),
/// so the classifier learns "where is order _num_" rather than particular numbers.
enum TextFeatures {
    static func extract(_ text: String, dimension: Int, concepts: Concepts = .none) -> [Int32] {
        let words = tokens(text)
        var features: [Int32] = []
        features.reserveCapacity(words.count * 14)
        let mask = UInt32(dimension - 1)
        var previous: UInt32 = 0x811C_9DC5
        var wordHashes: [UInt32] = []
        wordHashes.reserveCapacity(words.count)
        var padded: [UInt8] = []
        padded.reserveCapacity(32)
        for (index, word) in words.enumerated() {
            let wordHash = fnv(word, seed: 0x01)
            wordHashes.append(wordHash)
            features.append(Int32(bitPattern: wordHash & mask))
            let bigram = (index == 0 ? 0x2545_F491 : previous) &* 0x0100_0193 ^ wordHash
            features.append(Int32(bitPattern: (bigram &* 0x9E37_79B1) & mask))
            previous = wordHash
            // Character n-grams over "<word>" make the model robust to typos and inflection: from
            // each start, one running hash gives the 3-, 4- and 5-gram in turn.
            guard word.first != UInt8(ascii: "_") else { continue }
            padded.removeAll(keepingCapacity: true)
            padded.append(UInt8(ascii: "<"))
            padded.append(contentsOf: word)
            padded.append(UInt8(ascii: ">"))
            let count = padded.count
            for start in 0..<max(0, count - 2) {
                var hash: UInt32 = 0x811C_9DC5
                for offset in 0..<min(5, count - start) {
                    hash = (hash ^ UInt32(padded[start + offset])) &* 0x0100_0193
                    if offset >= 2 { features.append(Int32(bitPattern: hash & mask)) }
                }
            }
        }
        if !concepts.isEmpty { appendConcepts(words, wordHashes, concepts, mask: mask, to: &features) }
        return features
    }

    /// Each concept a message mentions, and its pairs with the words (or concepts) beside it: the
    /// message read with every concept word replaced by its concept ("scrap my purchase" as
    /// "CANCEL my ORDER"), pairs of two plain words left to the word bigrams above.
    static func appendConcepts(_ words: [[UInt8]], _ wordHashes: [UInt32], _ concepts: Concepts, mask: UInt32, to features: inout [Int32]) {
        let conceptOf = concepts.concepts(of: words)
        var previous: (hash: UInt32, isConcept: Bool) = (0x2545_F491, false)
        for index in words.indices {
            let concept = conceptOf[index]
            // A phrase's later words are the concept already read.
            if concept >= 0, index > 0, conceptOf[index - 1] == concept { continue }
            let current = concept >= 0 ? (hash: concepts.conceptHashes[concept], isConcept: true) : (hash: wordHashes[index], isConcept: false)
            if current.isConcept {
                // Twice: a concept weighs as two words (measured better than once on every set).
                let feature = Int32(bitPattern: (current.hash &* 0x85EB_CA6B) & mask)
                features.append(feature)
                features.append(feature)
            }
            if current.isConcept || previous.isConcept {
                let pair = (previous.hash &* 0x0100_0193 ^ current.hash) &* 0xC2B2_AE35
                features.append(Int32(bitPattern: pair & mask))
            }
            previous = current
        }
    }

    static func fnv(_ bytes: [UInt8], seed: UInt32) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5 ^ seed
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    /// English contractions as their words (apostrophes are dropped before this): "what's up" and
    /// "what is up", "I'm" and "I am" then share their features.
    static let contractions: [[UInt8]: [[UInt8]]] = {
        let table = [
            "whats": "what is", "hows": "how is", "wheres": "where is", "whens": "when is", "whos": "who is", "thats": "that is",
            "theres": "there is", "its": "it is", "im": "i am", "youre": "you are", "theyre": "they are",
            "ive": "i have", "youve": "you have", "dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "can not",
            "cannot": "can not", "wont": "will not", "isnt": "is not", "arent": "are not", "wasnt": "was not", "havent": "have not",
            "hasnt": "has not", "couldnt": "could not", "wouldnt": "would not", "shouldnt": "should not",
            "youll": "you will", "gotta": "got to", "gonna": "going to", "wanna": "want to", "ya": "you", "u": "you",
        ]
        var result: [[UInt8]: [[UInt8]]] = [:]
        for (short, long) in table where short != long {
            result[Array(short.utf8)] = long.split(separator: " ").map { Array($0.utf8) }
        }
        return result
    }()

    /// `contractions` keyed by their FNV-1a hash: a `Dictionary` keyed by byte arrays hashed every
    /// word of every message with SipHash, a tenth of understanding time.
    static let contractionTable = WordTable(contractions.map { ($0.key, $0.value) })

    /// Umlauts and ß as German writes them on a keyboard without them: ä → ae, ö → oe, ü → ue, ß → ss.
    @inline(__always)
    static func germanFolding(_ value: UInt32) -> (UInt8, UInt8)? {
        switch value {
        case 0xE4, 0xC4: (UInt8(ascii: "a"), UInt8(ascii: "e"))
        case 0xF6, 0xD6: (UInt8(ascii: "o"), UInt8(ascii: "e"))
        case 0xFC, 0xDC: (UInt8(ascii: "u"), UInt8(ascii: "e"))
        case 0xDF, 0x1E9E: (UInt8(ascii: "s"), UInt8(ascii: "s"))
        default: nil
        }
    }

    static let emailToken = Array("_email_".utf8)
    static let numberToken = Array("_num_".utf8)
    static let digitToken = Array("_digit_".utf8)

    /// Lower-cased word tokens as UTF-8 bytes, identifiers replaced by mask tokens.
    ///
    /// One pass over the text's scalars with no per-character allocation (ASCII is lower-cased
    /// in place; other letters through their Unicode lowercase mapping): this runs on every message.
    static func tokens(_ text: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        current.reserveCapacity(24)
        var digits = 0
        // How many times the last letter stands in a row.
        var run = 0
        // Where in `current` an apostrophe was (-1: none), for the possessive "'s".
        var apostrophe = -1
        // The whitespace-separated piece being read: an email in it becomes one token.
        var pieceStart = 0
        var pieceHasAt = false
        var pieceHasDot = false

        func flushWord() {
            guard !current.isEmpty else { return }
            if digits == current.count {
                words.append(digits >= 5 ? numberToken : digitToken)
            } else if current.count <= 8, let expanded = contractionTable.value(current) {
                words.append(contentsOf: expanded)
            } else if apostrophe > 0, apostrophe == current.count - 1, current.last == UInt8(ascii: "s") {
                // A possessive: "order's status" reads "order status", not "orders status".
                words.append(Array(current.dropLast()))
            } else {
                words.append(current)
            }
            current.removeAll(keepingCapacity: true)
            digits = 0
            apostrophe = -1
        }
        func flushPiece() {
            flushWord()
            if pieceHasAt && pieceHasDot {
                words.removeSubrange(pieceStart...)
                words.append(emailToken)
            }
            pieceStart = words.count
            pieceHasAt = false
            pieceHasDot = false
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            // ASCII without a Unicode property lookup (a table search per character otherwise).
            if value < 0x80 ? Punctuation.isSpace(UInt8(value)) : scalar.properties.isWhitespace {
                flushPiece()
                continue
            }
            if value == 0x40 { pieceHasAt = true }
            if value == 0x2E { pieceHasDot = true }
            if value < 0x80 {
                let byte = UInt8(value)
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    digits += 1
                    run = 0
                    current.append(byte)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    let letter = byte | 0x20
                    // A letter drawn out ("heyyy", "pleeease", "sooo") is read once: three or more in a row are one.
                    if current.last == letter {
                        run += 1
                        if run == 3 { current.removeLast() }
                        if run >= 3 { continue }
                    } else {
                        run = 1
                    }
                    current.append(letter)
                case UInt8(ascii: "'"): apostrophe = current.count
                default: flushWord()
                }
            } else if let folded = Self.germanFolding(value) {
                // "rückerstattung" and "rueckerstattung" (how German is typed without umlauts) are
                // one word to the model and to the concepts.
                current.append(folded.0)
                current.append(folded.1)
                run = 0
            } else if scalar.properties.isAlphabetic {
                run = 0
                if scalar.properties.changesWhenLowercased {
                    current.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                } else {
                    UTF8.encode(scalar) { current.append($0) }
                }
            } else if value == 0x2019 {
                // A typographic apostrophe joins a word like "'" does ("don’t").
                apostrophe = current.count
            } else {
                flushWord()
            }
        }
        flushPiece()
        return words
    }
}
