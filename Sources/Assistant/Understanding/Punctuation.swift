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
    static let wordEdges = CharacterSet(charactersIn: "\"'`()[]{}<>.,;:!?*")
    static let nameEdges = CharacterSet(charactersIn: ".,;:!?()\"")
    static let nameWordEdges = CharacterSet(charactersIn: ".,;:!?\"")
    static let closingEdges = CharacterSet(charactersIn: ",.!- ")
}
