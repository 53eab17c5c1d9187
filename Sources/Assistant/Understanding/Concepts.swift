/// Words and phrases that mean the same thing to the classifier, from `intents/<locale>/concepts.yaml`.
///
/// A few dozen examples per intent cannot show every way of saying it: an example that says "cancel
/// my order" teaches nothing about "scrap my purchase". Each word or phrase of a concept adds the
/// concept as one more feature (and its pairs with the neighbouring words), so what the examples
/// teach about one word carries over to every other word of its concept — Rasa's lookup-table
/// features, kept as data a merchant can extend without recompiling.
///
/// Entries are matched as whole words after the classifier's own tokenizing (lower case,
/// apostrophes dropped, contractions expanded); a trailing `*` matches any word beginning so
/// ("refund*": refunds, refunded), a leading one any word ending so (German compounds:
/// "*adresse": Lieferadresse, Rechnungsadresse), and an entry of several words matches them in a row.
///
/// Customers type fast: a word of five letters or more that matches no entry is also tried with one
/// letter wrong, missing, added or two swapped ("cancle", "refnud", "adresse" for "address") against
/// the whole-word entries and the stems of `*` entries — the deletion neighbourhoods of both are
/// compared, so one table lookup per variant finds it. A variant that two concepts share counts for neither.
public struct Concepts: Sendable {
    /// Each concept's name and entries, as written: what the cache key and the file reflect.
    public let groups: [Group]
    /// Word keys (exact or prefix, see `wordKeys`) → what starts there: the single entry's concept
    /// + 1 in the low bits (0: none), `phraseBit` if a phrase starts there.
    let table: HashKeyTable
    static let phraseBit: UInt32 = 1 << 29
    /// Lengths that some prefix entry has, as a bit map (bit n: a prefix of n bytes).
    let prefixLengths: UInt64
    /// The same for suffix entries ("*adresse").
    let suffixLengths: UInt64
    /// Entries of more than one word (their word keys and concept), by the key of their first word.
    let phrases: [UInt32: [(keys: [UInt32], concept: Int)]]
    /// Feature hashes of the concepts, in `groups` order.
    let conceptHashes: [UInt32]
    /// One-edit neighbourhoods (the word and each of its one-letter deletions) of whole-word entries
    /// and of prefix stems, five letters or longer → concept + 1 (`ambiguous` when two concepts share one).
    let typos: HashKeyTable
    /// Lengths of the prefix stems in `typos`, by their first two bytes.
    let typoPrefixLengths: [UInt16: UInt64]
    static let ambiguous: UInt32 = (1 << 30) - 1
    static let typoMinimum = 5

    public struct Group: Sendable, Hashable {
        public var name: String
        public var entries: [String]
        public init(name: String, entries: [String]) {
            self.name = name
            self.entries = entries
        }
    }

    public static let none = Concepts(groups: [])

    public var isEmpty: Bool { groups.isEmpty }

    public init(groups: [Group]) {
        self.groups = groups
        var table = HashKeyTable()
        var prefixLengths: UInt64 = 0
        var suffixLengths: UInt64 = 0
        var phrases: [UInt32: [(keys: [UInt32], concept: Int)]] = [:]
        var hashes: [UInt32] = []
        var typos = HashKeyTable()
        var typoPrefixLengths: [UInt16: UInt64] = [:]
        func addTypos(_ word: [UInt8], prefix: Bool, concept: Int) {
            guard word.count >= Concepts.typoMinimum, word.count < 63 else { return }
            if prefix { typoPrefixLengths[Concepts.start(word), default: 0] |= 1 << UInt64(word.count) }
            Concepts.neighbourhood(word, prefix: prefix) { key in
                typos.update(key) { value in value = value == 0 || value == UInt32(concept + 1) ? UInt32(concept + 1) : Concepts.ambiguous }
            }
        }
        for (concept, group) in groups.enumerated() {
            hashes.append(TextFeatures.fnv(Array(group.name.utf8), seed: 0x02))
            for entry in group.entries {
                var keys: [UInt32] = []
                for piece in entry.split(whereSeparator: { $0 == " " }) {
                    let isPrefix = piece.hasSuffix("*")
                    let isSuffix = !isPrefix && piece.hasPrefix("*")
                    let words = TextFeatures.tokens(String(isPrefix ? piece.dropLast() : isSuffix ? piece.dropFirst() : piece))
                    for (index, word) in words.enumerated() {
                        if isPrefix, index == words.count - 1, word.count < 64 {
                            prefixLengths |= 1 << UInt64(word.count)
                            keys.append(Concepts.key(word, prefix: true))
                        } else if isSuffix, index == 0, word.count < 64 {
                            suffixLengths |= 1 << UInt64(word.count)
                            keys.append(Concepts.suffixKey(word))
                        } else {
                            keys.append(Concepts.key(word, prefix: false))
                        }
                    }
                }
                guard let first = keys.first else { continue }
                if keys.count == 1, !entry.hasPrefix("*") {
                    let stem = TextFeatures.tokens(String(entry.hasSuffix("*") ? entry.dropLast() : Substring(entry)))
                    if stem.count == 1 { addTypos(stem[0], prefix: entry.hasSuffix("*"), concept: concept) }
                }
                if keys.count == 1 {
                    // The first concept to list a word keeps it.
                    table.update(first) { value in if value & ~Concepts.phraseBit == 0 { value |= UInt32(concept + 1) } }
                } else {
                    table.update(first) { $0 |= Concepts.phraseBit }
                    phrases[first, default: []].append((keys, concept))
                }
            }
        }
        self.table = table
        self.prefixLengths = prefixLengths
        self.suffixLengths = suffixLengths
        self.phrases = phrases
        self.conceptHashes = hashes
        self.typos = typos
        self.typoPrefixLengths = typoPrefixLengths
    }

    /// Calls `body` with the key of `word` and of each of its one-letter deletions (hashed in place:
    /// this runs for the unknown words of every message).
    static func neighbourhood(_ word: ArraySlice<UInt8>, prefix: Bool, _ body: (UInt32) -> Void) {
        let seed: UInt32 = prefix ? 0x7B : 0x7A
        word.withUnsafeBufferPointer { bytes in
            for skip in -1..<bytes.count {
                var hash: UInt32 = 0x811C_9DC5 ^ seed
                for index in 0..<bytes.count where index != skip { hash = (hash ^ UInt32(bytes[index])) &* 0x0100_0193 }
                body(hash)
            }
        }
    }

    static func neighbourhood(_ word: [UInt8], prefix: Bool, _ body: (UInt32) -> Void) { neighbourhood(word[...], prefix: prefix, body) }

    /// The first two bytes of a word, as the key of `typoPrefixLengths`.
    static func start(_ word: [UInt8]) -> UInt16 { UInt16(word[0]) << 8 | UInt16(word[1]) }

    /// The concept a word one edit away from an entry belongs to, or -1. Prefix stems are tried only
    /// when they begin with the word's first two letters (where typos are rare), at their own length
    /// and one letter either side.
    func typoConcept(_ word: [UInt8]) -> Int {
        guard word.count >= Concepts.typoMinimum, word.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A || $0 >= 0x80 }) else { return -1 }
        var found: UInt32 = 0
        func look(_ slice: ArraySlice<UInt8>, prefix: Bool) {
            Concepts.neighbourhood(slice, prefix: prefix) { key in
                guard found == 0, let value = typos.value(key), value != 0 else { return }
                found = value
            }
        }
        look(word[...], prefix: false)
        if found == 0, let lengths = typoPrefixLengths[Concepts.start(word)] {
            for length in Concepts.typoMinimum..<min(63, word.count + 2) where lengths & (1 << UInt64(length)) != 0 {
                for cut in (length - 1)...(length + 1) where cut >= Concepts.typoMinimum - 1 && cut <= word.count && found == 0 {
                    look(word[..<cut], prefix: true)
                }
            }
        }
        return found == 0 || found == Concepts.ambiguous ? -1 : Int(found) - 1
    }

    /// Words or phrases, each word with at most one `*`, at its start or end, and more than the `*`.
    public static func isValidEntry(_ entry: String) -> Bool {
        let pieces = entry.utf8.split(separator: UInt8(ascii: " "))
        guard !pieces.isEmpty else { return false }
        let star = UInt8(ascii: "*")
        return pieces.allSatisfy { piece in
            var inner = piece[...]
            if inner.first == star { inner = inner.dropFirst() }
            if piece.first != star, inner.last == star { inner = inner.dropLast() }
            // Something a word is made of: a letter or digit (any non-ASCII byte may be one).
            return !inner.contains(star) && inner.contains { $0 >= 0x80 || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0 | 0x20) }
        }
    }

    /// A word's key as a whole word, or as a prefix (an entry ending in `*`).
    static func key(_ word: [UInt8], prefix: Bool) -> UInt32 {
        let hash = TextFeatures.fnv(word, seed: 0)
        return prefix ? hash : (hash ^ 0xFF) &* 0x0100_0193
    }

    /// A word ending's key: its bytes hashed from the last one back.
    static func suffixKey(_ word: [UInt8]) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5 ^ 0x5A5A
        for byte in word.reversed() { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    /// The keys a word can match by: itself whole, and each of its beginnings and endings that
    /// some prefix or suffix entry has.
    func wordKeys(_ word: [UInt8], into keys: inout [UInt32]) {
        var hash: UInt32 = 0x811C_9DC5
        for (index, byte) in word.enumerated() {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
            let length = index + 1
            if length < 64, prefixLengths & (1 << UInt64(length)) != 0 { keys.append(hash) }
        }
        keys.append((hash ^ 0xFF) &* 0x0100_0193)
        guard suffixLengths != 0 else { return }
        var reversed: UInt32 = 0x811C_9DC5 ^ 0x5A5A
        var length = 0
        for byte in word.reversed() {
            reversed = (reversed ^ UInt32(byte)) &* 0x0100_0193
            length += 1
            // A suffix shorter than the word: the whole word is matched as itself.
            if length < 64, length < word.count, suffixLengths & (1 << UInt64(length)) != 0 { keys.append(reversed) }
        }
    }

    /// The concept of each word, or -1: a phrase's concept on every word it spans, else a single
    /// entry's. Words are the classifier's tokens.
    func concepts(of words: [[UInt8]]) -> [Int] {
        var result = [Int](repeating: -1, count: words.count)
        guard !isEmpty else { return result }
        // Every word's keys, flat: word i's are keys[starts[i]..<starts[i + 1]].
        var keys: [UInt32] = []
        keys.reserveCapacity(words.count * 2)
        var starts: [Int] = [0]
        starts.reserveCapacity(words.count + 1)
        for word in words {
            if word.first != UInt8(ascii: "_") { wordKeys(word, into: &keys) }
            starts.append(keys.count)
        }
        var index = 0
        while index < words.count {
            var matched = false
            var single = -1
            for position in starts[index]..<starts[index + 1] {
                let key = keys[position]
                let found = table.value(key) ?? 0
                if found & Concepts.phraseBit != 0, let length = longestPhrase(at: index, first: key, keys: keys, starts: starts) {
                    for offset in index..<(index + length.count) { result[offset] = length.concept }
                    index += length.count
                    matched = true
                    break
                }
                if single < 0, found & ~Concepts.phraseBit != 0 { single = Int(found & ~Concepts.phraseBit) - 1 }
            }
            if matched { continue }
            result[index] = single >= 0 || starts[index] == starts[index + 1] ? single : typoConcept(words[index])
            index += 1
        }
        return result
    }

    private func longestPhrase(at index: Int, first: UInt32, keys: [UInt32], starts: [Int]) -> (count: Int, concept: Int)? {
        var best: (count: Int, concept: Int)?
        for phrase in phrases[first] ?? [] where index + phrase.keys.count <= starts.count - 1 {
            guard phrase.keys.count > (best?.count ?? 0) else { continue }
            var all = true
            for offset in 1..<phrase.keys.count where !keys[starts[index + offset]..<starts[index + offset + 1]].contains(phrase.keys[offset]) {
                all = false
                break
            }
            if all { best = (phrase.keys.count, phrase.concept) }
        }
        return best
    }
}
