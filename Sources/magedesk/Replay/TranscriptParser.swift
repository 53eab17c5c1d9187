import Assistant
import MagentoModel

/// Reads transcript format v1. Unknown directives, keys or line shapes fail the file: a typo must
/// never turn an assertion into a silently skipped one.
enum TranscriptParser {
    static func parse(_ text: String, path: String) throws(TranscriptSyntaxError) -> Transcript {
        var conversations: [Transcript.Conversation] = []
        var fileDirectives = Transcript.Directives()
        var current: Transcript.Conversation?
        var afterSeparator = false
        var lineNumber = 0
        // Stage directions (`~ …`) wait for the turn they come before.
        var pendingNewConversation = false
        var pendingSeconds = 0

        func fail(_ message: String) -> TranscriptSyntaxError {
            TranscriptSyntaxError(path: path, line: lineNumber, message: message)
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed == "---" {
                if let finished = current, !finished.turns.isEmpty { conversations.append(finished) }
                if pendingNewConversation || pendingSeconds > 0 { throw fail("a '~' stage direction must come before a turn") }
                current = nil
                afterSeparator = true
                continue
            }
            if trimmed.hasPrefix("~") {
                guard let conversation = current, !conversation.turns.isEmpty else {
                    throw fail("'~' stage directions go between turns of a conversation")
                }
                let direction = content(trimmed, after: "~").lowercased()
                let words = direction.split(separator: " ")
                if direction == "new conversation" {
                    pendingNewConversation = true
                } else if words.count == 3, let count = Int(words[0]), count > 0, ["pass", "later"].contains(words[2]),
                    let unit = ["second": 1, "seconds": 1, "minute": 60, "minutes": 60, "hour": 3600, "hours": 3600][String(words[1])]
                {
                    pendingSeconds += count * unit
                } else {
                    throw fail("unknown stage direction; use '~ new conversation' or '~ N minutes pass'")
                }
                continue
            }
            if trimmed.hasPrefix("@") {
                if let conversation = current, !conversation.turns.isEmpty {
                    throw fail("directives go before the first turn of a conversation")
                }
                if afterSeparator {
                    var conversation = current ?? Transcript.Conversation(line: lineNumber, directives: fileDirectives, turns: [])
                    try apply(trimmed, to: &conversation.directives, fail: fail)
                    current = conversation
                } else {
                    try apply(trimmed, to: &fileDirectives, fail: fail)
                }
                continue
            }
            if trimmed.hasPrefix(">|") {
                guard var conversation = current, !conversation.turns.isEmpty else { throw fail("'>|' continues a turn, but there is none") }
                conversation.turns[conversation.turns.count - 1].text += "\n" + content(trimmed, after: ">|")
                current = conversation
                continue
            }
            if trimmed.hasPrefix(">") {
                var conversation = current ?? Transcript.Conversation(line: lineNumber, directives: fileDirectives, turns: [])
                conversation.turns.append(
                    Transcript.Turn(
                        line: lineNumber, text: content(trimmed, after: ">"), startsNewConversation: pendingNewConversation,
                        secondsPassed: pendingSeconds))
                pendingNewConversation = false
                pendingSeconds = 0
                current = conversation
                continue
            }
            guard var conversation = current, !conversation.turns.isEmpty else {
                throw fail("an expectation needs a customer turn ('> text') before it")
            }
            let kind: Transcript.Expectation.Kind
            if trimmed.hasPrefix("<~") {
                kind = .replyContains(content(trimmed, after: "<~"))
            } else if trimmed.hasPrefix("<!") {
                kind = .replyLacks(content(trimmed, after: "<!"))
            } else if trimmed.hasPrefix("<") {
                kind = .replyEquals(content(trimmed, after: "<"))
            } else if trimmed.hasPrefix("?") {
                for (key, value) in try pairs(content(trimmed, after: "?"), fail: fail) {
                    let base = key.hasPrefix("slot.") ? "slot" : key
                    guard Transcript.assertionKeys.contains(base) || base == "slot" else {
                        throw fail("unknown assertion key '\(key)'; use intent, awaiting, verified, handoff, slot.NAME or lookup")
                    }
                    if base == "slot", Slot(rawValue: String(key.dropFirst("slot.".count))) == nil {
                        throw fail("unknown slot in '\(key)'")
                    }
                    if key == "lookup" {
                        let parts = value.split(separator: ":")
                        guard parts.count == 2, LookupRecord.Operation(rawValue: String(parts[0])) != nil,
                            LookupRecord.Outcome(rawValue: String(parts[1])) != nil
                        else { throw fail("lookup must be OPERATION:OUTCOME, e.g. order_by_number:found") }
                    }
                    if key == "verified", value != "true", value != "false" { throw fail("verified must be true or false") }
                    if key == "handoff", value != "true", value != "false", Handoff.Reason(rawValue: value) == nil {
                        throw fail("handoff must be true, false or a reason: \(Handoff.Reason.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    conversation.turns[conversation.turns.count - 1].expectations.append(
                        Transcript.Expectation(line: lineNumber, kind: .output(key: key, value: value)))
                }
                current = conversation
                continue
            } else {
                throw fail("unknown line; turns start with '>', expectations with '<', '<~', '<!' or '?', directives with '@'")
            }
            conversation.turns[conversation.turns.count - 1].expectations.append(Transcript.Expectation(line: lineNumber, kind: kind))
            current = conversation
        }
        if let finished = current, !finished.turns.isEmpty { conversations.append(finished) }
        return Transcript(path: path, conversations: conversations)
    }

    static func content(_ line: String, after marker: String) -> String {
        String(line.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces)
    }

    static func apply(
        _ line: String, to directives: inout Transcript.Directives, fail: (String) -> TranscriptSyntaxError
    ) throws(TranscriptSyntaxError) {
        let body = line.dropFirst()
        let name = body.prefix { !$0.isWhitespace }
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case "fixtures":
            guard !argument.isEmpty else { throw fail("@fixtures needs a path") }
            directives.fixtures = argument
        case "customer":
            var customer = CustomerContext()
            for (key, value) in try pairs(argument, fail: fail) {
                switch key {
                case "email": customer.email = value
                case "name": customer.name = value
                case "verified":
                    guard value == "true" || value == "false" else { throw fail("@customer verified must be true or false") }
                    customer.verified = value == "true"
                default: throw fail("unknown @customer key '\(key)'; use email, verified or name")
                }
            }
            directives.customer = customer
        case "locale":
            guard !argument.isEmpty else { throw fail("@locale needs a code such as en or de") }
            directives.locale = argument
        case "store":
            guard !argument.isEmpty else { throw fail("@store needs a store view code") }
            directives.store = argument
        case "backend":
            switch argument {
            case "magento1": directives.backends = [.magento1]
            case "magento2": directives.backends = [.magento2]
            case "both": directives.backends = [.magento2, .magento1]
            default: throw fail("@backend must be magento1, magento2 or both")
            }
        case "fault":
            // `@fault KIND` for every request, `@fault KIND ROUTE` for requests whose path or
            // Magento 1 resource contains ROUTE (e.g. `@fault 500 shipment`).
            let words = argument.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let kind = words.first, Transcript.faults.contains(kind), words.count <= 2 else {
                throw fail("unknown @fault '\(argument)'; use \(Transcript.faults.sorted().joined(separator: ", ")), optionally followed by a route")
            }
            guard kind != "down" || words.count == 1 else { throw fail("@fault down takes no route: the whole store is down") }
            directives.fault = kind
            directives.faultRoute = words.count == 2 ? words[1] : nil
        case "config":
            for (key, value) in try pairs(argument, fail: fail) {
                guard Transcript.configKeys.contains(key) else {
                    throw fail("unknown @config key '\(key)'; use \(Transcript.configKeys.sorted().joined(separator: ", "))")
                }
                directives.config.append((key, value))
            }
        default:
            throw fail("unknown directive '@\(name)'; use @fixtures, @customer, @locale, @store, @backend, @fault or @config")
        }
    }

    /// `key=value key2="quoted value"` pairs.
    static func pairs(_ text: String, fail: (String) -> TranscriptSyntaxError) throws(TranscriptSyntaxError) -> [(String, String)] {
        var result: [(String, String)] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.isEmpty { break }
            guard let equals = rest.firstIndex(of: "=") else { throw fail("expected key=value, got '\(rest)'") }
            let key = String(rest[..<equals])
            guard !key.isEmpty, !key.contains(where: \.isWhitespace) else { throw fail("expected key=value, got '\(rest)'") }
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else { throw fail("unterminated quote after \(key)=") }
                value = String(rest[..<close])
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
                value = String(rest[..<end])
                rest = rest[end...]
            }
            result.append((key, value))
        }
        return result
    }
}
