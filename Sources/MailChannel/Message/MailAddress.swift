import Foundation

/// One mailbox from an address header (RFC 5322 §3.4): `Jane Doe <jane@example.com>`,
/// `"Doe, Jane" <jane@example.com>`, `jane@example.com (Jane Doe)`, with encoded-word names.
///
/// ```swift
/// MailAddress.list(#""Doe, Jane" <Jane@Example.com>, max@example.de"#)
/// // [MailAddress(name: "Doe, Jane", address: "Jane@Example.com"), MailAddress(name: nil, address: "max@example.de")]
/// ```
public struct MailAddress: Sendable, Equatable {
    /// The display name, decoded; nil when none was given.
    public var name: String?
    /// The addr-spec as written (`local@domain`); compare it lower-cased.
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The domain part, lower-cased.
    public var domain: String {
        address.lastIndex(of: "@").map { String(address[address.index(after: $0)...]).lowercased() } ?? ""
    }

    /// Every mailbox of an address-list header; groups are opened, unparseable entries skipped.
    public static func list(_ value: String) -> [MailAddress] {
        var addresses: [MailAddress] = []
        for entry in splitTopLevel(value) {
            if let address = mailbox(entry) { addresses.append(address) }
        }
        return addresses
    }

    /// `entry` split at commas (and a group's `:` and `;`) outside quotes, comments and brackets.
    static func splitTopLevel(_ value: String) -> [String] {
        var entries: [String] = []
        var current = ""
        var inQuote = false
        var commentDepth = 0
        var inAngle = false
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuote || commentDepth > 0:
                escaped = true
                current.append(character)
            case "\"" where commentDepth == 0:
                inQuote.toggle()
                current.append(character)
            case "(" where !inQuote:
                commentDepth += 1
                current.append(character)
            case ")" where !inQuote && commentDepth > 0:
                commentDepth -= 1
                current.append(character)
            case "<" where !inQuote && commentDepth == 0:
                inAngle = true
                current.append(character)
            case ">" where !inQuote && commentDepth == 0:
                inAngle = false
                current.append(character)
            case "," where !inQuote && commentDepth == 0 && !inAngle, ";" where !inQuote && commentDepth == 0 && !inAngle:
                entries.append(current)
                current = ""
            case ":" where !inQuote && commentDepth == 0 && !inAngle:
                // "undisclosed-recipients:" or "Team: a@x, b@y;": what came before is the group's name.
                current = ""
            default:
                current.append(character)
            }
        }
        entries.append(current)
        return entries.map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
    }

    static func mailbox(_ entry: String) -> MailAddress? {
        if let open = entry.lastIndex(of: "<"), let close = entry[open...].firstIndex(of: ">") {
            var address = String(entry[entry.index(after: open)..<close]).trimmingASCIIWhitespace()
            // An obsolete source route: "<@relay.example:jane@example.com>".
            if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") { address = String(address[address.index(after: colon)...]) }
            guard isAddress(address) else { return nil }
            let phrase = displayText(String(entry[..<open]))
            return MailAddress(name: phrase.isEmpty ? nil : phrase, address: address)
        }
        // A bare addr-spec, perhaps with the name in a comment.
        var comment = ""
        var bare = ""
        var depth = 0
        for character in entry {
            if character == "(" {
                depth += 1
                if depth == 1 { continue }
            } else if character == ")", depth > 0 {
                depth -= 1
                if depth == 0 { continue }
            }
            if depth > 0 { comment.append(character) } else { bare.append(character) }
        }
        let address = bare.trimmingASCIIWhitespace().replacingOccurrences(of: "\"", with: "")
        guard isAddress(address) else { return nil }
        let name = EncodedWords.decode(comment.trimmingASCIIWhitespace())
        return MailAddress(name: name.isEmpty ? nil : name, address: address)
    }

    /// A display name: quotes and escapes removed, encoded words decoded, spaces collapsed.
    static func displayText(_ phrase: String) -> String {
        var text = ""
        var escaped = false
        var inQuote = false
        for character in phrase {
            if escaped {
                text.append(character)
                escaped = false
            } else if character == "\\" && inQuote {
                escaped = true
            } else if character == "\"" {
                inQuote.toggle()
            } else {
                text.append(character)
            }
        }
        let decoded = EncodedWords.decode(text.trimmingASCIIWhitespace())
        return decoded.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    static func isAddress(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@"), at > text.startIndex, text.index(after: at) < text.endIndex else { return false }
        return !text.contains(where: { $0 == " " || $0 == "\t" || $0 == "<" || $0 == ">" || $0 == "," })
    }

    /// The mailbox as a header writes it: the name quoted or encoded only when it has to be.
    public var headerText: String {
        guard let name, !name.isEmpty else { return address }
        if !EncodedWords.isPlain(name) { return EncodedWords.encode(name) + " <\(address)>" }
        let atext = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || "!#$%&'*+-/=?^_`{|}~".contains($0) }
        if atext { return "\(name) <\(address)>" }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(address)>"
    }
}

/// Message identifiers (`<id@host>`) from `Message-ID`, `In-Reply-To` and `References`.
public enum MessageIDs {
    /// The ids in a header, in order, without their angle brackets. A client that wrote an id
    /// without brackets (a few webmailers do) still has it read.
    public static func parse(_ value: String?) -> [String] {
        guard let value else { return [] }
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let id = rest[rest.index(after: open)..<close].filter { $0 != " " && $0 != "\t" }
            if !id.isEmpty { ids.append(String(id)) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            ids = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init).filter { $0.contains("@") }
        }
        return ids
    }
}
