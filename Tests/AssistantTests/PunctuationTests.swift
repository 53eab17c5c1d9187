import Foundation
import Testing

@testable import Assistant

/// The byte-by-byte trimming extraction uses trims exactly as Foundation does.
@Suite struct PunctuationTests {
    static let sets: [(String, Punctuation.Edges)] = [
        ("email", Punctuation.emailEdges), ("whole answer", Punctuation.wholeAnswerEdges), ("spaces", Punctuation.spaces),
        ("period comma", Punctuation.periodComma), ("trailing", Punctuation.trailing), ("outward", Punctuation.outwardEdges),
        ("inward", Punctuation.inwardEdges), ("word", Punctuation.wordEdges),
        ("name", Punctuation.nameEdges),
    ]

    @Test func trimmingMatchesFoundationOnEveryASCIIEdge() {
        var samples = ["", " ", "..", "jane@example.com,", "(NW1", "6XE).", " 78701! ", "Best regards,", "\t\n10577.\n", "a b", "„Grüße“,", "(Bestellnr.", "Zürich!", "…ok.", "é.", ".\u{301}x"]
        for byte in UInt8(0x20)...UInt8(0x7E) {
            let edge = String(UnicodeScalar(byte))
            samples += [edge + "x" + edge, edge + edge + "x y" + edge + edge, edge]
        }
        for (name, set) in Self.sets {
            for sample in samples {
                #expect(set.trim(sample) == sample.trimmingCharacters(in: set.characters), "\(name): '\(sample)'")
            }
        }
    }

    @Test func nonASCIITextGoesThroughFoundation() {
        #expect(Punctuation.wholeAnswerEdges.trim("\u{00A0}SW1A 1AA!\u{2003}") == "SW1A 1AA")
        #expect(Punctuation.trailing.trim("Müller,") == "Müller")
    }
}
