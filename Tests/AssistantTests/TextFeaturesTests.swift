@testable import Assistant
import Testing

/// The classifier's tokens: what "the same word" means before any feature is hashed.
@Suite struct TextFeaturesTests {
    static func words(_ text: String) -> [String] { TextFeatures.tokens(text).map { String(decoding: $0, as: UTF8.self) } }

    @Test func contractionsExpandAndPossessivesLoseTheirS() {
        #expect(Self.words("what's my order's status") == ["what", "is", "my", "order", "status"])
        #expect(Self.words("I can’t see the shop’s reply") == ["i", "can", "not", "see", "the", "shop", "reply"])
        #expect(Self.words("it's Anna's") == ["it", "is", "anna"])
        #expect(Self.words("orders") == ["orders"], "a plural without an apostrophe stays")
    }

    @Test func germanWrittenWithoutUmlautsIsTheSameWord() {
        #expect(Self.words("Rückerstattung für Größe") == Self.words("rueckerstattung fuer groesse"))
        #expect(Self.words("Straße ÄNDERN") == ["strasse", "aendern"])
    }

    @Test func lettersDrawnOutAreReadOnce() {
        #expect(Self.words("heyyy pleeease HIIII") == ["hey", "please", "hi"])
        #expect(Self.words("soooo cool, 3 weeks, Kaffee") == ["so", "cool", "_digit_", "weeks", "kaffee"], "two in a row stay")
    }

    @Test func identifiersBecomeMaskTokens() {
        #expect(Self.words("Order #000000123 for Jane@Example.com, 2 items") == ["order", "_num_", "for", "_email_", "_digit_", "items"])
    }
}
