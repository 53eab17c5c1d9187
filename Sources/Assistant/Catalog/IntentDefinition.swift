import Foundation
public import Mustache

/// One intent as a merchant defines it in `intents/<locale>/<intent>.yaml`.
public struct IntentDefinition: Sendable {
    /// The fixed intent names the engine knows how to serve.
    public static let knownNames: Set<String> = [
        "order_status", "order_details", "invoice", "refund_status", "cancel_order", "change_address",
        "return_request", "account_lookup", "human_handoff", "greeting", "goodbye", "thanks", "out_of_scope",
    ]

    public var name: String
    public var examples: [String]
    public var requiredSlots: [Slot]
    public var optionalSlots: [Slot]
    /// Whether answering discloses order data, so the asker must prove ownership first.
    public var needsVerification: Bool
    /// Messages that are this intent whatever the classifier thinks ("agent", "human please").
    public var patterns: [WholeMessagePattern]
    /// The least classifier probability at which a message is this intent (`confidence:`), above
    /// the engine's threshold: intents that look orders up or hand over can ask for more certainty.
    public var minimumConfidence: Double?
    public var replies: [String: ReplyVariants]
}

/// A regular expression a whole message must match (case-insensitive, surrounding spaces and
/// punctuation ignored). Whole-message only, so a pattern never hijacks a longer question.
public struct WholeMessagePattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to share between threads.
    let expression: NSRegularExpression
    public let source: String

    public init(_ source: String) throws {
        self.source = source
        expression = try NSRegularExpression(pattern: "^(?:\(source))$", options: [.caseInsensitive])
    }

    /// Its capture groups, and whether it can share one expression with others (a numbered
    /// backreference or a named group would mean something else there).
    var captureGroups: Int { expression.numberOfCaptureGroups }
    var combines: Bool { source.range(of: #"\\[1-9]|\(\?P?<[A-Za-z]|\\k<"#, options: .regularExpression) == nil }

    public func matches(_ text: String) -> Bool {
        guard let message = Message(text) else { return false }
        return matches(message)
    }

    /// A message as patterns read it: trimmed, and measured in UTF-16, once however many
    /// patterns are tried.
    struct Message {
        let text: String
        let range: NSRange

        init?(_ text: String) {
            let trimmed = WholeMessagePattern.trimmed(text)
            let length = trimmed.utf16.count
            guard length > 0, length <= 80 else { return nil }
            self.text = trimmed
            range = NSRange(location: 0, length: length)
        }
    }

    func matches(_ message: Message) -> Bool {
        expression.firstMatch(in: message.text, range: message.range) != nil
    }
}

/// Every `patterns:` entry of a locale as one expression, so a message is matched once rather
/// than once per pattern (each NSRegularExpression call costs a microsecond or more
/// on Linux, on every short message). Intents are tried in name order, as one alternation.
struct PatternSet: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to share between threads.
    private let combined: NSRegularExpression?
    /// Per intent, in order: its name and the capture group that wraps its patterns.
    private let groups: [(intent: String, group: Int)]
    /// Intents whose patterns cannot be combined, tried one by one after the rest.
    private let separate: [(intent: String, patterns: [WholeMessagePattern])]

    static let none = PatternSet(intents: [])

    init(intents: [(name: String, patterns: [WholeMessagePattern])]) {
        var sources: [String] = []
        var groups: [(intent: String, group: Int)] = []
        var separate: [(intent: String, patterns: [WholeMessagePattern])] = []
        var nextGroup = 1
        for (name, patterns) in intents where !patterns.isEmpty {
            guard patterns.allSatisfy(\.combines) else {
                separate.append((name, patterns))
                continue
            }
            sources.append("(" + patterns.map { "(?:\($0.source))" }.joined(separator: "|") + ")")
            groups.append((name, nextGroup))
            nextGroup += 1 + patterns.reduce(0) { $0 + $1.captureGroups }
        }
        // Each part compiled on its own already, so together they compile too.
        combined = sources.isEmpty ? nil : try? NSRegularExpression(pattern: "^(?:\(sources.joined(separator: "|")))$", options: [.caseInsensitive])
        self.groups = combined == nil ? [] : groups
        self.separate = separate
    }

    var isEmpty: Bool { combined == nil && separate.isEmpty }

    /// The intent whose patterns match this whole message, if one does.
    func intent(for text: String) -> String? {
        guard !isEmpty, let message = WholeMessagePattern.Message(text) else { return nil }
        if let combined, let match = combined.firstMatch(in: message.text, range: message.range) {
            if let found = groups.first(where: { match.range(at: $0.group).location != NSNotFound }) { return found.intent }
        }
        return separate.first { $0.patterns.contains { $0.matches(message) } }?.intent
    }
}

extension WholeMessagePattern {
    /// Spaces and punctuation around a message: ASCII's part is Unicode's P categories (not
    /// `$+<=>^`|~`), read byte by byte, since every short message is tried against the patterns.
    static let edges = Punctuation.Edges(
        " \t\n\r\u{0B}\u{0C}!\"#%&'()*,-./:;?@[\\]_{}", characters: CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters))

    static func trimmed(_ text: String) -> String { edges.trim(text) }
}

/// The wordings of one reply; one is chosen per turn, stably for a conversation and turn so that
/// replays are reproducible.
public struct ReplyVariants: Sendable {
    public var templates: [MustacheTemplate]
    /// Where the reply is defined, for error messages: `intents/en/order_status.yaml:14`.
    public var location: String

    public func render(_ context: [String: Any], choosing seed: Int) -> String {
        let template = templates[abs(seed) % templates.count]
        return template.render(context)
    }
}
