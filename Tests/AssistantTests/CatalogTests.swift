@testable import Assistant
import Foundation
import Testing

/// The repository's own intents/ and what happens when a merchant breaks one.
@Suite struct CatalogTests {
    static let repositoryIntents = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("intents")

    static func temporaryIntents(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("intents-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let responses = """
        responses:
          ask_verification: ["Email for {{order_number}}?"]
          verification_failed: ["Could not verify."]
          backend_unavailable: ["Down."]
        """

    @Test func theRepositoryCatalogLoadsAndClassifiesItsOwnKinds() throws {
        let catalog = try IntentCatalog.load(from: Self.repositoryIntents)
        let english = catalog.locale("en")
        #expect(english.intents["order_status"]?.needsVerification == true)
        #expect(english.classifier.classify("hey where is my parcel??").name == "order_status")
        #expect(english.classifier.classify("good morning!").name == "greeting")
        #expect(english.classifier.classify("cheers, that helped").name == "thanks")
        #expect(english.classifier.classify("please put me through to a human agent").name == "human_handoff")
        #expect(english.statusText("complete") == "shipped")
        #expect(english.statusText("awaiting_pickup") == "awaiting pickup")
        #expect(catalog.carriers["ups"]?.url(for: "1Z 99") == "https://www.ups.com/track?tracknum=1Z%2099")
    }

    @Test func aReplysSubjectIsTheEarlierMailsTopicNotTheNewAsk() throws {
        let catalog = try IntentCatalog.load(from: Self.repositoryIntents)
        // Clear new words are read alone: the store's subject does not turn thanks into a refund question.
        let thanks = catalog.classify("Got it all today, many thanks for sorting that out!", subject: "Re: Your refund for order 000512204 is on its way", locale: "en", threshold: 0.3)
        #expect(thanks.name == "thanks")
        let bye = catalog.classify("Das wars von meiner Seite, tschüss und schönes Wochenende!", subject: "AW: Ihre Rücksendung 000512205", locale: "de", threshold: 0.3)
        #expect(bye.name == "goodbye")
        // Vague new words lean on it, and a subject that is not a reply's is read with them as always.
        #expect(catalog.classify("any news on this?", subject: "Re: Refund for my returned boots", locale: "en", threshold: 0.3).name == "refund_status")
        #expect(catalog.classify("Hi, thanks a lot!", subject: "Invoice for 000512206 please", locale: "en", threshold: 0.3).name == "invoice")
        #expect(MessageCleaning.isReply("AW: Bestellung") && MessageCleaning.isReply("re:x") && !MessageCleaning.isReply("Fwd: order") && !MessageCleaning.isReply("Refund"))
    }

    @Test func anIntentCanAskForMoreConfidence() throws {
        func catalog(confidence: String) throws -> IntentCatalog {
            try IntentCatalog.load(
                from: Self.temporaryIntents([
                    "en/responses.yaml": Self.responses,
                    "en/greeting.yaml": "intent: greeting\nexamples: [hello, hi there, good morning]\n",
                    "en/cancel_order.yaml": "intent: cancel_order\n\(confidence)examples: [cancel my order, please cancel it, stop my order]\n",
                ]))
        }
        let lenient = try catalog(confidence: "")
        let strict = try catalog(confidence: "confidence: 0.99\n")
        #expect(lenient.classify("cancel my order", locale: "en", threshold: 0.25).name == "cancel_order")
        #expect(strict.classify("cancel my order", locale: "en", threshold: 0.25).name == "out_of_scope")
        #expect(strict.locale("en").intents["cancel_order"]?.minimumConfidence == 0.99)
        #expect(throws: CatalogError.self) { try catalog(confidence: "confidence: lots\n") }
    }

    @Test func allPatternsOfALocaleAreMatchedAsOneExpression() throws {
        let set = PatternSet(intents: [
            ("goodbye", [try WholeMessagePattern("(bye|see (you|ya))( now)?")]),
            ("greeting", [try WholeMessagePattern("(hi|hello)( there)?"), try WholeMessagePattern("good (morning|day)")]),
            // A backreference means something else inside a bigger expression: matched on its own.
            ("human_handoff", [try WholeMessagePattern("(agent)[ ,]+\\1")]),
            ("thanks", [try WholeMessagePattern("(?<word>thanks|ta)( a lot)?")]),
        ])
        #expect(set.intent(for: "See ya now!") == "goodbye")
        #expect(set.intent(for: "hello there") == "greeting", "capture groups before it do not shift which intent matched")
        #expect(set.intent(for: "Good day.") == "greeting")
        #expect(set.intent(for: "agent, agent") == "human_handoff")
        #expect(set.intent(for: "thanks a lot") == "thanks")
        #expect(set.intent(for: "hello, where is my order") == nil, "a pattern matches a whole message only")
        #expect(PatternSet.none.intent(for: "hi") == nil)
    }

    @Test func patternsTrimASCIIAsFoundationDoes() {
        // Every printable ASCII character at both edges, and some inside.
        var samples = ["  agent please!! ", "...", "", "\t\nhuman?\n", "(agent)", "$agent$", "+agent+", "~a~", "mitarbeiter bitte."]
        for byte in UInt8(0x20)...UInt8(0x7E) {
            let character = String(UnicodeScalar(byte))
            samples.append(character + "agent" + character)
            samples.append(character + character + " a b " + character)
        }
        for sample in samples {
            #expect(WholeMessagePattern.trimmed(sample) == sample.trimmingCharacters(in: WholeMessagePattern.edges.characters), "\(sample)")
        }
    }

    @Test func templateVariablesAreReadFromEveryKindOfTag() {
        let template = "Hi {{ name }}, {{{raw}}} {{&also}}{{#items}}{{.}} {{title}}{{/items}}{{^items}}none{{/items}}{{! note }}{{> partial}}"
        #expect(ReplyVocabulary.variables(in: template) == ["name", "raw", "also", "items", "title", "items", "items", "items"])
        #expect(ReplyVocabulary.variables(in: "no tags, {not one}") == [])
        #expect(ReplyVocabulary.variables(in: "unclosed {{order") == [])
    }

    @Test func anUnknownTemplateVariableIsRefusedWithFileAndLine() throws {
        let root = try Self.temporaryIntents([
            "en/responses.yaml": Self.responses,
            "en/greeting.yaml": "intent: greeting\nexamples: [hi]\nreplies:\n  reply:\n    - \"Hi {{nickname}}\"\n",
        ])
        #expect {
            _ = try IntentCatalog.load(from: root)
        } throws: { error in
            let text = "\(error)"
            return text.contains("greeting.yaml:5") && text.contains("{{nickname}}")
        }
    }

    @Test func anUnknownIntentNameIsRefused() throws {
        let root = try Self.temporaryIntents(["en/responses.yaml": Self.responses, "en/x.yaml": "intent: weather\nexamples: [sunny?]\n"])
        #expect { _ = try IntentCatalog.load(from: root) } throws: { "\($0)".contains("x.yaml:1") && "\($0)".contains("unknown intent name") }
    }

    @Test func theFailedProofReplyMustHaveOneWording() throws {
        let root = try Self.temporaryIntents([
            "en/responses.yaml": Self.responses.replacingOccurrences(of: #"["Could not verify."]"#, with: #"["A", "B"]"#),
            "en/greeting.yaml": "intent: greeting\nexamples: [hi]\n",
        ])
        #expect { _ = try IntentCatalog.load(from: root) } throws: { "\($0)".contains("exactly one wording") }
    }

    @Test func invalidYAMLNamesTheLine() throws {
        let root = try Self.temporaryIntents(["en/responses.yaml": Self.responses, "en/greeting.yaml": "intent: greeting\nexamples: [hi\n"])
        #expect { _ = try IntentCatalog.load(from: root) } throws: { "\($0)".contains("greeting.yaml:") && "\($0)".contains("invalid YAML") }
    }
}
