public import Assistant
import Crypto

/// What the mail channel makes of one message: the engine's turn, and where and how its answer
/// goes back into the thread.
///
/// The conversation id is the thread's first message id — the root of `References`, else
/// `In-Reply-To`, else the message's own `Message-ID` — so a customer's reply to magedesk's
/// question continues the conversation. The sender is part of it (as a hash: ids reach logs), so
/// a stranger who learns a thread's message id cannot step into a customer's verified conversation.
///
/// ```swift
/// let turn = MailTurn(message, authentication: nil)
/// turn.input.subject           // the Subject
/// turn.input.customer?.email   // the From address, verified: false
/// turn.subject                 // "Re: Where is my order?"
/// ```
public struct MailTurn: Sendable {
    public var input: TurnInput
    /// Who the answer goes to: the `Reply-To`, else the `From`.
    public var to: MailAddress
    /// The answer's subject: the message's with one "Re: " in front.
    public var subject: String
    /// The message being answered, for the answer's `In-Reply-To`.
    public var inReplyTo: String?
    /// The thread so far plus the message being answered, for the answer's `References`.
    public var references: [String]

    /// `authentication`: the store's receiving server, when its DMARC verdict is trusted.
    public init(_ message: MailMessage, authentication: SenderAuthentication?) throws(MailReadError) {
        guard let from = message.from.first, let to = message.replyTarget else { throw .noSender }
        let sender = from.address.lowercased()
        let root = message.references.first ?? message.inReplyTo.first ?? message.messageID ?? MailTurn.contentID(message)
        let senderHash = SHA256.hash(data: Array(sender.utf8)).prefix(8).map { String($0, radix: 16).leftPadded(2) }.joined()
        let verified = authentication?.vouchesFor(message) ?? false
        input = TurnInput(
            conversationID: "mail:\(root):\(senderHash)", text: message.text, subject: message.subject.isEmpty ? nil : message.subject,
            customer: CustomerContext(email: from.address, verified: verified, name: from.name))
        self.to = to
        subject = MailTurn.replySubject(message.subject)
        inReplyTo = message.messageID
        var thread = message.references.isEmpty ? message.inReplyTo : message.references
        if let id = message.messageID { thread.append(id) }
        // RFC 5322 §3.6.4: a long thread keeps its first id and its latest ones.
        if thread.count > MailTurn.maximumReferences { thread = [thread[0]] + thread.suffix(MailTurn.maximumReferences - 1) }
        references = thread
    }

    static let maximumReferences = 20

    /// A message without any message id (rare; some scripts send them) still gets a stable
    /// conversation: its sender, date and subject stand for it.
    static func contentID(_ message: MailMessage) -> String {
        let seed = [message.headers["From"], message.headers["Date"], message.headers["Subject"]].map { $0 ?? "" }.joined(separator: "\n")
        return SHA256.hash(data: Array(seed.utf8)).prefix(12).map { String($0, radix: 16).leftPadded(2) }.joined() + "@no-message-id"
    }

    /// "Re: " and the subject without the reply prefixes mail clients write in various languages
    /// ("RE:", "AW:", "Antw:", "SV:", "Re[2]:"), so a thread never grows "Re: Re: ".
    public static func replySubject(_ subject: String) -> String {
        var rest = Substring(subject)
        while true {
            let trimmed = rest.drop { $0 == " " || $0 == "\t" }
            let word = trimmed.prefix { $0.isLetter }
            guard MailTurn.replyPrefixes.contains(word.lowercased()) else { break }
            var after = trimmed.dropFirst(word.count)
            // A counter some clients add: "Re[2]:", "RE (3):".
            if let open = after.first, open == "[" || open == "(", let close = after.firstIndex(of: open == "[" ? "]" : ")"),
                after[after.index(after: after.startIndex)..<close].allSatisfy(\.isNumber)
            {
                after = after[after.index(after: close)...]
            }
            after = after.drop { $0 == " " }
            guard after.first == ":" || after.first == "：" else { break }
            rest = after.dropFirst()
        }
        let base = rest.trimmingASCIIWhitespace()
        return base.isEmpty ? "Re:" : "Re: " + base
    }

    /// Reply prefixes only: a forward's ("Fwd:", "WG:") says something and stays.
    static let replyPrefixes: Set<String> = ["re", "aw", "antw", "sv", "vs", "odp", "res", "rif", "ynt", "atb"]
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
