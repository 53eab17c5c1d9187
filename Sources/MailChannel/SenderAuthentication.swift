import Foundation

/// Whether the store's own receiving mail server vouched for the `From` address (DMARC, RFC 7489,
/// reported in an `Authentication-Results` header, RFC 8601).
///
/// Only the server named by `MAGEDESK_MAIL_AUTHSERV_ID` counts: the topmost
/// `Authentication-Results` header from that authserv-id that reports DMARC must say `dmarc=pass`
/// with `header.from` equal to the `From` address's domain. Anyone can write such a header into a
/// message, so this is safe only when that server removes headers claiming its authserv-id from
/// incoming mail before adding its own (RFC 8601 §5; the README shows it for Postfix).
///
/// ```swift
/// SenderAuthentication(authservID: "mx.shop.example").vouchesFor(message)   // true on dmarc=pass
/// ```
public struct SenderAuthentication: Sendable {
    public var authservID: String

    public init(authservID: String) {
        self.authservID = authservID.lowercased()
    }

    /// True when the configured server reports `dmarc=pass` for the domain of the message's one
    /// `From` address.
    public func vouchesFor(_ message: MailMessage) -> Bool {
        let from = message.from
        // DMARC applies to a message with exactly one author.
        guard from.count == 1, message.headers.all("From").count == 1 else { return false }
        for header in message.headers.all("Authentication-Results") {
            guard let results = AuthenticationResults(header), results.authservID == authservID else { continue }
            guard let dmarc = results.results.first(where: { $0.method == "dmarc" }) else { continue }
            return dmarc.result == "pass" && dmarc.properties["header.from"]?.lowercased() == from[0].domain
        }
        return false
    }
}

/// One `Authentication-Results` header: who wrote it and each method's result with its properties.
struct AuthenticationResults {
    struct Result {
        var method: String
        var result: String
        var properties: [String: String]
    }

    var authservID: String
    var results: [Result]

    init?(_ value: String) {
        // Comments carry no results: "dmarc=pass (p=NONE dis=NONE) header.from=example.com".
        var text = ""
        var depth = 0
        var inQuote = false
        for character in value {
            if character == "\"" && depth == 0 { inQuote.toggle() }
            if !inQuote && character == "(" {
                depth += 1
                continue
            }
            if !inQuote && character == ")" && depth > 0 {
                depth -= 1
                text.append(" ")
                continue
            }
            if depth == 0 { text.append(character) }
        }
        let sections = text.split(separator: ";", omittingEmptySubsequences: false)
        guard let first = sections.first?.split(whereSeparator: { $0 == " " || $0 == "\t" }).first else { return nil }
        authservID = first.lowercased()
        results = sections.dropFirst().compactMap { section in
            let words = section.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
            guard let head = words.first, let equals = head.firstIndex(of: "=") else { return nil }
            // "dmarc/1=pass": the method's version is not part of its name.
            let method = head[..<equals].prefix { $0 != "/" }.lowercased()
            let result = head[head.index(after: equals)...].lowercased()
            var properties: [String: String] = [:]
            for word in words.dropFirst() {
                guard let equals = word.firstIndex(of: "=") else { continue }
                properties[word[..<equals].lowercased()] = String(word[word.index(after: equals)...]).replacingOccurrences(of: "\"", with: "")
            }
            return Result(method: method, result: result, properties: properties)
        }
    }
}
