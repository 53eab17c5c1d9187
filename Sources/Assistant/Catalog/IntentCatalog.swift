public import Foundation
import MagentoWire
import Mustache
import Yams

/// Everything the assistant understands and says, loaded from `intents/` at start-up.
///
/// Layout (all YAML, editable without recompiling):
/// - `intents/<locale>/<intent>.yaml` — one intent: examples, slots, verification, replies;
/// - `intents/<locale>/responses.yaml` — replies of the dialogue itself (asking for proof, handoffs);
/// - `intents/<locale>/statuses.yaml` — how each Magento order status is worded to customers;
/// - `intents/<locale>/upset.yaml` — phrases showing a customer is upset (a person takes over);
/// - `intents/<locale>/concepts.yaml` — words that mean the same to the classifier (`Concepts`);
/// - `intents/carriers.yaml` — carrier names and tracking-link templates.
///
/// Loading validates everything and trains one classifier per locale; an error names file and line.
public struct IntentCatalog: Sendable {
    public var locales: [String: LocaleCatalog]
    public var carriers: [String: Carrier]
    public var defaultLocale: String

    public func locale(_ code: String?) -> LocaleCatalog {
        if let code, let catalog = locales[code] { return catalog }
        return locales[defaultLocale] ?? locales.values.first!
    }

    /// `cache`, when given, keeps trained classifiers between processes (`ClassifierCache`).
    public static func load(from directory: URL, cache: ClassifierCache? = nil) throws(CatalogError) -> IntentCatalog {
        let fileManager = FileManager.default
        let root = directory.path
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CatalogError(file: root, line: nil, message: "no intents directory here (set --intents or MAGEDESK_INTENTS)")
        }
        let carriersFile = directory.appendingPathComponent("carriers.yaml")
        let carriers = fileManager.fileExists(atPath: carriersFile.path) ? try loadCarriers(carriersFile) : [:]
        let entries = ((try? fileManager.contentsOfDirectory(atPath: root)) ?? []).sorted().filter { entry in
            var isFolder: ObjCBool = false
            return fileManager.fileExists(atPath: directory.appendingPathComponent(entry).path, isDirectory: &isFolder) && isFolder.boolValue
        }
        // First every file of every locale is read and parsed, file by file across the cores (the
        // examples make most of the YAML); then each locale's training and the building of its
        // replies are separate pieces of work, the largest locale's training first, so that two
        // cores share them evenly (training English alone outlasts the rest).
        let files = entries.enumerated().flatMap { index, entry in
            LocaleCatalog.files(in: directory.appendingPathComponent(entry)).map { (locale: index, url: $0) }
        }
        let documents = LockedResults<Result<YAMLDocument, CatalogError>>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            documents.set(index, Result { () throws(CatalogError) in try YAMLDocument(files[index].url) })
        }
        var documentsByLocale = Array(repeating: [YAMLDocument](), count: entries.count)
        for (index, result) in documents.values.enumerated() {
            switch result {
            case .success(let document): documentsByLocale[files[index].locale].append(document)
            case .failure(let error): throw error
            case nil: continue
            }
        }
        var parsedLocales: [ParsedLocale] = []
        for (index, entry) in entries.enumerated() {
            parsedLocales.append(try LocaleCatalog.parse(locale: entry, from: directory.appendingPathComponent(entry), documents: documentsByLocale[index]))
        }
        let parsed = parsedLocales
        let largestFirst = parsed.indices.sorted { parsed[$0].examples.count > parsed[$1].examples.count }
        let classifiers = LockedResults<Classifier>(count: parsed.count)
        let contents = LockedResults<Result<LocaleCatalog.Content, CatalogError>>(count: parsed.count)
        DispatchQueue.concurrentPerform(iterations: parsed.count * 2) { task in
            let index = largestFirst[task % parsed.count]
            let locale = parsed[index]
            if task < parsed.count {
                // Examples are read as messages are (an email-shaped one without its closing), but only
                // when training: a cached classifier is found by the examples as written.
                let prepare = { (example: Classifier.Example) in
                    Classifier.Example(text: MessageCleaning.forClassification(example.text), label: example.label)
                }
                classifiers.set(
                    index,
                    cache?.classifier(examples: locale.examples, concepts: locale.concepts, preparing: prepare)
                        ?? Classifier(examples: locale.examples.map(prepare), concepts: locale.concepts))
            } else {
                contents.set(index, Result { () throws(CatalogError) in try LocaleCatalog.content(of: locale) })
            }
        }
        var locales: [String: LocaleCatalog] = [:]
        for (index, locale) in parsed.enumerated() {
            switch contents.values[index] {
            case .success(let content):
                guard let classifier = classifiers.values[index] else { continue }
                locales[locale.locale] = LocaleCatalog(locale: locale.locale, content: content, classifier: classifier)
            case .failure(let error): throw error
            case nil: continue
            }
        }
        guard !locales.isEmpty else {
            throw CatalogError(file: root, line: nil, message: "no locale folders (such as en/) with intents")
        }
        return IntentCatalog(locales: locales, carriers: carriers, defaultLocale: locales["en"] != nil ? "en" : locales.keys.sorted()[0])
    }

    static func loadCarriers(_ file: URL) throws(CatalogError) -> [String: Carrier] {
        let document = try YAMLDocument(file)
        var carriers: [String: Carrier] = [:]
        for (code, value) in try document.mapping(document.root["carriers"] ?? document.root, key: "carriers") {
            guard let name = value["name"]?.string else {
                throw document.error(value, "carrier '\(code)' needs a name")
            }
            carriers[code] = Carrier(code: code, name: name, trackingURL: value["tracking_url"]?.string)
        }
        return carriers
    }
}

/// Results filled in from several threads, read once all are done.
final class LockedResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// A carrier's customer-facing name and, where it has one, its tracking page (`{{number}}` is the
/// tracking number).
public struct Carrier: Sendable, Equatable {
    public var code: String
    public var name: String
    public var trackingURL: String?

    public func url(for number: String) -> String? {
        trackingURL?.replacing("{{number}}", with: URLQuery.percentEncode(number))
    }
}

/// One locale's intents, replies, status wording and trained classifier.
public struct LocaleCatalog: Sendable {
    public var locale: String
    public var intents: [String: IntentDefinition]
    public var responses: [String: ReplyVariants]
    public var statuses: [String: String]
    /// Lower-cased phrases that show the customer is upset.
    public var upsetPhrases: [String]
    public var classifier: Classifier
    /// Every intent's `patterns:`, matched together.
    var patterns = PatternSet.none

    /// The reply `key` of `intent`, else the locale's shared response of that name.
    public func reply(_ key: String, intent: String?) -> ReplyVariants? {
        if let intent, let variants = intents[intent]?.replies[key] { return variants }
        return responses[key]
    }

    /// Customer wording of a Magento status code; an unknown custom status falls back to its
    /// code's words (`awaiting_pickup` → "awaiting pickup").
    public func statusText(_ status: String) -> String {
        statuses[status] ?? status.replacingOccurrences(of: "_", with: " ")
    }

    /// Everything of a locale but its classifier.
    struct Content {
        var intents: [String: IntentDefinition] = [:]
        var responses: [String: ReplyVariants] = [:]
        var statuses: [String: String] = [:]
        var upsetPhrases: [String] = []
    }

    init(locale: String, content: Content, classifier: Classifier) {
        self.locale = locale
        intents = content.intents
        responses = content.responses
        statuses = content.statuses
        upsetPhrases = content.upsetPhrases
        self.classifier = classifier
        patterns = PatternSet(intents: content.intents.values.sorted { $0.name < $1.name }.map { ($0.name, $0.patterns) })
    }

    /// A locale folder's YAML files, in name order.
    static func files(in directory: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// The locale's files (parsed, in name order), with what its classifier learns from: the examples
    /// as written, intents in name order (`load` reads them as messages only when it trains).
    static func parse(locale: String, from directory: URL, documents parsedFiles: [YAMLDocument]) throws(CatalogError) -> ParsedLocale {
        var documents: [YAMLDocument] = []
        var documentExamples: [Int: [String]] = [:]
        var examplesByIntent: [(name: String, examples: [String])] = []
        var conceptGroups: [Concepts.Group] = []
        for document in parsedFiles {
            if let name = document.root["intent"]?.string {
                // Read by `ExampleList` already, or else from Yams' nodes.
                let examples: [String]
                if let read = document.examples { examples = read } else { examples = try document.strings(document.root["examples"], key: "examples") }
                documentExamples[documents.count] = examples
                examplesByIntent.append((name, examples))
            } else if let node = document.root["concepts"] {
                for (name, value) in try document.mapping(node, key: "concepts") {
                    let entries = try document.strings(value, key: "concept '\(name)'")
                    guard !entries.isEmpty else { throw document.error(value, "concept '\(name)' needs at least one word") }
                    if let bad = entries.first(where: { !Concepts.isValidEntry($0) }) {
                        throw document.error(value, "concept '\(name)': '\(bad)' is not a word or phrase ('*' only at a word's start or end)")
                    }
                    guard !conceptGroups.contains(where: { $0.name == name }) else {
                        throw document.error(value, "concept '\(name)' is defined twice in \(locale)/")
                    }
                    conceptGroups.append(Concepts.Group(name: name, entries: entries))
                }
            }
            documents.append(document)
        }
        var examples: [Classifier.Example] = []
        for (name, texts) in examplesByIntent.sorted(by: { $0.name < $1.name }) {
            examples += texts.map { Classifier.Example(text: $0, label: name) }
        }
        return ParsedLocale(
            locale: locale, directory: directory, documents: documents, documentExamples: documentExamples, examples: examples,
            concepts: Concepts(groups: conceptGroups))
    }

    /// Intents, replies, status wording and upset phrases from the parsed files, validated.
    static func content(of parsed: ParsedLocale) throws(CatalogError) -> Content {
        var content = Content()
        for (index, document) in parsed.documents.enumerated() {
            if document.root["intent"] != nil {
                // No examples read only when `intent:` is not a name, which loadIntent refuses.
                let intent = try loadIntent(document, examples: parsed.documentExamples[index] ?? [])
                if content.intents[intent.name] != nil {
                    throw document.error(document.root["intent"]!, "intent '\(intent.name)' is defined twice in \(parsed.locale)/")
                }
                content.intents[intent.name] = intent
            } else if let node = document.root["responses"] {
                for (key, value) in try document.mapping(node, key: "responses") {
                    content.responses[key] = try loadReply(document, key: key, node: value)
                }
            } else if let node = document.root["statuses"] {
                for (code, value) in try document.mapping(node, key: "statuses") {
                    guard let text = value.string, !text.isEmpty else { throw document.error(value, "status '\(code)' needs a wording") }
                    content.statuses[code] = text
                }
            } else if let node = document.root["upset"] {
                content.upsetPhrases += try document.strings(node, key: "upset").map { $0.lowercased() }
            } else if document.root["concepts"] == nil {
                throw document.error(
                    document.root, "expected an intent file (with 'intent:'), 'responses:', 'statuses:', 'upset:' or 'concepts:'")
            }
        }
        guard !content.intents.isEmpty else {
            throw CatalogError(file: parsed.directory.path, line: nil, message: "no intent files in this locale")
        }
        for required in ["ask_verification", "verification_failed", "backend_unavailable"] where content.responses[required] == nil {
            throw CatalogError(
                file: parsed.directory.appendingPathComponent("responses.yaml").path, line: nil,
                message: "missing the response '\(required)'")
        }
        return content
    }

    /// An intent file, its `examples:` already read by `parse`.
    static func loadIntent(_ document: YAMLDocument, examples: [String]) throws(CatalogError) -> IntentDefinition {
        let root = document.root
        guard let name = root["intent"]?.string, IntentDefinition.knownNames.contains(name) else {
            throw document.error(
                root["intent"] ?? root,
                "unknown intent name; use one of \(IntentDefinition.knownNames.sorted().joined(separator: ", "))")
        }
        guard !examples.isEmpty || name == "out_of_scope" else {
            throw document.error(root["examples"] ?? root, "intent '\(name)' needs examples")
        }
        var required: [Slot] = []
        var optional: [Slot] = []
        if let slots = root["slots"] {
            for (slotName, value) in try document.mapping(slots, key: "slots") {
                guard let slot = Slot(rawValue: slotName) else {
                    throw document.error(value, "unknown slot '\(slotName)'; use order_number, email, postcode or name")
                }
                switch value.string {
                case "required": required.append(slot)
                case "optional": optional.append(slot)
                default: throw document.error(value, "slot '\(slotName)' must be 'required' or 'optional'")
                }
            }
        }
        var verification = false
        if let node = root["verification"] {
            switch node.string {
            case "order": verification = true
            case "none": verification = false
            default: throw document.error(node, "verification must be 'order' or 'none'")
            }
        }
        var patterns: [WholeMessagePattern] = []
        if let node = root["patterns"] {
            for element in node.sequence ?? [] {
                guard let source = element.string, let pattern = try? WholeMessagePattern(source) else {
                    throw document.error(element, "'patterns' entries must be valid regular expressions")
                }
                patterns.append(pattern)
            }
            guard node.sequence != nil else { throw document.error(node, "'patterns' must be a list") }
        }
        var minimumConfidence: Double?
        if let node = root["confidence"] {
            guard let value = node.float, (0...1).contains(value) else { throw document.error(node, "'confidence' must be a number from 0 to 1") }
            minimumConfidence = value
        }
        var replies: [String: ReplyVariants] = [:]
        if let node = root["replies"] {
            for (key, value) in try document.mapping(node, key: "replies") {
                replies[key] = try loadReply(document, key: key, node: value)
            }
        }
        return IntentDefinition(
            name: name, examples: examples, requiredSlots: required, optionalSlots: optional,
            needsVerification: verification, patterns: patterns, minimumConfidence: minimumConfidence, replies: replies)
    }

    static func loadReply(_ document: YAMLDocument, key: String, node: Node) throws(CatalogError) -> ReplyVariants {
        let texts = node.scalar != nil ? [node.string ?? ""] : try document.strings(node, key: key)
        guard !texts.isEmpty else { throw document.error(node, "reply '\(key)' needs at least one wording") }
        if ReplyVocabulary.fixedWording.contains(key), texts.count != 1 {
            throw document.error(node, "reply '\(key)' must have exactly one wording, so that it reveals nothing")
        }
        let allowed = ReplyVocabulary.byReply[key] ?? ReplyVocabulary.byReply["reply"]!
        var templates: [MustacheTemplate] = []
        for text in texts {
            for variable in ReplyVocabulary.variables(in: text) where !allowed.contains(variable) {
                throw document.error(
                    node,
                    "reply '\(key)' uses {{\(variable)}}, which it does not provide (available: \(allowed.sorted().joined(separator: ", ")))")
            }
            do {
                templates.append(try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text))
            } catch {
                throw document.error(node, "reply '\(key)' is not a valid Mustache template: \(error)")
            }
        }
        return ReplyVariants(templates: templates, location: document.location(node))
    }
}

/// A locale's files read and parsed, and what its classifier learns from.
struct ParsedLocale: @unchecked Sendable {
    // Yams nodes are values read by one thread at a time here.
    let locale: String
    let directory: URL
    let documents: [YAMLDocument]
    /// The `examples:` of each intent file, by its index in `documents`.
    let documentExamples: [Int: [String]]
    let examples: [Classifier.Example]
    let concepts: Concepts
}

/// A parsed YAML file that can point at its own lines.
struct YAMLDocument {
    let path: String
    let root: Node
    /// The top-level `examples:` list when `ExampleList` read it (`root` then holds `examples: []`).
    let examples: [String]?

    init(_ url: URL) throws(CatalogError) {
        path = url.path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CatalogError(file: url.path, line: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        // Most of an intent file is its examples: read without Yams when they have the plain shape.
        // Should Yams read the rest differently than expected, or find a mistake in it, the whole
        // file is read by Yams instead, so errors name the lines they always did.
        if let list = ExampleList.read(text), let node = try? Yams.compose(yaml: list.remainder, .default, .default, .utf8), let empty = node["examples"],
            empty.sequence?.isEmpty == true, empty.mark?.line == list.line
        {
            root = node
            examples = list.examples
            return
        }
        examples = nil
        do {
            // UTF-8, as read above: Yams' default looks the encoding up in the environment on every call.
            guard let node = try Yams.compose(yaml: text, .default, .default, .utf8) else {
                throw CatalogError(file: url.path, line: nil, message: "the file is empty")
            }
            root = node
        } catch let error as CatalogError {
            throw error
        } catch let error as YamlError {
            throw CatalogError(file: url.path, line: YAMLDocument.line(of: error), message: "invalid YAML: \(error)")
        } catch {
            throw CatalogError(file: url.path, line: nil, message: "invalid YAML: \(error)")
        }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    func error(_ node: Node, _ message: String) -> CatalogError {
        CatalogError(file: path, line: node.mark?.line, message: message)
    }

    func location(_ node: Node) -> String { "\(path):\(node.mark?.line ?? 0)" }

    func mapping(_ node: Node, key: String) throws(CatalogError) -> [(String, Node)] {
        guard let mapping = node.mapping else { throw error(node, "'\(key)' must be a mapping") }
        return mapping.map { ($0.key.string ?? "", $0.value) }
    }

    func strings(_ node: Node?, key: String) throws(CatalogError) -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw error(node, "'\(key)' must be a list") }
        var values: [String] = []
        for element in sequence {
            // Byte by byte: Foundation's trimming cost microseconds an entry, thousands of times.
            guard let text = element.string, text.utf8.contains(where: { !Punctuation.isSpace($0) }) else {
                throw error(element, "'\(key)' entries must be non-empty text")
            }
            values.append(text)
        }
        return values
    }
}
