@testable import Assistant
import Foundation
import Testing
import Yams

/// The fast reading of `examples:` lists reads what Yams reads, and leaves anything else to Yams.
@Suite struct ExampleListTests {
    static func shippedFiles() throws -> [URL] {
        let root = CatalogTests.repositoryIntents
        return try FileManager.default.contentsOfDirectory(atPath: root.path).sorted().flatMap { entry in
            LocaleCatalog.files(in: root.appendingPathComponent(entry))
        }
    }

    /// Every node's line, depth first, with its key path: what error messages and reply locations show.
    static func lines(_ node: Node, path: String = "") -> [String] {
        var found = ["\(path)@\(node.mark?.line ?? 0)"]
        if let mapping = node.mapping {
            for (key, value) in mapping { found += lines(value, path: path + "/" + (key.string ?? "?")) }
        } else if let sequence = node.sequence {
            for (index, element) in sequence.enumerated() { found += lines(element, path: path + "/\(index)") }
        }
        return found
    }

    @Test func everyShippedIntentFileReadsAsYamsReadsIt() throws {
        var intentFiles = 0
        for url in try Self.shippedFiles() {
            let text = try String(contentsOf: url, encoding: .utf8)
            let yams = try #require(try Yams.compose(yaml: text))
            let document = try YAMLDocument(url)
            guard let examples = yams["examples"] else {
                #expect(document.examples == nil, "\(url.lastPathComponent)")
                #expect(document.root == yams, "\(url.lastPathComponent)")
                continue
            }
            intentFiles += 1
            // The plain shape is what every shipped file uses: each is read without Yams' examples.
            let read = try #require(document.examples, "\(url.lastPathComponent) fell back to Yams")
            #expect(read == examples.sequence?.compactMap(\.string), "\(url.lastPathComponent)")
            // Everything else is the same, down to each node's line.
            var withoutExamples = try #require(yams.mapping)
            withoutExamples["examples"] = nil
            var rest = try #require(document.root.mapping)
            #expect(rest["examples"] == Node.sequence(Node.Sequence([])))
            rest["examples"] = nil
            #expect(rest == withoutExamples, "\(url.lastPathComponent)")
            #expect(Self.lines(.mapping(rest)) == Self.lines(.mapping(withoutExamples)), "\(url.lastPathComponent)")
        }
        #expect(intentFiles >= 20)
    }

    @Test func plainAndDoubleQuotedItemsReadAsYamsReadsThem() throws {
        let text = #"""
            intent: greeting
            examples:
              - hello there
              -   spaced out   
              - "say \"hi\" to C:\\shop\/x"
              - "line one\nline two\tend"
              - 100% sure, it's {fine} [really]
              - Grüße aus Köln — ü
              - "  padded  "
            replies:
              reply: ["Hi!"]
            """#
        let list = try #require(ExampleList.read(text))
        let yams = try #require(try Yams.compose(yaml: text))
        #expect(list.examples == yams["examples"]?.sequence?.compactMap(\.string))
        #expect(list.line == 2)
        #expect(list.remainder == "intent: greeting\nexamples: []\n\n\n\n\n\n\n\nreplies:\n  reply: [\"Hi!\"]")
        // Blank lines before the next key, or at the end, end the list; indentation may be none.
        #expect(ExampleList.read("examples:\n- a\n- b\n\nintent: x\n")?.examples == ["a", "b"])
        #expect(ExampleList.read("intent: x\nexamples:\n    - a\n    - b\n")?.examples == ["a", "b"])
    }

    @Test func anyOtherShapeIsLeftToYams() {
        let otherShapes = [
            "examples: [a, b]\n",  // a flow list
            "examples:\n  - a\n  # a comment\n  - b\n",
            "examples:\n  - a\n# a comment\n  - b\n",
            "examples:\n  - a\n\n  - b\n",  // a blank line inside
            "examples:\n  - a\n   - b\n",  // another indentation
            "examples:\n  - a\n    continued\n",  // a plain scalar over two lines
            "examples:\n  - 'single quoted'\n",
            "examples:\n  - \"two\n    lines\"\n",
            "examples:\n  - \"\\x41 escape\"\n",
            "examples:\n  - \"quoted\" # comment\n",
            "examples:\n  - plain # comment\n",
            "examples:\n  - key: value\n",
            "examples:\n  - ends in a colon:\n",
            "examples:\n  - - nested\n",
            "examples:\n  - &anchor a\n",
            "examples:\n  - *alias\n",
            "examples:\n  - !!str tagged\n",
            "examples:\n  - |\n    literal\n",
            "examples:\n  -\n",
            "examples:\n  - \"   \"\n",  // only spaces: Yams reads it, and the catalog reports the line
            "examples:\n  - tab\there\n",
            "examples:\n  - next\u{2028}line\n",
            "examples:\r\n  - a\r\n",
            "\u{FEFF}examples:\n  - a\n",
            "%YAML 1.1\n---\nexamples:\n  - a\n",
            "examples: # comment\n  - a\n",
            "examples:\n  - a\nexamples:\n  - b\n",
            "intent: x\n",
            "examples:\nintent: x\n",
        ]
        for text in otherShapes { #expect(ExampleList.read(text) == nil, "\(text.debugDescription)") }
    }

    @Test func aMistakeInAFileWithPlainExamplesNamesItsLineAsBefore() throws {
        func loadError(_ file: String, _ text: String) throws -> CatalogError? {
            let intents = try CatalogTests.temporaryIntents(["en/responses.yaml": CatalogTests.responses, file: text])
            defer { try? FileManager.default.removeItem(at: intents) }
            do {
                _ = try IntentCatalog.load(from: intents)
                return nil
            } catch {
                return error
            }
        }
        // A mistake after the examples: Yams' line for it, as the whole file read by Yams gives.
        let slot = try #require(try loadError("en/greeting.yaml", "intent: greeting\nexamples:\n  - hello\n  - hi there\nslots:\n  order_number: sometimes\n"))
        #expect(slot.line == 6 && slot.file.hasSuffix("en/greeting.yaml") && slot.message.contains("'required' or 'optional'"))
        // A blank example: read by Yams, reported on its own line.
        let blank = try #require(try loadError("en/thanks.yaml", "intent: thanks\nexamples:\n  - thanks\n  - \"   \"\n"))
        #expect(blank.line == 4 && blank.message == "'examples' entries must be non-empty text")
    }
}
