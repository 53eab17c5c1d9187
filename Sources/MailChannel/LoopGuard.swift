public import Assistant

/// The rules that keep an automatic answerer out of mail loops and bounce storms (RFC 3834 §2):
/// never answer a message another program sent — an auto-reply, a bounce or delivery report, a
/// mailing list's mail — nor one from an address nobody reads or from the store itself.
///
/// ```swift
/// let guard = LoopGuard(storeAddresses: StoreAddresses(["support@shop.example"]))
/// guard.reason(toIgnore: message)   // nil: answer it; .bounce, .autoSubmitted, .list, .ownAddress: do not
/// ```
public struct LoopGuard: Sendable {
    /// Why a message gets no answer (the `ignored` value of the mail channel's JSON).
    public enum Reason: String, Sendable, CaseIterable {
        /// Written by a program: `Auto-Submitted` other than `no`, vacation and out-of-office replies.
        case autoSubmitted = "auto_submitted"
        /// Mailing-list or bulk mail: `Precedence: bulk|list|junk`, `List-Id`, `List-Unsubscribe`.
        case list
        /// A bounce or delivery report: empty `Return-Path`, MAILER-DAEMON or postmaster,
        /// `multipart/report`.
        case bounce
        /// From (or to be answered at) a no-reply address or one of the store's own.
        case ownAddress = "own_address"
    }

    public var storeAddresses: StoreAddresses

    public init(storeAddresses: StoreAddresses) {
        self.storeAddresses = storeAddresses
    }

    public func reason(toIgnore message: MailMessage) -> Reason? {
        let headers = message.headers
        if isBounce(message) { return .bounce }
        if let value = headers["Auto-Submitted"], LoopGuard.keyword(value) != "no" { return .autoSubmitted }
        // What vacation programs and Exchange write instead of (or besides) Auto-Submitted.
        if headers.contains("X-Autoreply") || headers.contains("X-Autorespond") || headers.contains("X-Autoresponder") {
            return .autoSubmitted
        }
        if let suppress = headers["X-Auto-Response-Suppress"]?.lowercased(),
            suppress.split(whereSeparator: { $0 == "," || $0 == " " }).contains(where: { $0 == "all" || $0 == "autoreply" })
        {
            return .autoSubmitted
        }
        if let precedence = headers["Precedence"].map(LoopGuard.keyword) {
            if precedence == "auto_reply" { return .autoSubmitted }
            if ["bulk", "list", "junk"].contains(precedence) { return .list }
        }
        if headers.contains("List-Id") || headers.contains("List-Unsubscribe") { return .list }
        let senders = message.from + message.replyTo + MailAddress.list(headers["Sender"] ?? "")
        if senders.contains(where: { storeAddresses.contains($0.address) }) { return .ownAddress }
        return nil
    }

    func isBounce(_ message: MailMessage) -> Bool {
        let headers = message.headers
        if let returnPath = headers["Return-Path"], returnPath.filter({ $0 != " " && $0 != "\t" }) == "<>" { return true }
        let type = message.root.contentType.type
        if type == "multipart/report" || type == "message/delivery-status" { return true }
        // Exim's bounces name the failed recipients; qmail's come from a MAILER-DAEMON address.
        if headers.contains("X-Failed-Recipients") { return true }
        return message.from.contains { StoreAddresses.isMailSystem($0.address) }
    }

    /// The first word of a header value, lower-cased ("auto-replied; owner-email=…" → "auto-replied").
    static func keyword(_ value: String) -> String {
        let word = value.prefix { $0 != ";" && $0 != "(" }
        return word.trimmingASCIIWhitespace().lowercased()
    }
}
