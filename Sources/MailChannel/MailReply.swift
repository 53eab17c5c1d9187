public import Assistant
public import Foundation

/// magedesk's answer as a complete RFC 5322 message, ready for `sendmail -t -oi`: addressed from
/// the thread, marked `Auto-Submitted: auto-replied` (so other automatic answerers leave it alone,
/// RFC 3834), UTF-8 text, quoted-printable where a line or a byte needs it. A handoff adds
/// `X-Magedesk-Handoff` and `X-Magedesk-Summary`, for the mail system to copy the answer to the team.
///
/// ```swift
/// let reply = MailReply(from: MailAddress(name: "Shop Support", address: "support@shop.example"), turn: turn, result: result)
/// print(reply.rendered(), terminator: "")
/// ```
public struct MailReply: Sendable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var inReplyTo: String?
    public var references: [String]
    public var messageID: String
    public var date: Date
    public var text: String
    public var handoff: Handoff?

    public init(from: MailAddress, turn: MailTurn, result: TurnResult, date: Date = Date()) {
        self.from = from
        to = turn.to
        subject = turn.subject
        inReplyTo = turn.inReplyTo
        references = turn.references
        messageID = MailReply.newMessageID(domain: from.domain)
        self.date = date
        text = result.reply
        handoff = result.handoff
    }

    /// `<random@domain>`: 128 random bits, so ids never repeat across workers.
    public static func newMessageID(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2).map { _ in String(generator.next() as UInt64, radix: 36) }.joined(separator: ".")
        return "magedesk.\(random)@\(domain.isEmpty ? "localhost" : domain)"
    }

    /// The message: header lines folded under 78 characters, a blank line, the body; lines end in
    /// "\n" (the local convention sendmail expects on its standard input).
    public func rendered() -> String {
        var lines: [String] = []
        lines.append(MailReply.field("From", from.headerText))
        lines.append(MailReply.field("To", to.headerText))
        lines.append(MailReply.field("Subject", subject, unstructured: true))
        if let inReplyTo { lines.append(MailReply.field("In-Reply-To", "<\(inReplyTo)>")) }
        if !references.isEmpty { lines.append(MailReply.field("References", references.map { "<\($0)>" }.joined(separator: " "))) }
        lines.append(MailReply.field("Message-ID", "<\(messageID)>"))
        lines.append(MailReply.field("Date", MailReply.dateText(date)))
        lines.append("Auto-Submitted: auto-replied")
        if let handoff {
            lines.append(MailReply.field("X-Magedesk-Handoff", handoff.reason.rawValue))
            lines.append(MailReply.field("X-Magedesk-Summary", handoff.summary, unstructured: true))
        }
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        var body = text.replacingOccurrences(of: "\r\n", with: "\n")
        if !body.hasSuffix("\n") { body += "\n" }
        let needsEncoding = body.utf8.contains { $0 >= 0x80 || ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) }
            || body.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.utf8.count > 78 }
        if needsEncoding {
            lines.append("Content-Transfer-Encoding: quoted-printable")
            body = TransferEncoding.encodeQuotedPrintable(body)
        } else {
            lines.append("Content-Transfer-Encoding: 7bit")
        }
        return lines.joined(separator: "\n") + "\n\n" + body
    }

    /// One header field, folded at spaces to keep lines under 78 characters; an `unstructured`
    /// value with anything but printable ASCII becomes RFC 2047 encoded words.
    static func field(_ name: String, _ value: String, unstructured: Bool = false) -> String {
        let flat = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if unstructured, !EncodedWords.isPlain(flat) {
            return "\(name): " + EncodedWords.encode(flat, firstRoom: 76 - name.count - 2)
        }
        var output = "\(name):"
        var lineLength = output.count
        for word in flat.split(separator: " ", omittingEmptySubsequences: true) {
            if lineLength + 1 + word.count > 78, lineLength > name.count + 1 {
                output += "\n "
                lineLength = 1
            } else {
                output += " "
                lineLength += 1
            }
            output += word
            lineLength += word.count
        }
        return output
    }

    /// RFC 5322 §3.3: "Sun, 06 Dec 2026 11:39:23 +0000", in English whatever the locale.
    public static func dateText(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let offset = timeZone.secondsFromGMT(for: date) / 60
        let sign = offset < 0 ? "-" : "+"
        func two(_ value: Int) -> String { String(value).leftPadded(2) }
        return "\(days[parts.weekday! - 1]), \(two(parts.day!)) \(months[parts.month! - 1]) \(parts.year!) "
            + "\(two(parts.hour!)):\(two(parts.minute!)):\(two(parts.second!)) \(sign)\(two(abs(offset) / 60))\(two(abs(offset) % 60))"
    }
}
