/// Turns a message into hashed feature ids: word unigrams and bigrams plus character 3–5-grams of
/// each word (with word boundaries), after lower-casing and masking identifiers.
///
/// Masking makes every email one token (`_email_`) and every long digit run one token (`_num_`),
/// so the classifier learns "where is order _num_" rather than particular numbers.
enum TextFeatures {
    static func extract(_ text: String, dimension: Int) -> [Int32] {
        let words = tokens(text)
        var features: [Int32] = []
        features.reserveCapacity(words.count * 12)
        let mask = UInt32(dimension - 1)
        var previous: UInt32 = 0x811C_9DC5
        for (index, word) in words.enumerated() {
            let wordHash = fnv(word, seed: 0x01)
            features.append(Int32(bitPattern: wordHash & mask))
            let bigram = (index == 0 ? 0x2545_F491 : previous) &* 0x0100_0193 ^ wordHash
            features.append(Int32(bitPattern: (bigram &* 0x9E37_79B1) & mask))
            previous = wordHash
            // Character n-grams over "<word>" make the model robust to typos and inflection.
            guard word.first != UInt8(ascii: "_") else { continue }
            var padded: [UInt8] = [UInt8(ascii: "<")]
            padded.append(contentsOf: word)
            padded.append(UInt8(ascii: ">"))
            for n in 3...5 where padded.count >= n {
                for start in 0...(padded.count - n) {
                    var hash: UInt32 = 0x811C_9DC5 ^ UInt32(n)
                    for offset in start..<(start + n) {
                        hash = (hash ^ UInt32(padded[offset])) &* 0x0100_0193
                    }
                    features.append(Int32(bitPattern: hash & mask))
                }
            }
        }
        return features
    }

    static func fnv(_ bytes: [UInt8], seed: UInt32) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5 ^ seed
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    /// Lower-cased word tokens as UTF-8 bytes, identifiers replaced by mask tokens.
    static func tokens(_ text: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        for raw in text.lowercased().split(whereSeparator: { $0.isWhitespace }) {
            if raw.contains("@"), raw.contains(".") {
                words.append(Array("_email_".utf8))
                continue
            }
            var current: [UInt8] = []
            var digits = 0
            func flush() {
                guard !current.isEmpty else { return }
                if digits == current.count {
                    words.append(Array((digits >= 5 ? "_num_" : "_digit_").utf8))
                } else {
                    words.append(current)
                }
                current.removeAll(keepingCapacity: true)
                digits = 0
            }
            for scalar in raw.unicodeScalars {
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "'" {
                    if ("0"..."9").contains(scalar) { digits += 1 }
                    if scalar != "'" { current.append(contentsOf: Array(String(scalar).utf8)) }
                } else {
                    flush()
                }
            }
            flush()
        }
        return words
    }
}
