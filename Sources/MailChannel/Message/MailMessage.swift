/// One email as a mail system hands it to a program (RFC 5322 with MIME): its header fields and
/// its MIME tree, with what the mail channel reads from them decoded — the subject, the sender,
/// where a reply goes, the thread's message ids and the text a person reads.
///
/// ```swift
/// let message = try MailMessage(Array(rawBytes))
/// message.subject              // "Wo ist meine Bestellung?"  (encoded words decoded)
/// message.from.first?.address  // "max.mustermann@example.de"
/// message.text                 // the text/plain part, or the HTML one made readable
/// ```
public struct MailMessage: Sendable {
    public var headers: HeaderFields
    public var root: MIMEPart

    public init(_ bytes: [UInt8]) throws(MailReadError) {
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }) else { throw .empty }
        guard let (headers, bodyStart) = HeaderFields.parse(bytes[...], envelope: true) else { throw .notAMessage }
        // Without a From or a Date this is text, not a message (RFC 5322 §3.6 requires both; only
        // From matters here, and some gateways drop Date).
        guard headers.contains("From") else { throw .notAMessage }
        self.headers = headers
        self.root = MIMEPart(headers: headers, body: bytes[bodyStart...])
    }

    /// The subject, encoded words decoded, folding whitespace collapsed; "" when there is none.
    public var subject: String {
        guard let raw = headers["Subject"] else { return "" }
        return EncodedWords.decode(raw).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).joined(separator: " ")
    }

    /// The author mailboxes (normally one).
    public var from: [MailAddress] { MailAddress.list(headers.all("From").joined(separator: ", ")) }

    public var replyTo: [MailAddress] { headers["Reply-To"].map(MailAddress.list) ?? [] }

    /// Where an answer goes (RFC 5322 §3.6.2): the first `Reply-To` mailbox, else the first `From`.
    public var replyTarget: MailAddress? { replyTo.first ?? from.first }

    public var messageID: String? { MessageIDs.parse(headers["Message-ID"]).first }
    public var inReplyTo: [String] { MessageIDs.parse(headers["In-Reply-To"]) }
    public var references: [String] { MessageIDs.parse(headers["References"]) }

    /// The text a person reads in the body (see `BodyText`).
    public var text: String { BodyText.text(of: root) }
}

/// Why a message cannot be read, said for the mail administrator reading the mail log.
public enum MailReadError: Error, Equatable, CustomStringConvertible {
    case empty
    case notAMessage
    case noSender
    case tooLarge(limit: Int)
    case unreadableInput(String)

    public var description: String {
        switch self {
        case .empty: return "the input is empty: expected one email (RFC 5322) on stdin"
        case .notAMessage: return "the input is not an email: it has no header fields with a From line before the body"
        case .noSender: return "the message has no From address to answer"
        case .tooLarge(let limit): return "the message is larger than \(limit) bytes (--max-bytes)"
        case .unreadableInput(let reason): return "stdin could not be read: \(reason)"
        }
    }
}
