import Assistant
import MagentoModel

/// A parsed transcript file (format v1): conversations, each with its directives and turns.
struct Transcript {
    var path: String
    var conversations: [Conversation]

    struct Conversation {
        var line: Int
        var directives: Directives
        var turns: [Turn]
    }

    /// Settings of a conversation. File-level directives are the defaults each conversation starts from.
    struct Directives {
        var fixtures: String?
        var customer: CustomerContext?
        var locale: String?
        var store: String?
        var backends: [MagentoVersion] = [.magento2, .magento1]
        var fault: String?
        /// Only requests whose path or resource path contains this get the fault.
        var faultRoute: String?
        var config: [(key: String, value: String)] = []
    }

    struct Turn {
        var line: Int
        var text: String
        var expectations: [Expectation] = []
        /// `~ new conversation` before this turn: it opens a new conversation_id on the same store
        /// (the customer, or a prober, comes back in a fresh chat).
        var startsNewConversation = false
        /// `~ N minutes pass` before this turn: the replay clock moves on.
        var secondsPassed: Int = 0
    }

    struct Expectation {
        enum Kind: Equatable {
            /// `< text`: the reply equals text, whitespace collapsed.
            case replyEquals(String)
            /// `<~ text`: the reply contains text (case-insensitive).
            case replyContains(String)
            /// `<! text`: the reply does not contain text (case-insensitive).
            case replyLacks(String)
            /// `? key=value`: an assertion on the turn's JSON output.
            case output(key: String, value: String)
        }

        var line: Int
        var kind: Kind
    }

    /// The keys `?` lines may assert on; any other fails the file.
    static let assertionKeys: Set<String> = ["intent", "awaiting", "verified", "handoff", "lookup"]
    static let configKeys: Set<String> = [
        "order_number_pattern", "max_failed_attempts", "confidence_threshold", "conversation_timeout", "magento2_auth", "magento1_protocol",
        "lockout_attempts", "lockout_window", "lockout_duration",
    ]
    static let faults: Set<String> = ["down", "slow", "429", "500", "503", "malformed", "timeout", "drop", "soap_bootstrap"]
}

/// A transcript that cannot be read, with the line at fault.
struct TranscriptSyntaxError: Error, CustomStringConvertible {
    var path: String
    var line: Int
    var message: String
    var description: String { "\(path):\(line): \(message)" }
}
