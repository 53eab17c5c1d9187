import Foundation

/// The punctuation sets extraction trims, built once (making a CharacterSet per token was a
/// measurable part of every message), each read byte by byte for ASCII text (the common case) and
/// through Foundation for the rest.
enum Punctuation {
    static let emailEdges = Edges("<>()[]{}\"'`.,;:!?*")
    static let sentenceEnd = CharacterSet(charactersIn: ".!")
    static let wholeAnswerEdges = Edges(" \t\n\r\u{0B}\u{0C}.!", characters: CharacterSet.whitespacesAndNewlines.union(sentenceEnd))
    static let spaces = Edges(" \t", characters: .whitespaces)
    static let periodComma = Edges(".,")
    static let trailing = Edges(".,;:!?")
    static let outwardEdges = Edges(",;:(")
    static let inwardEdges = Edges(".,;:!?)")

    static let wordEdges = Edges("\"'`()[]{}<>.,;:!?*")
    static let leadingMarks = Edges("#(\"'[")
    static let trailingMarks = Edges(".,;:!?)\"']")
    static let nameEdges = Edges(".,;:!?()\"")
    static let nameWordEdges = Edges(".,;:!?\"")

    /// ASCII whitespace (space, tab, line feed, vertical tab, form feed, carriage return): what
    /// `Character.isWhitespace` says of ASCII, without its Unicode property lookup.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// One set of edge characters: its ASCII part as a 128-bit map, and all of it as a CharacterSet.
    struct Edges: Sendable {
        let bytes: ASCIISet
        let characters: CharacterSet
        /// Whether every character of the set is ASCII: then any text, ASCII or not, is trimmed byte by byte.
        let isASCII: Bool

        /// `text` lists the ASCII characters; `characters`, when given, is the whole set (which must
        /// agree with `text` on ASCII).
        init(_ text: String, characters: CharacterSet? = nil) {
            bytes = ASCIISet(text.utf8)
            self.characters = characters ?? CharacterSet(charactersIn: text)
            isASCII = characters == nil && text.utf8.allSatisfy { $0 < 0x80 }
        }

        func contains(_ character: Character) -> Bool { character.asciiValue.map(bytes.contains) ?? false }

        /// `text` without these characters at either end, as `trimmingCharacters(in:)` gives it.
        func trim<S: StringProtocol>(_ text: S) -> String {
            let text = Substring(text)
            let utf8 = text.utf8
            guard isASCII || utf8.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: characters) }
            var start = utf8.startIndex
            var end = utf8.endIndex
            while start < end, bytes.contains(utf8[start]) { start = utf8.index(after: start) }
            while end > start, bytes.contains(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
            return String(text[start..<end])
        }
    }

    /// A set of ASCII bytes, tested with one shift and mask.
    struct ASCIISet: Sendable {
        private var low: UInt64 = 0
        private var high: UInt64 = 0

        init<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for byte in bytes where byte < 0x80 {
                if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
            }
        }

        func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
        }
    }
}
