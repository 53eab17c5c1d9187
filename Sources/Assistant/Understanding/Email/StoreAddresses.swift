/// The store's own mail addresses (`MAGEDESK_STORE_EMAILS`: whole addresses and `@domain` entries),
/// plus the no-reply senders every shop mails from. An address in this set is never the customer's:
/// it is what a quoted shop mail or a forwarded order confirmation carries, so taking it as the
/// customer's email would turn the store's own address into a proof attempt.
///
/// ```swift
/// let own = StoreAddresses(["support@shop.example", "@mail.shop.example"])
/// own.contains("Support@Shop.Example")        // true
/// own.contains("noreply@anything.example")    // true: a no-reply sender is nobody's address
/// ```
public struct StoreAddresses: Sendable, Equatable {
    /// Whole addresses, lower-cased.
    public private(set) var addresses: Set<String>
    /// Domains (without the `@`), lower-cased; an entry covers its subdomains too.
    public private(set) var domains: Set<String>

    public init(_ entries: [String] = []) {
        var addresses: Set<String> = []
        var domains: Set<String> = []
        for entry in entries {
            let trimmed = Punctuation.wholeAnswerEdges.trim(entry).lowercased()
            guard !trimmed.isEmpty else { continue }
            if trimmed.hasPrefix("@") {
                domains.insert(String(trimmed.dropFirst()))
            } else if trimmed.contains("@") {
                addresses.insert(trimmed)
            } else {
                domains.insert(trimmed)
            }
        }
        self.addresses = addresses
        self.domains = domains
    }

    /// Parses the setting's text: entries separated by commas, semicolons or spaces.
    public init(setting: String) {
        self.init(setting.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
    }

    public var isEmpty: Bool { addresses.isEmpty && domains.isEmpty }

    /// Whether `email` is one of the store's addresses or a no-reply sender.
    public func contains(_ email: String) -> Bool {
        let email = email.lowercased()
        if StoreAddresses.isNoReply(email) || addresses.contains(email) { return true }
        guard let at = email.lastIndex(of: "@") else { return false }
        var domain = Substring(email[email.index(after: at)...])
        while !domain.isEmpty {
            if domains.contains(String(domain)) { return true }
            guard let dot = domain.firstIndex(of: ".") else { break }
            domain = domain[domain.index(after: dot)...]
        }
        return false
    }

    /// `noreply@`, `no-reply@`, `no_reply@`, `donotreply@`, `do-not-reply@`, `mailer-daemon@`,
    /// `postmaster@` and the like: addresses nobody reads, so never a customer's.
    public static func isNoReply(_ email: String) -> Bool {
        let local = normalizedLocalPart(email)
        return local.hasPrefix("noreply") || local.hasPrefix("donotreply") || local.hasSuffix("noreply")
            || isMailSystem(email) || local == "bounce" || local.hasPrefix("bounces")
    }

    /// `MAILER-DAEMON@…` and `postmaster@…`: the mail system itself, which sends bounces.
    public static func isMailSystem(_ email: String) -> Bool {
        let local = normalizedLocalPart(email)
        return local == "mailerdaemon" || local == "postmaster"
    }

    /// The part before the `@`, lower-cased, without the `-`, `_` and `.` people vary it with.
    static func normalizedLocalPart(_ email: String) -> String {
        String(email.lowercased().prefix { $0 != "@" }.filter { $0 != "-" && $0 != "_" && $0 != "." })
    }
}
