/// What of a helpdesk email the classifier should read: the customer's own new words, without the
/// quoted thread below them, the mail client's reply header, or the signature under a closing.
/// ("where is my order?\nThanks,\nMaria" is a question about an order, not a thank-you.)
/// Identifiers are extracted from the whole text; only the intent is read from this part.
public enum MessageCleaning {
    public static func forClassification(_ text: String, subject: String? = nil) -> String {
        forClassification(EmailReading(text), subject: subject)
    }

    /// The new words without salutation and closing, after the subject when it says more than
    /// "Re:" and an order number ("Refund for order 100012" does; "Re: Your order" barely).
    public static func forClassification(_ email: EmailReading, subject: String? = nil) -> String {
        let cleaned = withoutSalutationAndClosing(email.newWords)
        guard let subject = subject.flatMap(subjectWords) else { return cleaned }
        return subject + "\n" + cleaned
    }

    /// Reply and forward prefixes mail clients put before a subject, in the languages magedesk reads.
    static let subjectPrefixes = replyPrefixes.union(["wg", "fw", "fwd", "tr", "wtr"])
    /// Those of a reply ("Re:", "AW:", "SV:"), not a forward.
    static let replyPrefixes: Set<String> = ["re", "aw", "antw", "rv", "sv", "vs", "ref"]

    /// How sure the classifier must be of a reply's new words to read them without its subject.
    static let clearWithoutSubject = 0.5
    /// How many words new words need to stand without a reply's subject, unless they are small talk.
    static let wordsWithoutSubject = 6
    static let smallTalk: Set<String> = ["thanks", "goodbye", "greeting"]

    /// Whether the subject is a reply's ("Re: …", "AW: …"): the earlier mail's, not the new ask's.
    static func isReply(_ subject: String) -> Bool {
        let rest = Substring(subject).trimmingWhitespace()
        guard let colon = rest.prefix(6).firstIndex(of: ":") else { return false }
        return replyPrefixes.contains(rest[..<colon].lowercased().filter(\.isLetter))
    }

    /// A subject without its "Re: Fwd: AW:" prefixes and "[#123]" ticket tags; nil when nothing is left
    /// that reads as words.
    static func subjectWords(_ subject: String) -> String? {
        var rest = Substring(subject).trimmingWhitespace()
        var changed = true
        while changed {
            changed = false
            if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                rest = rest[rest.index(after: close)...].trimmingWhitespace()
                changed = true
            }
            if let colon = rest.prefix(6).firstIndex(of: ":"), subjectPrefixes.contains(rest[..<colon].lowercased().filter(\.isLetter)) {
                rest = rest[rest.index(after: colon)...].trimmingWhitespace()
                changed = true
            }
        }
        let letters = rest.utf8.filter { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 >= 0x80 }.count
        return letters >= 3 ? String(rest) : nil
    }

    /// Without an opening "Hi there," / "Dear team," and a closing "… Thanks, Leo" / "… Best, Alan"
    /// when enough is left to read: in an email pasted as one line, they would make a question
    /// about an order look like a greeting or a thank-you. A short message keeps them ("hey, how's
    /// it going" is a greeting; "great, thanks" is thanks).
    ///
    /// Read as UTF-8 bytes (every salutation is ASCII): this runs on every message and every example.
    static func withoutSalutationAndClosing(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        if let rest = salutationEnd(bytes), wordCount(bytes, rest, end) >= 5 { start = rest }
        if let cut = closingStart(bytes, from: start, to: end), wordCount(bytes, start, cut) >= 3 { end = cut }
        guard start > 0 || end < bytes.count else { return text }
        while start < end, Punctuation.isSpace(bytes[start]) { start += 1 }
        while end > start, Punctuation.isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static let salutations: [[UInt8]] = [
        "hi", "hello", "hey", "hiya", "dear", "greetings", "good morning", "good afternoon", "good evening", "morning",
        "hallo", "guten tag", "guten morgen", "guten abend", "liebe", "lieber", "sehr geehrte", "sehr geehrter", "moin", "servus",
    ].map { Array($0.utf8) }

    static func lowerASCII(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// Where the text goes on after a salutation of at most five words that ends in ",", "!", ".",
    /// ":", a line break or a dash standing alone ("Hey - quick one", not "hi-fi").
    static func salutationEnd(_ bytes: [UInt8]) -> Int? {
        guard let first = bytes.first, "hdgmls".utf8.contains(lowerASCII(first)) else { return nil }
        let opens = salutations.contains { word in
            guard bytes.count >= word.count, zip(word, bytes).allSatisfy({ $0 == lowerASCII($1) }) else { return false }
            // The salutation is a word of its own: "hi", not "hiking".
            guard word.count < bytes.count else { return true }
            let next = bytes[word.count]
            return next < 0x80 && !(lowerASCII(next) >= 0x61 && lowerASCII(next) <= 0x7A)
        }
        guard opens else { return nil }
        let limit = min(bytes.count, 48)
        var end: Int?
        for index in 0..<limit {
            let byte = bytes[index]
            if ",!.:\n".utf8.contains(byte) {
                end = index + 1
                break
            }
            let afterSpace = index > 0 && bytes[index - 1] == 0x20
            if byte == UInt8(ascii: "-"), afterSpace {
                end = index + 1
                break
            }
            // An en or em dash (E2 80 93 / E2 80 94) after a space.
            if byte == 0xE2, afterSpace, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x93 || bytes[index + 2] == 0x94 {
                end = index + 3
                break
            }
        }
        guard let end, wordCount(bytes, 0, end) <= 5 else { return nil }
        return end
    }

    /// Where a closing that ends the text after a sentence starts ("…? Thanks, Leo"): just after
    /// that sentence's last mark.
    static func closingStart(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        var last = end
        while last > start, Punctuation.isSpace(bytes[last - 1]) { last -= 1 }
        guard last - start >= 2 else { return nil }
        var mark = last - 2
        while mark >= start, !".!?\n".utf8.contains(bytes[mark]) { mark -= 1 }
        guard mark >= start, last - mark <= 64 else { return nil }
        let tail = bytes[(mark + 1)..<last]
        let comma = tail.firstIndex(of: UInt8(ascii: ",")) ?? last
        guard comma == last || wordCount(bytes, comma + 1, last) <= 3 else { return nil }
        guard Closing.isPhrase(Substring(String(decoding: bytes[(mark + 1)..<comma], as: UTF8.self)).trimmingWhitespace()) else { return nil }
        return mark + 1
    }

    /// Words (runs of non-space bytes) in `bytes[start..<end]`.
    static func wordCount(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var count = 0
        var inWord = false
        for index in start..<max(start, end) {
            let space = Punctuation.isSpace(bytes[index])
            if !space, !inWord { count += 1 }
            inWord = !space
        }
        return count
    }
}

extension Substring {
    /// Without whitespace at either end: ASCII whitespace and the no-break space (C2 A0) read as
    /// bytes, anything else through `Character.isWhitespace` (this runs on every line of every email).
    func trimmingWhitespace() -> Substring {
        let utf8 = self.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end {
            let byte = utf8[start]
            if Punctuation.isSpace(byte) {
                start = utf8.index(after: start)
            } else if byte == 0xC2, utf8.index(after: start) < end, utf8[utf8.index(after: start)] == 0xA0 {
                start = utf8.index(start, offsetBy: 2)
            } else if byte >= 0x80, let first = self[start...].first, first.isWhitespace {
                start = self[start...].index(after: start)
            } else {
                break
            }
        }
        while end > start {
            let before = utf8.index(before: end)
            let byte = utf8[before]
            if Punctuation.isSpace(byte) {
                end = before
            } else if byte == 0xA0, before > start, utf8[utf8.index(before: before)] == 0xC2 {
                end = utf8.index(before: before)
            } else if byte >= 0x80, let last = self[start..<end].last, last.isWhitespace {
                end = self[start..<end].index(before: end)
            } else {
                break
            }
        }
        return self[start..<end]
    }
}

extension String {
    func trimmingWhitespace() -> Substring { Substring(self).trimmingWhitespace() }
}
