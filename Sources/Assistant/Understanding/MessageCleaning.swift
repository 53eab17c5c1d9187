/// What of a helpdesk email the classifier should read: the customer's own new words, without the
/// quoted thread below them, the mail client's reply header, or the signature under a closing.
/// ("where is my order?\nThanks,\nMaria" is a question about an order, not a thank-you.)
/// Identifiers are extracted from the whole text; only the intent is read from this part.
public enum MessageCleaning {
    public static func forClassification(_ text: String) -> String {
        // One line (most chat messages): nothing to strip.
        guard text.utf8.contains(UInt8(ascii: "\n")) else { return text }
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingWhitespace()
            if isThreadStart(trimmed, isFirst: kept.allSatisfy { $0.trimmingWhitespace().isEmpty }) { break }
            if trimmed.hasPrefix(">") { continue }
            if trimmed == "--" || trimmed == "-- " || trimmed == "—" { break }
            if isClosing(trimmed), kept.contains(where: { !$0.trimmingWhitespace().isEmpty }) { break }
            kept.append(line)
        }
        let cleaned = kept.joined(separator: "\n").trimmingWhitespace()
        return cleaned.isEmpty ? text : String(cleaned)
    }

    /// "On Tue, Mar 4 … wrote:", "Am 04.03.2025 … schrieb …:", "-----Original Message-----",
    /// an Outlook "From:" header block, "Sent from my iPhone".
    static func isThreadStart(_ line: Substring, isFirst: Bool) -> Bool {
        let lower = line.lowercased()
        if lower.hasPrefix("on "), lower.hasSuffix("wrote:") { return true }
        if lower.hasPrefix("am "), lower.contains("schrieb"), lower.hasSuffix(":") { return true }
        if lower.contains("original message") || lower.contains("ursprüngliche nachricht") || lower.contains("forwarded message") { return true }
        if !isFirst, lower.hasPrefix("from:") || lower.hasPrefix("von:") { return true }
        if lower.hasPrefix("sent from my") || lower.hasPrefix("von meinem iphone gesendet") || lower.hasPrefix("gesendet von") { return true }
        return false
    }

    static let closings: Set<String> = [
        "thanks", "thank you", "thanks in advance", "many thanks", "best", "best regards", "kind regards", "regards", "cheers",
        "warm regards", "all the best", "sincerely", "yours sincerely", "br", "thx", "ty",
        "mit freundlichen grüßen", "freundliche grüße", "viele grüße", "beste grüße", "liebe grüße", "lg", "vg", "gruß", "grüße",
        "danke", "vielen dank", "danke im voraus",
    ]

    /// A closing on a line of its own ("Best regards," / "Thanks!"), after which only a signature follows.
    static func isClosing(_ line: Substring) -> Bool {
        var words = line.lowercased()
        while let last = words.last, ",.!-".contains(last) { words.removeLast() }
        return closings.contains(words)
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var slice = self
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return slice
    }
}

extension String {
    func trimmingWhitespace() -> Substring { Substring(self).trimmingWhitespace() }
}
