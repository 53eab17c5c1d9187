public import Foundation
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

    public func matches(_ text: String) -> Bool {
        guard let message = Message(text) else { return false }
        return matches(message)
    }

    /// A message as patterns read it: trimmed and bridged once, however many patterns are tried
    /// (bridging a String for each one cost more than the matching).
    struct Message {
        let text: NSString
        let range: NSRange

        init?(_ text: String) {
            let trimmed = WholeMessagePattern.trimmed(text)
            let length = trimmed.utf16.count
            guard length > 0, length <= 80 else { return nil }
            self.text = NSString(string: trimmed)
            range = NSRange(location: 0, length: length)
        }
    }

    func matches(_ message: Message) -> Bool {
        expression.firstMatch(in: message.text as String, range: message.range) != nil
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
