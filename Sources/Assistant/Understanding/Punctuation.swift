import Foundation

/// The punctuation sets extraction trims, built once (making a CharacterSet per token was a
/// measurable part of every message).
enum Punctuation {
    static let emailEdges = CharacterSet(charactersIn: "<>()[]{}\"'`.,;:!?*")
    static let sentenceEnd = CharacterSet(charactersIn: ".!")
    static let wholeAnswerEdges = CharacterSet.whitespacesAndNewlines.union(sentenceEnd)
    static let periodComma = CharacterSet(charactersIn: ".,")
    static let trailing = CharacterSet(charactersIn: ".,;:!?")
    static let outwardEdges = CharacterSet(charactersIn: ",;:(")
    static let inwardEdges = CharacterSet(charactersIn: ".,;:!?)")
    static let closingEdges = CharacterSet(charactersIn: ",.!- ")

    /// Sets read both byte by byte (ASCII words, the common case) and through Foundation (others).
    static let wordEdges = Edges("\"'`()[]{}<>.,;:!?*")
    static let leadingMarks = Edges("#(\"'[")
    static let trailingMarks = Edges(".,;:!?)\"']")
    static let nameEdges = Edges(".,;:!?()\"")
    static let nameWordEdges = Edges(".,;:!?\"")

    /// One set of ASCII punctuation, as bytes and as characters.
    struct Edges: Sendable {
        let bytes: Set<UInt8>
        let characters: CharacterSet

        init(_ text: String) {
            bytes = Set(text.utf8)
            characters = CharacterSet(charactersIn: text)
        }

        func contains(_ character: Character) -> Bool { character.asciiValue.map(bytes.contains) ?? false }
    }
}
