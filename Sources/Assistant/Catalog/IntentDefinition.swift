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
    public var replies: [String: ReplyVariants]
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
