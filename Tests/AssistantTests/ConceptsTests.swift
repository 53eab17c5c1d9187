@testable import Assistant
import Foundation
import Testing

/// Concepts (`intents/<locale>/concepts.yaml`): which words they match, what they teach the
/// classifier, and how a broken file is refused.
@Suite struct ConceptsTests {
    static let concepts = Concepts(groups: [
        .init(name: "cancel", entries: ["cancel*", "scrap", "call off"]),
        .init(name: "order", entries: ["order*", "purchase"]),
        .init(name: "address", entries: ["*adresse", "address"]),
        .init(name: "person", entries: ["person", "real person"]),
    ])

    static func names(_ text: String, _ concepts: Concepts = Self.concepts) -> [String?] {
        concepts.concepts(of: TextFeatures.tokens(text)).map { $0 < 0 ? nil : concepts.groups[$0].name }
    }

    @Test func wholeWordsPrefixesSuffixesAndPhrasesMatch() {
        #expect(Self.names("Scrap my purchase") == ["cancel", nil, "order"])
        #expect(Self.names("cancellation of orders") == ["cancel", nil, "order"])
        #expect(Self.names("please call off the Order") == [nil, "cancel", "cancel", nil, "order"])
        #expect(Self.names("die Lieferadresse ist falsch") == [nil, "address", nil, nil])
        // A suffix entry does not match the bare ending as a word of its own ("adresse" is not listed
        // here; with "address" listed too, it would be found as that word's typo).
        #expect(Self.names("adresse", Concepts(groups: [.init(name: "address", entries: ["*adresse"])])) == [nil])
    }

    @Test func theLongestPhraseWinsAndAPartialPhraseFallsBackToItsWord() {
        #expect(Self.names("a real person please") == [nil, "person", "person", nil])
        #expect(Self.names("a real problem") == [nil, nil, nil])
        #expect(Self.names("call me") == [nil, nil], "'call' alone is not the phrase 'call off'")
    }

    @Test func wordsMustBeWholeNotPartsOfOtherWords() {
        #expect(Self.names("scrapbook addresses") == [nil, nil], "no '*' means the whole word")
        #expect(Self.names("order 000000123 to jane@example.com") == ["order", nil, nil, nil])
    }

    @Test func entriesAreValidatedAsWordsWithOneStarAtAnEnd() {
        for valid in ["refund*", "*adresse", "call off", "phone case*", "don't"] { #expect(Concepts.isValidEntry(valid), "\(valid)") }
        for invalid in ["*", "re*fund", "**x", "*x*", "", "  ", "!!!"] { #expect(!Concepts.isValidEntry(invalid), "\(invalid)") }
    }

    @Test func aConceptCarriesWhatExamplesTeachToItsOtherWords() throws {
        let examples = [
            ("cancel my order", "cancel_order"), ("please cancel the order", "cancel_order"), ("I want to cancel", "cancel_order"),
            ("where is my order", "order_status"), ("has my order shipped", "order_status"), ("when will my order arrive", "order_status"),
            ("hello there", "greeting"), ("hi", "greeting"), ("good morning", "greeting"),
        ].map { Classifier.Example(text: $0.0, label: $0.1) }
        let plain = Classifier(examples: examples)
        let withConcepts = Classifier(examples: examples, concepts: Self.concepts)
        let probe = "scrap my purchase"
        let cancelIndex = try #require(withConcepts.labels.firstIndex(of: "cancel_order"))
        #expect(withConcepts.classify(probe).name == "cancel_order")
        #expect(withConcepts.probabilities(probe)[cancelIndex] > plain.probabilities(probe)[cancelIndex] + 0.1)
        // Nothing changes for a message without concept words.
        #expect(withConcepts.classify("good morning to you").name == "greeting")
    }

    @Test func theCacheKeyFollowsTheConcepts() {
        let examples = [Classifier.Example(text: "cancel it", label: "cancel_order")]
        let options = Classifier.Options()
        let none = ClassifierCache.key(examples: examples, options: options)
        let some = ClassifierCache.key(examples: examples, concepts: Self.concepts, options: options)
        let other = ClassifierCache.key(
            examples: examples, concepts: Concepts(groups: [.init(name: "cancel", entries: ["cancel*", "scrap"])]), options: options)
        #expect(Set([none, some, other]).count == 3)
    }

    @Test func theRepositoryConceptsLoadForBothLocales() throws {
        let catalog = try IntentCatalog.load(from: CatalogTests.repositoryIntents)
        #expect(!catalog.locale("en").classifier.concepts.isEmpty)
        #expect(!catalog.locale("de").classifier.concepts.isEmpty)
        #expect(catalog.classify("could you scrap the purchase I made this morning", locale: "en", threshold: 0.25).name == "cancel_order")
    }

    @Test func aBrokenConceptIsRefusedWithFileAndLine() throws {
        func load(_ concepts: String) throws {
            _ = try IntentCatalog.load(
                from: CatalogTests.temporaryIntents([
                    "en/responses.yaml": CatalogTests.responses, "en/greeting.yaml": "intent: greeting\nexamples: [hi]\n",
                    "en/concepts.yaml": concepts,
                ]))
        }
        #expect { try load("concepts:\n  cancel: [cancel*, \"re*fund\"]\n") } throws: { "\($0)".contains("concepts.yaml:2") && "\($0)".contains("re*fund") }
        #expect { try load("concepts:\n  cancel: []\n") } throws: { "\($0)".contains("concepts.yaml:2") && "\($0)".contains("at least one") }
        #expect { try load("concepts:\n  cancel: scrap\n") } throws: { "\($0)".contains("concepts.yaml:2") && "\($0)".contains("must be a list") }
        #expect { try load("concepts: [cancel]\n") } throws: { "\($0)".contains("concepts.yaml:1") && "\($0)".contains("mapping") }
    }

    /// One letter wrong, missing, added or two swapped still finds the concept, for words of five
    /// letters or more; a variant two concepts share finds neither, and short words are left alone.
    @Test func aTypoOneEditAwayStillFindsItsConcept() {
        let concepts = Concepts(groups: [
            .init(name: "cancel", entries: ["cancel*"]), .init(name: "refund", entries: ["refund"]),
            .init(name: "return", entries: ["return*"]), .init(name: "bill", entries: ["bill"]),
            .init(name: "a", entries: ["parcel"]), .init(name: "b", entries: ["parcels"]),
        ])
        func concept(_ word: String) -> Int { concepts.concepts(of: [Array(word.utf8)])[0] }
        #expect(concept("cancle") == 0)  // swapped
        #expect(concept("canceled") == 0)  // the prefix itself
        #expect(concept("cancleled") == 0)  // a typo inside a prefix word
        #expect(concept("refudn") == 1)
        #expect(concept("refun") == 1)  // missing
        #expect(concept("retrun") == 2)
        #expect(concept("bil") == -1)  // too short to guess
        // "parcelx" is one edit from "parcel", which is itself one edit from "parcels": the two
        // concepts share that variant, so it counts for neither.
        #expect(concept("parcelx") == -1)
        #expect(concept("weather") == -1)
    }
}
