/// An email as a helpdesk passes it on, split the way a support agent reads it: the customer's new
/// words, their signature, and the thread below (a quoted reply, a forwarded order confirmation).
///
/// The question is in the new words; the signature says who is asking (name, address block, phone);
/// the thread is context written by someone else — often the store itself — so nothing in it is the
/// customer's own but, at most, the number of the order the email is about.
///
/// ```swift
/// let email = EmailReading("where is it?\n\nThanks,\nMaria Keller\n\nOn Tue, 4 Mar 2025, Shop <support@shop.example> wrote:\n> Your order 000004512 has shipped")
/// email.newWords   // "where is it?"
/// email.signature  // ["Maria Keller"]
/// email.thread     // the "On … wrote:" line and the quoted lines
/// ```
///
/// The rules are general shapes, not phrases: where a thread starts (a reply attribution in English,
/// German, French or Spanish as Gmail, Outlook, Apple Mail and Thunderbird write it, an "Original
/// Message" or forwarded-message separator, an Outlook header block, `>` quoting), where a signature
/// starts (a closing line, `-- `, a trailing block shaped like a name and an address), and which lines
/// are footers (sent-from-my-phone lines, confidentiality notices).
public struct EmailReading: Sendable, Equatable {
    /// The customer's own lines above the thread, without the closing, signature and footers.
    public var newWords: String
    /// The signature block's lines (name, company, address, phone), without the closing.
    public var signature: [String]
    /// The quoted or forwarded part, from its first header line on, and any `>` lines.
    public var thread: String
    /// The closing line that ended the new words ("Best regards,", "Thanks, Leo"), if there was one.
    public var closing: String?

    /// Whether the text has more than one line: one-line messages (chat) are their own new words.
    public static func isMultiline(_ text: String) -> Bool {
        // In place when it can be: through the UTF-8 view, a chat line's bytes were read twice at a crawl.
        text.utf8.withContiguousStorageIfAvailable { $0.contains { $0 == 0x0A || $0 == 0x0D } } ?? (text.utf8.contains(0x0A) || text.utf8.contains(0x0D))
    }

    public init(_ text: String) {
        guard EmailReading.isMultiline(text) else {
            self.init(newWords: text, signature: [], thread: "", closing: nil)
            return
        }
        let (lines, hasCarriageReturn) = EmailReading.splitLines(text)
        var own: [Substring] = []
        var quoted: [Substring] = []
        var threadStart: Int?
        // Whether any own line so far has words: kept as lines are read, not re-read for each line.
        var ownHasWords = false
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingWhitespace()
            if EmailReading.startsThread(lines, at: index, hasOwnWords: ownHasWords) {
                threadStart = index
                break
            }
            if line.hasPrefix(">") {
                quoted.append(line)
            } else {
                own.append(lines[index])
                ownHasWords = ownHasWords || !line.isEmpty
            }
            index += 1
        }
        // The thread as its lines joined by line feeds: with no quoted line above it and no CR in
        // the text, that is the text from the thread's first line on, taken without joining.
        let thread: String
        if quoted.isEmpty, let threadStart, !hasCarriageReturn {
            thread = String(text[lines[threadStart].startIndex...])
        } else {
            thread = (quoted + (threadStart.map { lines[$0...] } ?? [])).joined(separator: "\n")
        }

        // The signature: after a closing line or "-- ", else a trailing block shaped like one.
        var body: [Substring] = []
        var signature: [Substring] = []
        var closing: String?
        var inSignature = false
        var hasBody = false
        // "lg jonas" under an email written without capitals signs it too: asked only of such a line.
        var ownLowerCase: Bool?
        func isOwnLowerCase() -> Bool {
            if let ownLowerCase { return ownLowerCase }
            let lower = !own.contains { $0.utf8.contains { $0 >= 0x41 && $0 <= 0x5A } }
            ownLowerCase = lower
            return lower
        }
        for (position, line) in own.enumerated() {
            let trimmed = line.trimmingWhitespace()
            if EmailReading.isFooter(trimmed) { break }
            if inSignature {
                // "Besten Dank\n\n-- \nTobias Reinhardt": a separator after the closing; "Vielen Dank!\n\n
                // Freundliche Grüße\nNina Kessler": a second closing under the first.
                let signatureStarted = signature.contains { !$0.isEmpty }
                if !signatureStarted, Closing.isPhrase(trimmed) {
                    closing = String(trimmed)
                } else if !signatureStarted, EmailReading.onBehalf.contains(trimmed.lowercased()) {
                    // "Mit freundlichen Grüßen\nim Auftrag\n\nPetra Wenzel": signing for someone, the name below.
                    continue
                } else if !EmailReading.isSignatureSeparator(trimmed) {
                    signature.append(trimmed)
                }
                continue
            }
            if EmailReading.isSignatureSeparator(trimmed) {
                inSignature = true
                continue
            }
            if hasBody {
                // "Gruss Stefan Koenig, 44135 Dortmund": contact details after the name go below it.
                var signed = trimmed
                var contact: Substring?
                if let comma = trimmed.firstIndex(of: ","), NameExtraction.isContact(trimmed[trimmed.index(after: comma)...]) {
                    signed = trimmed[..<comma]
                    contact = trimmed[trimmed.index(after: comma)...].trimmingWhitespace()
                }
                if let (words, name) = Closing.withName(signed, lowerCaseMessage: isOwnLowerCase()) {
                    closing = words
                    signature.append(Substring(name))
                    if let contact { signature.append(contact) }
                    inSignature = true
                    continue
                }
            }
            if hasBody, Closing.isLine(trimmed, followedBy: own[(position + 1)...].first { !$0.trimmingWhitespace().isEmpty }) {
                closing = String(trimmed)
                inSignature = true
                continue
            }
            body.append(line)
            hasBody = hasBody || !trimmed.isEmpty
        }
        // "Klaus Wendt\n\n--\nGesendet mit der WEB.DE Mail App": a separator above nothing but a footer
        // leaves the signature where a block without a closing would be.
        if closing == nil, signature.allSatisfy(\.isEmpty),
            let block = EmailReading.trailingSignatureBlock(body) ?? EmailReading.lowerCaseSignature(body)
        {
            signature = Array(body[block...].map { $0.trimmingWhitespace() })
            body.removeSubrange(block...)
        }
        let newWords = body.joined(separator: "\n").trimmingWhitespace()
        self.init(
            newWords: newWords.isEmpty && threadStart == nil ? String(text.trimmingWhitespace()) : String(newWords),
            signature: signature.filter { !$0.isEmpty }.map(String.init),
            thread: thread, closing: closing)
    }

    /// The text's lines, split on the bytes (LF, CRLF or CR), without grapheme breaking.
    static func lines(_ text: String) -> [Substring] { splitLines(text).lines }

    /// The text's lines, and whether a carriage return ended any.
    static func splitLines(_ text: String) -> (lines: [Substring], hasCarriageReturn: Bool) {
        // A native string's bytes are read in place, much faster than through its UTF-8 view.
        if let split = text.utf8.withContiguousStorageIfAvailable({ EmailReading.lines(text, bytes: $0) }) { return split }
        let utf8 = text.utf8
        var lines: [Substring] = []
        var hasCarriageReturn = false
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(text[start..<index])
                var next = utf8.index(after: index)
                if byte == 0x0D { hasCarriageReturn = true }
                if byte == 0x0D, next != utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                index = next
                start = next
                continue
            }
            index = utf8.index(after: index)
        }
        lines.append(text[start..<index])
        return (lines, hasCarriageReturn)
    }

    /// `splitLines` on the text's contiguous bytes, by offsets.
    private static func lines(_ text: String, bytes: UnsafeBufferPointer<UInt8>) -> (lines: [Substring], hasCarriageReturn: Bool) {
        let utf8 = text.utf8
        func line(_ start: Int, _ end: Int) -> Substring {
            text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
        }
        var lines: [Substring] = []
        var hasCarriageReturn = false
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(line(start, index))
                if byte == 0x0D { hasCarriageReturn = true }
                index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                start = index
                continue
            }
            index += 1
        }
        lines.append(line(start, bytes.count))
        return (lines, hasCarriageReturn)
    }

    public init(newWords: String, signature: [String], thread: String, closing: String?) {
        self.newWords = newWords
        self.signature = signature
        self.thread = thread
        self.closing = closing
    }

    // MARK: Where the thread starts

    /// A line lower-cased as bytes (ASCII letters only; "Ü" stays as written), for the prefix,
    /// suffix and substring tests below without allocating a String per test.
    struct Lower {
        let bytes: [UInt8]
        init<S: StringProtocol>(_ text: S) { bytes = text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
        init(bytes: [UInt8]) { self.bytes = bytes }
        func hasPrefix(_ other: [UInt8]) -> Bool { bytes.starts(with: other) }
        func hasSuffix(_ other: [UInt8]) -> Bool { bytes.count >= other.count && bytes[(bytes.count - other.count)...].elementsEqual(other) }
        func contains(_ other: [UInt8]) -> Bool { bytes.containsSequence(other) }
        func hasAnyPrefix(_ others: [[UInt8]]) -> Bool { others.contains(where: hasPrefix) }
        func hasAnySuffix(_ others: [[UInt8]]) -> Bool { others.contains(where: hasSuffix) }
    }

    static func bytes(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }
    static let attributionOpenings = bytes(["on ", "am ", "le ", "el ", "op ", "il "])
    static let attributionEndings = bytes(["wrote:", "schrieb:", "geschrieben:", "a écrit :", "a écrit:", "escribió:", "schreef:", "ha scritto:"])
    static let wrappedOpenings = bytes(["on ", "am ", "le ", "el "])

    /// Reply attributions: "On Tue, 4 Mar 2025 at 09:14, Shop <…> wrote:", "Am 04.03.2025 um 09:14
    /// schrieb …:", "Le 4 mars 2025 à 09:14, … a écrit :", "El 4 mar 2025, a las 9:14, … escribió:",
    /// "Op … schreef …:"; Gmail wraps long ones over two lines.
    static func isAttribution(_ lower: Lower) -> Bool {
        guard lower.hasAnyPrefix(attributionOpenings) else { return false }
        return lower.hasAnySuffix(attributionEndings)
            || lower.hasPrefix(Array("am ".utf8)) && lower.contains(Array(" schrieb ".utf8)) && lower.hasSuffix([UInt8(ascii: ":")])
    }

    /// Separator lines mail clients put above a quoted or forwarded message.
    static let separators = bytes([
        "original message", "ursprüngliche nachricht", "ursprungliche nachricht", "forwarded message", "weitergeleitete nachricht",
        "begin forwarded message", "anfang der weitergeleiteten nachricht", "message d'origine", "message transféré", "message original",
        "mensaje original", "mensaje reenviado", "oorspronkelijk bericht", "doorgestuurd bericht",
    ])
    static let separatorMarks = bytes(["---", "___", "***"])
    static let forwardOpenings = bytes(["begin forwarded message", "anfang der weitergeleiteten nachricht"])

    /// Header names of a quoted or forwarded message's header block, in the languages above.
    static let fromHeaders = bytes(["from:", "von:", "de:", "de :", "van:", "da:"])
    static let otherHeaders = bytes([
        "sent:", "date:", "to:", "subject:", "cc:", "gesendet:", "datum:", "an:", "betreff:", "envoyé :", "envoyé:", "à :", "objet :",
        "objet:", "enviado:", "para:", "asunto:", "fecha:", "verzonden:", "aan:", "onderwerp:", "reply-to:", "antwort an:",
    ])

    static func startsThread(_ lines: [Substring], at index: Int, hasOwnWords: Bool) -> Bool {
        let line = lines[index].trimmingWhitespace()
        guard line.utf8.count >= 3 else { return false }
        let lower = Lower(line)
        if isAttribution(lower) { return true }
        // Gmail wraps a long attribution: "On Tue, 4 Mar 2025 at 09:14, Shop Support <support@" / "shop.example> wrote:".
        if lower.hasAnyPrefix(wrappedOpenings), index + 1 < lines.count,
            isAttribution(Lower(bytes: lower.bytes + [0x20] + Lower(lines[index + 1].trimmingWhitespace()).bytes))
        {
            return true
        }
        if lower.hasAnyPrefix(separatorMarks) || lower.hasSuffix([UInt8(ascii: ":")]) || lower.hasSuffix(Array("---".utf8)),
            separators.contains(where: lower.contains)
        {
            return true
        }
        if lower.hasAnyPrefix(forwardOpenings) { return true }
        // Outlook's rule above its header block, then the block itself.
        if lower.bytes.count >= 10, lower.bytes.allSatisfy({ $0 == UInt8(ascii: "_") }) { return hasOwnWords || index + 1 < lines.count }
        if lower.hasAnyPrefix(fromHeaders) {
            // A header block: "From:" followed within four lines by Sent/Date/To/Subject.
            for next in lines[(index + 1)..<min(lines.count, index + 5)] where Lower(next.trimmingWhitespace()).hasAnyPrefix(otherHeaders) {
                return true
            }
        }
        return false
    }

    // MARK: Footers and signatures

    static let noticeBytes = NeedleSet([
        "confidential", "vertraulich", "intended recipient", "intended solely", "this e-mail and any", "this email and any",
        "diese e-mail enthält", "diese e-mail ist", "disclaimer", "please consider the environment", "bitte denken sie an die umwelt",
    ])

    static let phonePrefixes = bytes([
        "sent from my", "sent from iphone", "sent from ipad", "sent from android", "sent from phone", "sent from outlook", "sent from yahoo", "sent from mail for", "sent via", "get outlook for", "sent from samsung",
        "von meinem", "gesendet von", "gesendet mit", "gesendet vom", "envoyé de mon", "envoyé depuis", "enviado desde", "verzonden vanaf",
        "typed on my", "typed on a", "written on my", "sent on the go", "excuse typos", "excuse the typos", "sorry for typos",
        "sorry for any typos", "please excuse typos", "please excuse any typos", "apologies for typos", "vom handy gesendet",
        "vom smartphone gesendet", "mit dem handy geschrieben",
    ])

    /// Sent-from-my-phone lines and confidentiality notices: neither question nor signature.
    static func isFooter(_ line: Substring) -> Bool {
        guard line.utf8.count >= 8 else { return false }
        // "(sent from phone, sorry for typos)": the same note in brackets.
        let lower = Lower(line.hasPrefix("(") ? line.dropFirst() : line)
        if lower.hasAnyPrefix(phonePrefixes) { return true }
        return line.utf8.count >= 24 && lower.bytes.containsAny(noticeBytes)
    }

    /// Lines that say a signature is on someone's behalf, above the name.
    static let onBehalf: Set<String> = ["im auftrag", "i. a.", "i.a.", "in vertretung", "i. v.", "i.v.", "pp", "p.p.", "ppa.", "on behalf of"]

    /// A header line of a message ("An: Kinderland GmbH, service@…", "To: …"): addresses on it are
    /// whoever the message went to or came from, not the sender's own.
    static func isHeaderLine(_ line: Substring) -> Bool {
        let lower = Lower(line.trimmingWhitespace())
        return lower.hasAnyPrefix(fromHeaders) || lower.hasAnyPrefix(otherHeaders)
    }

    /// "-- " and the like, above a signature.
    static func isSignatureSeparator(_ line: Substring) -> Bool { line == "--" || line == "-- " || line == "—" || line == "__" }

    /// Where a signature without a closing starts, in the message's last block (after a blank line):
    /// its last line when that is a full name ("Bestellung 000061538\nK. Yilmaz"); a name line right
    /// under the last words with only contact lines below it ("Schönen Tag noch\nJörg", "Sorry for
    /// the hassle\nAnn Lee\n07700 900412"); or the whole block, of two to seven short lines, none a
    /// question, the first shaped like a name and another like a phone number, an address line, a
    /// company or a title.
    static func trailingSignatureBlock(_ lines: [Substring]) -> Int? {
        var end = lines.count
        while end > 0, lines[end - 1].trimmingWhitespace().isEmpty { end -= 1 }
        var start = end
        while start > 0, !lines[start - 1].trimmingWhitespace().isEmpty { start -= 1 }
        guard start > 0, (1...7).contains(end - start) else { return nil }
        let block = lines[start..<end].map { $0.trimmingWhitespace() }
        // "Owen Pritchard | Office Manager": a name line may carry the sender's title.
        let opensWithName = NameExtraction.signatureName(String(block[0])) != nil
            || NameExtraction.signatureLineName(String(block[0]), afterClosing: false) != nil
        // "Bestellung 000061538\nK. Yilmaz": a full name on the block's last line, whatever stands above it.
        if block.count >= 2, let last = block.last, last.utf8.count <= 40, !block[block.count - 2].hasSuffix(":"), !opensWithName,
            let name = NameExtraction.signatureName(String(last)), name.utf8.contains(0x20)
        {
            return end - 1
        }
        // "Schönen Tag noch\nJörg", "Sorry for the hassle\nAnn Lee\n07700 900412": a name line right
        // under the last words, with nothing but contact lines below it, signs the message.
        if !opensWithName {
            for offset in 1..<block.count where block[offset].utf8.count <= 40 {
                if isContactLine(block[offset - 1]) || block[offset - 1].hasSuffix(":") { break }
                guard NameExtraction.signatureName(String(block[offset])) != nil, block[(offset + 1)...].allSatisfy(isContactLine) else { continue }
                return start + offset
            }
        }
        // Lines under the name and company may be long: a registered office, a legal note.
        guard block.prefix(2).allSatisfy({ $0.utf8.count <= 60 }), block.allSatisfy({ $0.utf8.count <= 200 && !$0.utf8.contains(UInt8(ascii: "?")) })
        else { return nil }
        guard opensWithName else { return nil }
        // A name alone, or a name above contact lines (address, phone, email, company), or above one
        // line of a company or title in capitals ("Dawes Roofing & Guttering").
        guard block.count == 1 || block.dropFirst().contains(where: isContactLine) || block.count == 2 && isTitleCase(block[1]) else { return nil }
        return start
    }

    /// Every word capitalised (or "&"): a company's or a job's name on a line of its own
    /// ("Dawes Roofing & Guttering", "Operations").
    static func isTitleCase(_ line: Substring) -> Bool {
        let words = line.split(separator: " ")
        return (1...6).contains(words.count) && words.allSatisfy { $0 == "&" || $0.first?.isUppercase == true }
            && (words.count > 1 || NameExtraction.isNameWord(String(words[0])))
    }

    /// A one-word signature in lower case under the last words of a message written in lower case
    /// ("…kinda stressing\n\njaz"): how some people sign.
    static func lowerCaseSignature(_ lines: [Substring]) -> Int? {
        var end = lines.count
        while end > 0, lines[end - 1].trimmingWhitespace().isEmpty { end -= 1 }
        guard end >= 3, lines[end - 2].trimmingWhitespace().isEmpty else { return nil }
        let word = String(lines[end - 1].trimmingWhitespace())
        guard (2...12).contains(word.utf8.count), word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }), NameExtraction.mayBeLowerCaseName(word),
            !NameExtraction.notSignatureNames.contains(word),
            !["xx", "xxx", "xo", "ok", "help", "asap", "ta", "tia", "bye", "cya", "lg", "mfg", "vg"].contains(word)
        else { return nil }
        // The rest of the message is in lower case too: sentence starts without capitals.
        let body = lines[..<(end - 2)].joined(separator: "\n")
        guard !body.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A && $0 != UInt8(ascii: "I") }) || body.utf8.first.map({ $0 >= 0x61 && $0 <= 0x7A }) == true
        else { return nil }
        return end - 1
    }

    /// A phone number, an address line (digits with words), a web or mail address, or a company form.
    static func isContactLine(_ line: Substring) -> Bool {
        let digits = line.filter(\.isNumber).count
        if digits >= 6 { return true }
        if digits >= 1, line.contains(where: \.isLetter) { return true }
        let lower = line.lowercased()
        return lower.contains("@") || lower.contains("www.") || lower.hasPrefix("tel") || lower.hasPrefix("mobile")
            || [" gmbh", " ltd", " inc", " llc", " ag", " kg", " ug", " ug (haftungsbeschränkt)", " sarl", " s.l."].contains(where: lower.hasSuffix)
    }
}
