import Foundation

/// The identifiers found in one message, normalized as the filter contract reports them.
public struct ExtractedEntities: Sendable, Equatable {
    public var orderNumber: String?
    public var email: String?
    public var postcode: String?
    public var name: String?

    public init(orderNumber: String? = nil, email: String? = nil, postcode: String? = nil, name: String? = nil) {
        self.orderNumber = orderNumber
        self.email = email
        self.postcode = postcode
        self.name = name
    }

    public var isEmpty: Bool { orderNumber == nil && email == nil && postcode == nil && name == nil }
}

/// Deterministic extraction of order numbers, emails and postcodes — before any statistics.
///
/// Identifiers are what a statistical model gets wrong on real tickets (numbers it never saw in
/// training), and what the dialogue can least afford to get wrong, so they are found by rules:
/// an order number is a standalone 9–10-digit number or 6–10 digits after an order label; a number
/// labelled as a phone, tracking, ticket, invoice or similar number never is.
public struct EntityExtractor: Sendable {
    /// A merchant's own order-number pattern (MAGEDESK_ORDER_NUMBER_PATTERN); its first capture
    /// group, or the whole match, is the number.
    let customPattern: CompiledPattern?
    /// The store's own addresses (and no-reply senders): never the customer's email.
    public let storeAddresses: StoreAddresses

    public init(orderNumberPattern: String? = nil, storeAddresses: StoreAddresses = StoreAddresses()) throws {
        self.storeAddresses = storeAddresses
        if let orderNumberPattern, !orderNumberPattern.isEmpty {
            do {
                customPattern = CompiledPattern(try NSRegularExpression(pattern: orderNumberPattern, options: [.caseInsensitive]))
            } catch {
                throw EntityExtractorError.invalidOrderNumberPattern(orderNumberPattern)
            }
        } else {
            customPattern = nil
        }
    }

    /// Extracts from `text`; `awaiting` is the slot the previous reply asked for, which lets a bare
    /// answer ("78701") count as what was asked. An email's `subject` may give the order number.
    public func extract(_ text: String, awaiting: Slot? = nil, subject: String? = nil) -> ExtractedEntities {
        guard EmailReading.isMultiline(text) || subject != nil else { return extractOwn(text, awaiting: awaiting) }
        return extract(EmailReading(text), awaiting: awaiting, subject: subject)
    }

    /// An email's identifiers: the customer's own from their new words, then their signature (name,
    /// address block, email). From the subject and then the thread only the order number is taken,
    /// and only when the new words give none: the order the email is about. Nothing else in the
    /// thread is the customer's: its addresses are the store's or a header's.
    public func extract(_ email: EmailReading, awaiting: Slot? = nil, subject: String? = nil) -> ExtractedEntities {
        var entities = extractOwn(email.newWords, awaiting: awaiting)
        // "An: Kinderland Online GmbH, kundenservice@…" heading a letter: an address on a header line is the recipient's.
        if let address = entities.email, case let lines = EmailReading.lines(email.newWords),
            lines.contains(where: { EmailReading.isHeaderLine($0) && $0.lowercased().contains(address) })
        {
            entities.email = self.email(in: Token.split(lines.filter { !EmailReading.isHeaderLine($0) }.joined(separator: "\n")))
        }
        if !email.signature.isEmpty {
            // A first name in lower case counts under a closing, or as a one-word signature of its own.
            let signed = extractSignature(email.signature, afterClosing: email.closing != nil || email.signature.count == 1)
            entities.email = entities.email ?? signed.email
            entities.orderNumber = entities.orderNumber ?? signed.orderNumber
            // The signature is the sender's own; an address block in the body may be anyone's (the
            // office a parcel should go to, a mother's house). Only a value the customer states as
            // theirs ("my postcode is …", "my name is …") outweighs the signature's.
            if let signedPostcode = signed.postcode, entities.postcode == nil || !EntityExtractor.statesPostcode(email.newWords, awaiting: awaiting) {
                entities.postcode = signedPostcode
            }
            // A first name alone under the closing ("Kathi") says less than a full name in the body.
            if let signedName = signed.name,
                entities.name == nil || !NameExtraction.isStated(in: email.newWords) && (signedName.utf8.contains(0x20) || !(entities.name?.utf8.contains(0x20) ?? false))
            {
                entities.name = signedName
            }
            // "Danke!\n\nFinn" under "z. Hd. Finn Hansen": the first name signs, the full name stands above.
            if let name = entities.name, !name.utf8.contains(0x20), let full = NameExtraction.fullName(startingWith: name, in: email.newWords) {
                entities.name = full
            }
        }
        // "CANCEL 100082215" above "… keep the other one (100082216)": the subject's is the one asked about.
        if let subject, entities.orderNumber.map({ EntityExtractor.keeps($0, in: email.newWords) }) ?? true,
            let number = orderNumberOnly(inSubject: subject)
        {
            entities.orderNumber = number
        }
        if entities.orderNumber == nil, !email.thread.isEmpty {
            entities.orderNumber = orderNumberOnly(in: email.thread)
        }
        return entities
    }

    /// Words after which a customer gives the right value in place of a wrong one ("it says SW11 4NJ
    /// but it should be SW11 4JN", "hab 80313 geschrieben, richtig ist 80331").
    static let corrections = NeedleSet(["should be", "should read", "should have been", "correct one", "correct is", "correct postcode",
        "correct zip", "richtig ist", "richtig wäre", "richtig waere", "richtige", "korrekt ist", "korrekte", "stattdessen", "instead", "actually"])

    /// The postcode given after a correction, when the text corrects one; `written` otherwise.
    func corrected(_ written: String?, in text: String, orderNumber: String?) -> String? {
        let bytes = Array(text.utf8)
        let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        guard lower.containsAny(EntityExtractor.corrections, atWordStart: true) else { return written }
        for marker in EntityExtractor.corrections.needles {
            guard let range = lower.rangeOfSequence(marker, atWordStart: true) else { continue }
            // The rest of the correction's sentence, read as a short answer: "richtig ist aber 10437.
            // Straße und Hausnummer stimmen. Könnt ihr …" gives 10437.
            var end = range.upperBound
            while end < bytes.count, !(EntityExtractor.endsSentence(bytes[end]) && (end + 1 == bytes.count || Punctuation.isSpace(bytes[end + 1]))) {
                end += 1
            }
            let tail = String(decoding: lower[range.upperBound..<end], as: UTF8.self)
            let original = String(decoding: bytes[range.upperBound..<end], as: UTF8.self)
            // The tail as written (UK shapes need their capitals), read as an answer to "which postcode".
            if let value = postcode(in: original, tokens: Token.split(original), awaiting: .postcode, orderNumber: orderNumber)
                ?? postcode(in: tail.uppercased(), tokens: Token.split(tail.uppercased()), awaiting: .postcode, orderNumber: orderNumber),
                value != written
            {
                return value
            }
        }
        return written
    }

    static func endsSentence(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == 0x0A
    }

    /// Whether `text` names its postcode as such ("my zip is …", "PLZ 80331"), or answers a question for it.
    static func statesPostcode(_ text: String, awaiting: Slot?) -> Bool {
        awaiting == .postcode || awaiting == .email || Token.split(text).contains { isPostcodeLabel($0.word) }
    }

    /// The order number of a subject line, as `extractOwn` finds it, without the name, email and
    /// postcode rules whose findings a subject never gives.
    func orderNumberOnly(inSubject subject: String) -> String? {
        var digitCount = 0
        for byte in subject.utf8 where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { digitCount += 1 }
        guard digitCount >= 6 || customPattern != nil else { return nil }
        let tokens = Token.split(subject)
        guard let first = orderNumber(in: subject, tokens: tokens, awaiting: nil) else { return nil }
        return digitCount >= 12 ? chosen(of: first, in: subject, tokens: tokens) : first
    }

    /// Only the order number of a text nobody asked anything with (a thread): no other rule runs.
    /// A long thread is read line by line, and only the lines holding six digits or more are
    /// tokenized (with the line above, where "Order number:" may stand).
    func orderNumberOnly(in text: String) -> String? {
        if customPattern != nil { return orderNumber(in: text, tokens: [], awaiting: nil) }
        // One pass over the bytes: the order number usually stands near the top of a long thread.
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var previousStart = utf8.startIndex
        var run = 0
        var longest = 0
        var index = utf8.startIndex
        while true {
            let atEnd = index == utf8.endIndex
            let byte: UInt8 = atEnd ? 0x0A : utf8[index]
            if byte == 0x0A || byte == 0x0D {
                if longest >= 6 {
                    let context = String(Substring(utf8[previousStart..<index]))
                    if let number = orderNumber(in: context, tokens: Token.split(context), awaiting: nil, inThread: true) { return number }
                }
                if atEnd { return nil }
                // CRLF ends one line, not two.
                if byte == 0x0D, utf8.index(after: index) != utf8.endIndex, utf8[utf8.index(after: index)] == 0x0A { index = utf8.index(after: index) }
                previousStart = lineStart
                lineStart = utf8.index(after: index)
                run = 0
                longest = 0
            } else {
                run = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? run + 1 : 0
                longest = max(longest, run)
            }
            index = utf8.index(after: index)
        }
    }

    /// A signature block: a name on its first line, an address block's postcode, an email, a number.
    func extractSignature(_ lines: [String], afterClosing: Bool = false) -> ExtractedEntities {
        var entities = extractOwn(lines.joined(separator: "\n"), awaiting: nil, names: false)
        entities.name = NameExtraction.signatureName(lines[0]) ?? NameExtraction.signatureLineName(lines[0], afterClosing: afterClosing)
        // "Thanks heaps,\nJodie\n\nJodie Marchetti\n…": the first name under the closing, the full name in the block below.
        if let first = entities.name, !first.utf8.contains(0x20),
            let full = lines.dropFirst().prefix(3).lazy.compactMap({
                NameExtraction.signatureName($0) ?? NameExtraction.signatureLineName($0, afterClosing: false)
            }).first(where: { $0.hasPrefix(first + " ") })
        {
            entities.name = full
        }
        // A signature's number is an order's only when labelled as one: "Registered in England No. 10555432" is not.
        if let number = entities.orderNumber,
            !lines.contains(where: { line in
                line.contains(number) && Token.split(line).contains { EntityExtractor.specificOrderLabels.contains($0.word) }
            })
        {
            entities.orderNumber = nil
        }
        if entities.postcode == nil { entities.postcode = lines.lazy.compactMap(PostcodeShape.inAddressLine).first }
        if entities.postcode == nil { entities.postcode = lines.lazy.compactMap(PostcodeShape.afterTown).first }
        return entities
    }

    /// The rules on text that is all the customer's own.
    func extractOwn(_ text: String, awaiting: Slot?, names: Bool = true) -> ExtractedEntities {
        var entities = ExtractedEntities()
        // An order number has six digits or more, a postcode two (UK "M1 1AE") or more, an email an
        // "@": most chat messages have none of these, and skip the token rules entirely.
        var digitCount = 0
        var hasAt = false
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { digitCount += 1 } else if byte == UInt8(ascii: "@") { hasAt = true }
        }
        guard digitCount >= 2 || hasAt || customPattern != nil else {
            if names { entities.name = NameExtraction.find(in: text, awaiting: awaiting) }
            return entities
        }
        let tokens = Token.split(text)
        if hasAt { entities.email = email(in: tokens) }
        if digitCount >= 6 || customPattern != nil {
            entities.orderNumber = orderNumber(in: text, tokens: tokens, awaiting: awaiting)
            if digitCount >= 12, let first = entities.orderNumber { entities.orderNumber = chosen(of: first, in: text, tokens: tokens) }
        }
        if digitCount >= 2 {
            entities.postcode = postcode(in: text, tokens: tokens, awaiting: awaiting, orderNumber: entities.orderNumber)
            // A signature (read without names) corrects nothing. "wrong zip on my order, should be
            // 10025 not 10052": a correction of a postcode gives one though no label stands beside it.
            if names, let written = entities.postcode {
                entities.postcode = corrected(written, in: text, orderNumber: entities.orderNumber)
            } else if names, digitCount >= 8, tokens.contains(where: { EntityExtractor.isPostcodeLabel($0.word) }) {
                entities.postcode = corrected(nil, in: text, orderNumber: entities.orderNumber)
            }
        }
        if names {
            entities.name = NameExtraction.find(in: text, awaiting: awaiting)
            if entities.name == nil, let email = entities.email { entities.name = NameExtraction.spelled(by: email, in: text) }
        }
        return entities
    }

    // MARK: Email

    func email(in tokens: [Token]) -> String? {
        for token in tokens where token.raw.utf8.contains(UInt8(ascii: "@")) {
            let trim = Punctuation.emailEdges
            var candidate = trim.trim(token.raw.lowercased())
            if candidate.hasPrefix("mailto:") { candidate.removeFirst("mailto:".count) }
            candidate = trim.trim(candidate)
            if let lastAt = candidate.lastIndex(of: "@") {
                let local = candidate[..<lastAt]
                let domain = candidate[candidate.index(after: lastAt)...]
                let tld = domain.split(separator: ".").last ?? ""
                if !local.isEmpty, domain.utf8.contains(UInt8(ascii: ".")), tld.count >= 2, tld.allSatisfy(\.isLetter),
                    !domain.hasPrefix("."), !Array(domain.utf8).containsSequence([0x2E, 0x2E]), local.allSatisfy(EntityExtractor.isEmailCharacter),
                    !storeAddresses.contains(candidate)
                {
                    return candidate
                }
            }
        }
        return nil
    }

    static func isEmailCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "._%+-".contains(character)
    }

    // MARK: Order number

    /// Words that make the number after them an order number.
    static let orderLabels: Set<String> = [
        "order", "orders", "#", "ref", "reference", "id", "bestellung", "bestellnummer", "commande", "no", "number", "nr",
        "bestellnr", "bestell-nr", "best.-nr", "bestellungsnummer", "auftrag", "auftragsnummer", "auftragsnr", "auftrags-nr",
        "order-nr", "bestell", "ordernr", "ordernummer", "order-no", "bestellnummer:", "nº", "n°",
    ]
    /// Order labels that outweigh an earlier label of another kind of number.
    static let specificOrderLabels: Set<String> = [
        "order", "orders", "#", "ref", "reference", "bestellung", "bestellnummer", "commande", "bestellnr", "bestell-nr", "auftrag", "auftragsnummer",
        "auftragsnr", "auftrags-nr", "bestellungsnummer", "ordernummer",
    ]
    /// Words that make a nearby number something else.
    static let otherNumberLabels: Set<String> = [
        "phone", "tel", "telephone", "mobile", "cell", "call", "fax", "tracking", "track", "ticket", "case", "po",
        "invoice", "rechnung", "card", "visa", "sku", "item", "apt", "apartment", "suite", "unit", "street", "zip",
        "zipcode", "postcode", "plz", "postleitzahl", "telefon", "handy", "sendungsnummer",
        // German and French labels of numbers that are not order numbers.
        "rechnungsnummer", "kundennummer", "telefonnummer", "handynummer", "mobilnummer", "trackingnummer", "paketnummer",
        "sendungsverfolgung", "vorgangsnummer", "ticketnummer", "artikelnummer", "hausnummer", "kontonummer", "iban",
        "facture", "téléphone", "telephone", "suivi", "colis", "client",
        // Other numbers customers quote.
        "customer", "account", "acct", "member", "receipt", "transaction", "serial", "model", "isbn", "ups", "fedex", "dhl",
        "usps", "awb", "waybill", "kundennr", "kd-nr", "kdnr", "rechnungsnr", "rechnungs-nr", "re-nr", "sendungsnr", "trackingnr",
        "retourennummer", "retoure", "rücksendenummer", "rma", "gutschrift", "gutschriftsnummer", "telefonnr", "tel.-nr", "ust-idnr",
        "abo", "abonummer", "kundenkonto", "postnummer", "packstation", "lieferschein", "lieferscheinnummer", "credit", "memo", "return", "label",
        "anfrage", "anfragenummer", "request", "inquiry", "enquiry", "vorgang",
    ]

    /// Labels that are also everyday words ("return it", "call me", "my card"): see `orderNumber`.
    static let looseLabels: Set<String> = ["return", "label", "call", "case", "item", "card", "credit", "memo", "model", "member", "unit", "street"]

    /// Words that tie a labelled kind of number to what follows ("tracking for …", "Rechnung zur …").
    static let ofWords: Set<String> = ["for", "of", "on", "from", "about", "regarding", "für", "fuer", "zu", "zur", "zum", "von", "vom"]

    /// In a thread (`inThread`), the store's own mails also number tickets and requests ("unter der
    /// Nummer #552190"): a shorter number than Magento's nine digits counts only after an order label.
    func orderNumber(in text: String, tokens: [Token], awaiting: Slot?, inThread: Bool = false) -> String? {
        if let customPattern {
            return customPattern.firstMatch(in: text)
        }
        // A number the customer labels as the order's outweighs an earlier unlabelled one ("our PO
        // is 4500218833; your order number is 100884512").
        var unlabelled: String?
        for (index, token) in tokens.enumerated() {
            let digits = token.digits
            // Only six to ten digits can be taken below (or three, opening a number written in
            // groups): shorter and longer numbers need no reading.
            guard (6...10).contains(digits.count) || digits.count == 3, token.isNumberLike, !Token.isYearRange(token.raw) else { continue }
            let previous = tokens[max(0, index - 3)..<index].map(\.word)
            // "die bestell Nummer ist 100 093 227": read out or typed in groups of three after an order label.
            if digits.count == 3 {
                // Not another kind of number so written: "tracking number RR 883 120 447 IE".
                if index + 2 < tokens.count, tokens[(index + 1)...(index + 2)].allSatisfy({ $0.isNumberLike && $0.digits.count == 3 && $0.raw.utf8.count <= 4 }),
                    index + 3 == tokens.count || !tokens[index + 3].isNumberLike && !tokens[index + 3].raw.allSatisfy(\.isUppercase),
                    index == 0 || !tokens[index - 1].isNumberLike && !tokens[index - 1].raw.allSatisfy(\.isUppercase),
                    previous.contains(where: EntityExtractor.orderLabels.contains),
                    !tokens[max(0, index - 4)..<index].contains(where: { EntityExtractor.otherNumberLabels.contains($0.word) })
                {
                    return digits + tokens[index + 1].digits + tokens[index + 2].digits
                }
                continue
            }
            // "The DHL number you gave me, 4829301756": a kind of number named earlier in the
            // sentence, the number standing in apposition to it.
            if !token.raw.hasPrefix("#"), EntityExtractor.namesOtherNumber(tokens[max(0, index - 6)..<index]) { continue }
            // "customer number is 123456789", "Rechnungsnummer 100200300": labelled as something else,
            // unless an order label comes after that label ("phone me about order 100234").
            // "tracking codes for 100023456": a preposition after the other label makes the number
            // what that label is *for* — the order.
            // A postcode label ("plz" is also chat for "please") cannot label a number longer than a postcode.
            let labels = digits.count >= 9 ? EntityExtractor.otherNumberLabels.subtracting(EntityExtractor.postcodeLabels) : EntityExtractor.otherNumberLabels
            // A label in an earlier sentence ("any tracking number? 100355018") labels nothing here.
            let window = tokens[max(0, index - 3)..<index]
            // "PO reference 4500218833": a reference of that other kind, not the order's.
            // "want to return it (000018806)": a word that only sometimes labels a number ("return",
            // "card", "call") labels a Magento-long one only right before it or with a noun ("return number").
            func labelsThis(_ offset: Int) -> Bool {
                guard digits.count >= 9, EntityExtractor.looseLabels.contains(previous[offset]) else { return true }
                return offset == previous.count - 1 || EntityExtractor.numberNouns.contains(previous[offset + 1])
            }
            if !token.raw.hasPrefix("#"), let other = previous.lastIndex(where: { labels.contains($0) }), labelsThis(other),
                !previous[(other + 1)...].enumerated().contains(where: { offset, word in
                    (EntityExtractor.specificOrderLabels.contains(word) && !(offset == 0 && ["ref", "reference"].contains(word)))
                        || EntityExtractor.ofWords.contains(word)
                }),
                !window.suffix(previous.count - other).contains(where: { $0.raw.hasSuffix("?") || $0.raw.hasSuffix("!") }),
                // "INVOICE PLS. 100043190": a full stop after the label ends its sentence ("invoice no." does not).
                !window.suffix(previous.count - other - 1).contains(where: {
                    $0.raw.hasSuffix(".") && $0.raw.utf8.count > 3 && !EntityExtractor.numberNouns.contains($0.word)
                })
            {
                continue
            }
            // "My number is 01632 960218": the second half of a number written in groups is no order.
            if digits.count < 9, index > 0, tokens[index - 1].isNumberLike, !tokens[index - 1].raw.hasSuffix(".") && !tokens[index - 1].raw.hasSuffix(",") {
                continue
            }
            // "Ticket #552190", "Anfrage #552190": the mark numbers what the word before it names.
            // ("the case?? #100047293": a question mark ends the word's sentence first.)
            if token.raw.hasPrefix("#"), let before = previous.last, labels.contains(before),
                tokens[index - 1].raw.utf8.last.map(EntityExtractor.endsSentence) != true
            {
                continue
            }
            let labelledOrder = token.raw.hasPrefix("#") || previous.contains { EntityExtractor.orderLabels.contains($0) }
            let orderWord = previous.contains(where: EntityExtractor.specificOrderLabels.contains)
            let specific = token.raw.hasPrefix("#") || orderWord
            // "My number is (303) 555-0126": a number written with separators after a word as general
            // as "number" is a phone number.
            if labelledOrder, !specific, token.hasSeparators, digits.count < 9 { continue }
            if (6...10).contains(digits.count) && labelledOrder && (!inThread || digits.count >= 9 || orderWord) {
                if specific { return digits }
                unlabelled = unlabelled ?? digits
            }
            if (9...10).contains(digits.count) && !token.hasSeparators { unlabelled = unlabelled ?? digits }
            if awaiting == .orderNumber && tokens.count <= 3 && (6...10).contains(digits.count) { unlabelled = unlabelled ?? digits }
        }
        return unlabelled
    }

    /// Words that pick the later of two numbers given ("100052218 und 100052219, die zweite soll weg").
    static let secondWords: Set<String> = ["second", "2nd", "latter", "zweite", "zweiten", "zweites", "letztere", "letzteren", "letzte"]

    /// Words of keeping or dropping one order: only then does "the second" pick one ("Beim zweiten
    /// steht noch 'in Bearbeitung'" asks about both).
    static let choosingWords = NeedleSet(["cancel", "storn", "weg", "lösch", "loesch", "remove", "delete", "keep", "behalt", "annul",
        "rückgängig", "rueckgaengig", "don't need", "dont need", "duplicate", "doppelt", "twice", "zweimal"])

    /// Whose an order is: the customer's own ("mine is …", "meine ist …") or someone else's.
    static let ownWords: Set<String> = ["mine", "meine", "meins"]
    static let othersWords: Set<String> = ["his", "hers", "her", "their", "theirs", "seine", "ihre", "seins"]
    /// Words with which a customer keeps an order ("keep the other one (100082216)").
    static let keepWords: Set<String> = ["keep", "keeping", "behalten", "behalte", "bleibt", "bleiben"]
    static let keepStarts = NeedleSet(["keep", "behalt", "bleib"])

    /// Whether the customer keeps `number` ("keep the other one (100082216)"), so that it is not
    /// the order the message is about.
    static func keeps(_ number: String, in text: String) -> Bool {
        // Most messages keep nothing: a byte search before any splitting.
        guard Array(text.utf8).map({ $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }).containsAny(keepStarts, atWordStart: true) else { return false }
        let tokens = Token.split(text)
        guard let index = tokens.firstIndex(where: { $0.digits == number && $0.isNumberLike }) else { return false }
        return isKept(at: index, in: tokens)
    }

    /// Whether a keep word stands within four words before the number at `index` or three after it
    /// ("keep the other one (100082216)", "die 000621903 soll bleiben"), but not "keep getting …"
    /// (keep on doing).
    static func isKept(at index: Int, in tokens: [Token]) -> Bool {
        func keepWord(_ position: Int) -> Bool {
            keepWords.contains(tokens[position].word) && !(position + 1 < tokens.count && tokens[position + 1].word.hasSuffix("ing"))
        }
        return (max(0, index - 4)..<index).contains(where: keepWord) || (index + 1..<min(tokens.count, index + 4)).contains(where: keepWord)
    }

    /// "not … but …", "nicht … sondern …": a correction between two numbers.
    static let negations: Set<String> = ["not", "nicht", "no"]
    static let contrasts: Set<String> = ["but", "sondern"]

    /// Verbs that name the order they act on right after them, among several.
    static let cancelVerbs: Set<String> = ["cancel", "storniere", "stornieren", "storniert", "storno"]

    /// Of two order numbers, the one the customer picks with "the second" / "die zweite" standing
    /// alone ("100052218 und 100052219, die zweite soll weg"): the later one.
    func chosen(of first: String, in text: String, tokens: [Token]) -> String {
        guard customPattern == nil else { return first }
        // "die zweite Bestellung 000621904 stornieren, die 000621903 soll bleiben": of two, the one not kept.
        let numbers = tokens.indices.filter { tokens[$0].isNumberLike && !tokens[$0].hasSeparators && (9...10).contains(tokens[$0].digits.count) }
        if numbers.count == 2 {
            let keptOnes = numbers.filter { EntityExtractor.isKept(at: $0, in: tokens) }
            if keptOnes.count == 1, let other = numbers.first(where: { $0 != keptOnes[0] }), tokens[other].digits != tokens[keptOnes[0]].digits {
                return tokens[other].digits
            }
        }
        // "PLEASE CANCEL 100900013 and keep the first one": the number right after the verb.
        for (index, token) in tokens.enumerated() where EntityExtractor.cancelVerbs.contains(token.word) {
            if let named = tokens[(index + 1)...].prefix(2).first(where: { $0.isNumberLike && $0.digits.count >= 9 }) { return named.digits }
        }
        // "nicht um die Bestellung 000611201, sondern um 000611245", "not order 100012001 but 100012077":
        // the number the customer corrects to.
        if let firstIndex = tokens.firstIndex(where: { $0.digits == first && $0.isNumberLike }),
            tokens[max(0, firstIndex - 4)..<firstIndex].contains(where: { EntityExtractor.negations.contains($0.word) }),
            let but = tokens[(firstIndex + 1)...].prefix(8).firstIndex(where: { EntityExtractor.contrasts.contains($0.word) }),
            let named = tokens[(but + 1)...].prefix(4).first(where: { $0.isNumberLike && $0.digits.count >= 6 && $0.digits != first })
        {
            return named.digits
        }
        // "His order is 100075530 and mine is 100075548": the customer's own among someone else's.
        if let own = tokens.indices.first(where: { index in
            tokens[index].isNumberLike && tokens[index].digits.count >= 6
                && tokens[max(0, index - 3)..<index].contains { EntityExtractor.ownWords.contains($0.word) }
        }), tokens.indices.contains(where: { index in
            tokens[index].isNumberLike && tokens[index].digits.count >= 6 && index != own
                && tokens[max(0, index - 3)..<index].contains { EntityExtractor.othersWords.contains($0.word) }
        }) {
            return tokens[own].digits
        }
        // "the second", "die zweite", "the last one" (a "last" alone, as in "last week", picks nothing).
        let picksSecond = tokens.indices.contains { index in
            EntityExtractor.secondWords.contains(tokens[index].word)
                || tokens[index].word == "last" && index + 1 < tokens.count && tokens[index + 1].word == "one"
        }
        let lower = Array(text.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        guard picksSecond, lower.containsAny(EntityExtractor.choosingWords, atWordStart: true),
            let firstIndex = tokens.firstIndex(where: { $0.digits == first && $0.isNumberLike })
        else { return first }
        let rest = Array(tokens[(firstIndex + 1)...])
        guard let second = orderNumber(in: "", tokens: rest, awaiting: nil), second != first else { return first }
        // "die zweite Bestellung (100322108) soll bleiben": a word that stands before a number only names it.
        guard let marker = tokens.firstIndex(where: { EntityExtractor.secondWords.contains($0.word) || $0.word == "last" }),
            !tokens[(marker + 1)..<min(tokens.count, marker + 4)].contains(where: { $0.isNumberLike && $0.digits.count >= 6 })
        else { return first }
        return second
    }

    /// Words that, after a kind of number ("DHL number", "tracking code", "Kundennummer"), make it a noun phrase.
    static let numberNouns: Set<String> = ["number", "no", "code", "id", "nummer", "nr", "ref", "reference"]

    /// Whether `window` (the words before a number, within its sentence) names another kind of
    /// number with no order label after it: "the DHL number you gave me, …", "tracking code is …".
    static func namesOtherNumber(_ window: ArraySlice<Token>) -> Bool {
        var sawOther = false
        for (position, token) in zip(window.indices, window) {
            if token.raw.hasSuffix(".") || token.raw.hasSuffix("?") || token.raw.hasSuffix("!") { sawOther = false; continue }
            if orderLabels.contains(token.word) && !numberNouns.contains(token.word) { sawOther = false; continue }
            if ofWords.contains(token.word) { sawOther = false; continue }
            if otherNumberLabels.contains(token.word), position + 1 < window.endIndex, numberNouns.contains(window[position + 1].word) {
                sawOther = true
            }
        }
        return sawOther
    }

    // MARK: Postcode

    static let australianStates: Set<String> = ["NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"]
    /// Words after which the customer's home, and so its postcode, follows.
    static let livingWords: Set<String> = ["live", "lives", "living", "wohne", "wohn", "wohnen", "wohnt", "lebe", "leben", "at"]
    /// Their first bytes: a byte test spares most words the Set's hashing.
    static let livingStarts = Punctuation.ASCIISet(livingWords.compactMap(\.utf8.first))
    static let canadianProvinces: Set<String> = ["ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE", "YT", "NT", "NU"]
    static let postcodeLabels: Set<String> = ["zip", "zipcode", "postcode", "plz", "postleitzahl", "postal", "eircode"]
    /// Their first bytes: a byte test spares most words the Set's hashing.
    static let postcodeLabelStarts = Punctuation.ASCIISet(postcodeLabels.compactMap(\.utf8.first))

    static func isPostcodeLabel(_ word: String) -> Bool {
        word.utf8.first.map(postcodeLabelStarts.contains) == true && postcodeLabels.contains(word)
    }
    static let usStates: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
        "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
        "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
    ]

    func postcode(in text: String, tokens: [Token], awaiting: Slot?, orderNumber: String?) -> String? {
        // A whole message that is only a postcode-shaped value, or an answer to "email or postcode"
        // (at most ten characters and some punctuation: longer messages skip the String work).
        if text.utf8.count <= 24, let whole = PostcodeShape.match(Punctuation.wholeAnswerEdges.trim(text.uppercased())),
            whole != orderNumber, awaiting == .email || awaiting == .postcode || PostcodeShape.isDistinctive(whole)
        {
            return whole
        }
        // Austrian and Swiss postcodes have four digits: only as a whole answer to the question.
        if awaiting == .email || awaiting == .postcode || awaiting == nil && text.utf8.contains(UInt8(ascii: "-")), text.utf8.count <= 12 {
            let whole = Punctuation.wholeAnswerEdges.trim(text)
            if let value = PostcodeShape.fourDigits(whole) ?? PostcodeShape.prefixed(whole), value != orderNumber { return value }
        }
        // Asked for it, a postcode with its town: "1010 wien", "CH 8400 Winterthur".
        if awaiting == .email || awaiting == .postcode, text.utf8.count <= 40, !text.utf8.contains(0x0A),
            let value = PostcodeShape.inAddressLine(String(Punctuation.wholeAnswerEdges.trim(text))), value != orderNumber
        {
            return value
        }
        // After a US state code: "Austin, TX 78701", "Monterey, WA 97444-1234".
        // State codes are capitals: the byte test spares a String per short word ("Die", "Ich").
        // The loops below read tokens in place (`tokens[index]`): binding each one copies three Strings.
        func mayBeState(_ token: Token) -> Bool {
            let bytes = token.raw.utf8
            guard (2...4).contains(bytes.count) else { return false }
            return bytes.prefix(2).allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
        }
        for index in tokens.indices.dropFirst() where mayBeState(tokens[index]) {
            let state = Punctuation.periodComma.trim(tokens[index].raw)
            guard EntityExtractor.usStates.contains(state), index + 1 < tokens.count else { continue }
            // "(Decatur, GA 30030).": the brackets around an address are no part of it.
            let candidate = Punctuation.inwardEdges.trim(tokens[index + 1].raw)
            if let match = PostcodeShape.match(candidate), !PostcodeShape.isDistinctive(match) || match.utf8.contains(UInt8(ascii: "-")), match != orderNumber {
                return match
            }
        }
        // After a Canadian province, the code in any case: "Toronto ON  m5s 0a5".
        for index in tokens.indices.dropFirst() where index + 1 < tokens.count && tokens[index].raw.utf8.count <= 3 {
            // The code after it, in two halves or as one word: a byte test before the province's.
            let halves = index + 2 < tokens.count && tokens[index + 1].raw.utf8.count == 3
            guard halves || (6...7).contains(tokens[index + 1].raw.utf8.count) else { continue }
            // "vancouver bc v6k1r2": the province in any case too; the code's shape is what counts.
            guard EntityExtractor.canadianProvinces.contains(Punctuation.periodComma.trim(tokens[index].raw).uppercased()) else { continue }
            let next = Punctuation.trailing.trim(tokens[index + 1].raw)
            // The code written as one word: "V6K1R2".
            if next.utf8.count == 6, case let code = (next.prefix(3) + " " + next.suffix(3)).uppercased(), PostcodeShape.isCanadian(Array(code.utf8)) {
                return code
            }
            guard index + 2 < tokens.count else { continue }
            let code = (tokens[index + 1].raw + " " + Punctuation.trailing.trim(tokens[index + 2].raw)).uppercased()
            if PostcodeShape.isCanadian(Array(code.utf8)) { return code }
        }
        // After an Australian state code: "Fremantle WA 6160", "Brunswick VIC 3056" (four digits).
        for index in tokens.indices.dropFirst() where mayBeState(tokens[index]) && index + 1 < tokens.count {
            let state = Punctuation.periodComma.trim(tokens[index].raw)
            guard EntityExtractor.australianStates.contains(state) else { continue }
            if let four = PostcodeShape.fourDigits(Punctuation.trailing.trim(tokens[index + 1].raw)) { return four }
        }
        // An Irish Eircode: "D02 XY45", "A94 X2K7" (a routing key and a unique identifier).
        // A routing key opens with a capital letter: a byte test before `isEircode` reads the pair.
        for index in tokens.indices.dropLast()
        where tokens[index].raw.utf8.count == 3 && tokens[index + 1].raw.utf8.count >= 4
            && tokens[index].raw.utf8.first.map({ $0 >= 0x41 && $0 <= 0x5A }) == true
        {
            let key = tokens[index].raw, unique = Punctuation.trailing.trim(tokens[index + 1].raw)
            if PostcodeShape.isEircode(key, unique) { return key + " " + unique }
        }
        // A UK postcode written as one ("London NW1 6XE"): its shape is mistaken for nothing else.
        for index in tokens.indices.dropLast() {
            // Byte checks first: an outward code has a digit, and both halves are short.
            let outwardBytes = tokens[index].raw.utf8, inwardBytes = tokens[index + 1].raw.utf8
            guard outwardBytes.count <= 8, (3...6).contains(inwardBytes.count), outwardBytes.contains(where: { $0 >= 48 && $0 <= 57 })
            else { continue }
            var outward = Punctuation.outwardEdges.trim(tokens[index].raw),
                inward = Punctuation.inwardEdges.trim(tokens[index + 1].raw)
            // "29 holloway rd n7 8jg": typed in lower case, a UK inward code (digit, two letters) is as distinctive.
            if outward.first?.isLowercase == true, inward.utf8.count == 3, inward.utf8.first.map({ $0 >= 48 && $0 <= 57 }) == true,
                inward.dropFirst().allSatisfy({ $0 >= "a" && $0 <= "z" }), outward.allSatisfy({ $0.isNumber || ($0 >= "a" && $0 <= "z") })
            {
                (outward, inward) = (outward.uppercased(), inward.uppercased())
            }
            // UK inward codes end in a letter ("6XE"), Canadian ones in a digit ("0B1").
            guard (2...4).contains(outward.utf8.count), inward.utf8.count == 3, outward.first?.isUppercase == true,
                inward.last?.isUppercase == true || inward.last?.isNumber == true, outward.contains(where: \.isNumber)
            else { continue }
            if let match = PostcodeShape.match(outward + " " + inward), PostcodeShape.isDistinctive(match) { return match }
        }
        // Asked for proof: a short answer that holds a postcode anywhere ("hmm maybe 97205 then?",
        // "97205 is the billing one", "billing: 97205"), unless it is labelled as another number.
        if awaiting == .email || awaiting == .postcode, tokens.count <= 12 {
            for (index, token) in tokens.enumerated() {
                let labelledOther = tokens[max(0, index - 2)..<index].contains {
                    EntityExtractor.otherNumberLabels.contains($0.word) || EntityExtractor.orderLabels.contains($0.word)
                }
                let candidate = Punctuation.trailing.trim(Punctuation.leadingMarks.trim(token.raw.uppercased()))
                let prefixedFour = candidate.utf8.contains(UInt8(ascii: "-")) ? PostcodeShape.fourDigits(candidate) : nil
                if !labelledOther, let match = PostcodeShape.match(candidate) ?? prefixedFour, match != orderNumber {
                    return match
                }
            }
        }
        // A short answer that gives a bare 5-digit or ZIP+4 value: "sure, it's 33186".
        if tokens.count <= 12 {
            for (index, token) in tokens.enumerated() where ["it's", "its", "it’s", "is"].contains(token.word) && index + 1 < tokens.count {
                let candidate = Punctuation.trailing.trim(tokens[index + 1].raw)
                let labelledOther = tokens[max(0, index - 2)..<index].contains { EntityExtractor.otherNumberLabels.contains($0.word) || EntityExtractor.orderLabels.contains($0.word) }
                if !labelledOther, let match = PostcodeShape.match(candidate), match != orderNumber { return match }
            }
        }
        // Where the customer lives: "I live in Lyon 69003", "wir wohnen in 80469", "im at 90210".
        for index in tokens.indices where tokens[index].word.utf8.first.map(EntityExtractor.livingStarts.contains) == true
            && EntityExtractor.livingWords.contains(tokens[index].word)
        {
            if tokens[index].word == "at", !(index > 0 && ["im", "i'm", "i’m", "am"].contains(tokens[index - 1].word)) { continue }
            for candidate in tokens[(index + 1)...].prefix(3) {
                let value = Punctuation.trailing.trim(Punctuation.leadingMarks.trim(candidate.raw))
                if value.utf8.count == 5, let match = PostcodeShape.match(value), match != orderNumber { return match }
            }
        }
        // Labelled: "zip 78701", "postcode SW1A 1AA", "78701 is my zip code".
        // Every label begins with z, p, c or e: a byte test before the Set.
        func mayBeLabel(_ token: Token) -> Bool {
            guard let first = token.word.utf8.first, first == UInt8(ascii: "z") || first == UInt8(ascii: "p") || first == UInt8(ascii: "c") || first == UInt8(ascii: "e")
            else { return false }
            return EntityExtractor.postcodeLabels.contains(token.word) || token.word == "code"
        }
        for index in tokens.indices where mayBeLabel(tokens[index]) {
            let after = tokens[(index + 1)...].prefix(5).map { Punctuation.leadingMarks.trim($0.raw.uppercased()) }
            for start in after.indices {
                for length in stride(from: min(2, after.count - start), through: 1, by: -1) {
                    let candidate = Punctuation.trailing.trim(after[start..<(start + length)].joined(separator: " "))
                    if let match = PostcodeShape.match(candidate) ?? PostcodeShape.fourDigits(candidate), match != orderNumber { return match }
                    // "eircode d08 vf8h"
                    if length == 2, case let unique = Punctuation.trailing.trim(after[start + 1]), PostcodeShape.isEircode(after[start], unique) {
                        return after[start] + " " + unique
                    }
                }
            }
            let before = tokens[..<index].suffix(5).map { $0.raw.uppercased() }
            for start in before.indices.reversed() {
                for length in 1...2 where start + length <= before.count {
                    let candidate = Punctuation.trailing.trim(before[start..<(start + length)].joined(separator: " "))
                    if let match = PostcodeShape.match(candidate), match != orderNumber { return match }
                }
            }
        }
        // An address written out: "…, 93047 Regensburg", "D-40213 Düsseldorf" on a line of its own.
        if tokens.count > 1 {
            for line in EmailReading.lines(text) where PostcodeShape.hasFourOrFiveDigits(line.utf8) {
                if let match = PostcodeShape.inAddressLine(String(line)), match != orderNumber { return match }
            }
        }
        return nil
    }
}

public enum EntityExtractorError: Error, CustomStringConvertible {
    case invalidOrderNumberPattern(String)
    public var description: String {
        switch self {
        case .invalidOrderNumberPattern(let pattern):
            return "MAGEDESK_ORDER_NUMBER_PATTERN '\(pattern)' is not a valid regular expression"
        }
    }
}

/// The postcode shapes magedesk recognises: US ZIP and ZIP+4 (and other 5-digit codes such as
/// Germany's), UK, and Canada. Values are upper-cased, with an inner space kept as written.
enum PostcodeShape {
    /// UK: `[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}` ("SW1A 1AA", "M1 1AE").
    static func isUK(_ bytes: [UInt8]) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        var compact = bytes
        if let space = bytes.firstIndex(of: 32) {
            // One space, and only between the outward and the inward code.
            guard space == bytes.count - 4, bytes.lastIndex(of: 32) == space else { return false }
            compact.remove(at: space)
        }
        guard (5...7).contains(compact.count) else { return false }
        let inward = compact.suffix(3)
        guard isDigit(inward[inward.startIndex]), isLetter(inward[inward.startIndex + 1]), isLetter(inward[inward.startIndex + 2]) else {
            return false
        }
        let outward = Array(compact.dropLast(3))
        guard isLetter(outward[0]) else { return false }
        let digitAt = isLetter(outward[1]) ? 2 : 1
        guard digitAt < outward.count, isDigit(outward[digitAt]) else { return false }
        let rest = outward.count - digitAt - 1
        return rest == 0 || (rest == 1 && (isLetter(outward[digitAt + 1]) || isDigit(outward[digitAt + 1])))
    }

    /// Canada: `[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]` ("K1A 0B1").
    static func isCanadian(_ bytes: [UInt8]) -> Bool {
        let compact = bytes.count == 7 && bytes[3] == 32 ? Array(bytes[..<3] + bytes[4...]) : bytes
        guard compact.count == 6 else { return false }
        for (index, byte) in compact.enumerated() {
            let isLetter = byte >= 65 && byte <= 90
            let isDigit = byte >= 48 && byte <= 57
            if index.isMultiple(of: 2) ? !isLetter : !isDigit { return false }
        }
        return true
    }

    static func match(_ text: String) -> String? {
        let value = Punctuation.spaces.trim(text)
        let utf8 = Array(value.utf8)
        let isDigit = { (byte: UInt8) in byte >= 48 && byte <= 57 }
        if utf8.count == 5, utf8.allSatisfy(isDigit) { return value }
        if utf8.count == 10, utf8[5] == UInt8(ascii: "-"), utf8[..<5].allSatisfy(isDigit), utf8[6...].allSatisfy(isDigit) {
            return value
        }
        if utf8.count <= 8, isUK(utf8) || isCanadian(utf8) { return value }
        return nil
    }

    /// Ireland: a routing key (a letter and two digits, or "D6W") and four letters or digits ("D02 XY45").
    static func isEircode(_ key: String, _ unique: String) -> Bool {
        let k = Array(key.utf8), u = Array(unique.utf8)
        func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        guard k.count == 3, u.count == 4, isUpper(k[0]), isDigit(k[1]) && isDigit(k[2]) || key == "D6W" else { return false }
        return u.allSatisfy { isUpper($0) || isDigit($0) } && u.contains(where: isUpper) && u.contains(where: isDigit)
    }

    /// A four-digit postcode (Austria, Switzerland, Belgium…), optionally after a country prefix ("A-1180").
    static func fourDigits(_ text: String) -> String? {
        var value = Substring(text)
        if let dash = value.firstIndex(of: "-"), countryPrefixes.contains(value[..<dash].uppercased()) { value = value[value.index(after: dash)...] }
        guard value.utf8.count == 4, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return String(value)
    }

    /// "D-40213", "F-75004": a country prefix and a five-digit postcode.
    static func prefixed(_ text: String) -> String? {
        guard let dash = text.firstIndex(of: "-"), countryPrefixes.contains(text[..<dash].uppercased()) else { return nil }
        let value = String(text[text.index(after: dash)...])
        return value.utf8.count == 5 && value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) ? value : nil
    }

    /// Country prefixes written before a postcode in European addresses ("D-40213", "A-1180", "CH-3011").
    static let countryPrefixes: Set<String> = ["D", "DE", "A", "AT", "CH", "F", "FR", "L", "LU", "B", "BE", "I", "IT", "FL", "LI"]
    static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
    ]

    /// Words after which a place, and so its postcode, is named ("in 75011 Paris", "nach 8010 Graz").
    static let places: Set<String> = ["in", "nach", "aus", "from"]

    /// The postcode of an address line: four or five digits, optionally after a country prefix,
    /// standing at the line's start or after a comma and followed by a capitalised town
    /// ("Hauptstraße 5, 93047 Regensburg", "A-1180 Wien" → "1180", "3011 Bern", "75004 Paris").
    static func inAddressLine(_ line: String) -> String? {
        // Most lines have no run of four or five digits: they are skipped before any splitting.
        guard hasFourOrFiveDigits(line.utf8) else { return nil }
        let words = NameExtraction.words(line)
        guard words.count >= 2 else { return nil }
        for index in words.indices.dropLast() {
            var token = words[index]
            if token.utf8.first == UInt8(ascii: "(") { token = token.dropFirst() }
            var prefixed = false
            if token.utf8.contains(UInt8(ascii: "-")), let dash = token.firstIndex(of: "-"), countryPrefixes.contains(token[..<dash].uppercased()) {
                token = token[token.index(after: dash)...]
                prefixed = true
            }
            // Only a word of four or five digits can be the postcode: the rest of the tests are for those.
            guard (4...5).contains(token.utf8.count), token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { continue }
            // "CH 8400 Winterthur": the country prefix written apart.
            let afterPrefix = index >= 1 && countryPrefixes.contains(String(words[index - 1])) && (index == 1 || words[index - 2].hasSuffix(","))
            // "Speicherstraße 2 · 26789 Leer", "Gewerbering 4 | 91522 Ansbach": a separator mark before it.
            let opensPart = index == 0 || afterPrefix || words[index - 1].hasSuffix(",") || places.contains(words[index - 1].lowercased())
                || ["·", "|", "•", "–", "-", "/"].contains(words[index - 1])
            // "I'm in Paris, 75011": the postcode after the town it belongs to.
            if index >= 2, words[index - 1].hasSuffix(","), words[index - 1].first?.isUppercase == true,
                places.contains(words[index - 2].lowercased()), token.utf8.count == 5
            {
                return String(token)
            }
            guard opensPart || prefixed else { continue }
            // "in 2024 We moved": after "in", a year is not a postcode.
            if index >= 1, places.contains(words[index - 1].lowercased()), token.hasPrefix("19") || token.hasPrefix("20"), token.utf8.count == 4 { continue }
            let town = Punctuation.trailing.trim(words[index + 1])
            // A town is capitalised, unless the whole line is written in lower case.
            let lowerLine = !line.contains(where: \.isUppercase)
            guard let first = town.first, first.isUppercase || lowerLine && first.isLetter, town.count >= 2, town.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "." || $0 == "/" }),
                !months.contains(town.lowercased())
            else { continue }
            return String(token)
        }
        return nil
    }

    /// Whether `bytes` hold a run of exactly four or five digits, which every address line's postcode is.
    static func hasFourOrFiveDigits<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var run = 0
        for byte in bytes {
            if byte >= 48 && byte <= 57 {
                run += 1
            } else {
                if run == 4 || run == 5 { return true }
                run = 0
            }
        }
        return run == 4 || run == 5
    }

    /// An address block's last line: "93047 Regensburg", "Denver, CO 80202", "Leeds LS6 2AB", "Nelson 7010".
    static func endsAddress(_ line: String) -> Bool {
        // Every form holds a digit: lines without one are none.
        guard line.utf8.contains(where: { $0 >= 48 && $0 <= 57 }) else { return false }
        if inAddressLine(line) != nil || afterTown(line) != nil { return true }
        // Only the last three words are read: only they are trimmed.
        let words = NameExtraction.words(line)
        guard words.count >= 2 else { return false }
        let last = Punctuation.trailing.trim(words[words.count - 1]), before = Punctuation.trailing.trim(words[words.count - 2])
        if EntityExtractor.usStates.contains(before), let zip = match(last), !isDistinctive(zip) || zip.utf8.contains(UInt8(ascii: "-")) { return true }
        if let code = match(before + " " + last), isDistinctive(code) { return true }
        // "Toronto ON  m5s 0a5": a Canadian code in any case after its province.
        if words.count >= 3, EntityExtractor.canadianProvinces.contains(Punctuation.trailing.trim(words[words.count - 3]).uppercased()),
            isCanadian(Array((before + " " + last).uppercased().utf8))
        {
            return true
        }
        return false
    }

    /// In a signature's address block, the digits after the town that end the line: four as New
    /// Zealand, Australia and others write them ("Wellington 6021", "23 Tui Street, Ōtaki 5512"),
    /// six as India and Singapore do ("Singapore 570214", "Gurugram, Haryana 122003", "Bengaluru -
    /// 560 034").
    static func afterTown(_ line: String) -> String? {
        // The line ends in a digit: a byte test before any splitting.
        guard let end = line.utf8.last, end >= 48 && end <= 57 else { return nil }
        var words = NameExtraction.words(line)
        func isDigits(_ word: Substring, _ count: Int) -> Bool { word.utf8.count == count && word.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard words.count >= 2, var last = words.last.map(String.init) else { return nil }
        if words.count >= 3, isDigits(words[words.count - 1], 3), isDigits(words[words.count - 2], 3) {
            last = words[words.count - 2] + last
            words.removeLast()
        }
        guard isDigits(Substring(last), 4) || isDigits(Substring(last), 6) else { return nil }
        var townIndex = words.count - 2
        if townIndex >= 1, ["-", "–"].contains(words[townIndex]) { townIndex -= 1 }
        let town = Punctuation.periodComma.trim(String(words[townIndex]))
        guard town.first?.isUppercase == true, town.count >= 3, town.allSatisfy({ $0.isLetter || $0 == "-" }),
            !EntityExtractor.otherNumberLabels.contains(town.lowercased()), !EntityExtractor.orderLabels.contains(town.lowercased()),
            !["box", "postfach", "since", "seit", "est", "mob", "mobile", "tel", "phone", "account", "konto", "kunde", "customer", "member"]
                .contains(town.lowercased())
        else { return nil }
        return last
    }

    /// UK and Canadian codes cannot be mistaken for anything else; bare 5-digit numbers can.
    static func isDistinctive(_ value: String) -> Bool {
        value.contains { $0.isLetter } || value.utf8.contains(UInt8(ascii: "-"))
    }
}

/// A whitespace-separated piece of a message, with its lower-cased word form and digits.
struct Token {
    /// "2024-25", "2023/2024": a financial or school year, never an order.
    static func isYearRange(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8).filter { $0 != UInt8(ascii: "#") && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: ".") }
        guard bytes.count == 7 || bytes.count == 9, bytes[4] == UInt8(ascii: "-") || bytes[4] == UInt8(ascii: "/"),
            bytes[0] == UInt8(ascii: "1") && bytes[1] == UInt8(ascii: "9") || bytes[0] == UInt8(ascii: "2") && bytes[1] == UInt8(ascii: "0")
        else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 4 || ($0.element >= 48 && $0.element <= 57) }
    }

    var raw: String
    /// Lower-cased, surrounding punctuation dropped (`"Order:"` → `"order"`).
    var word: String
    /// The digits of a number-like token (`"#000000604"` → `"000000604"`).
    var digits: String
    /// Whether it is a number written alone (optionally with `#` or trailing punctuation).
    var isNumberLike: Bool
    /// Whether the number is written with inner separators (`512-555-0100`, `1 234`), as phone
    /// numbers and prices are.
    var hasSeparators: Bool

    static func split(_ text: String) -> [Token] {
        // Commas separate too: "jane,jane@example.com,000000101" is three values.
        // Split on the bytes, no grapheme breaking: ASCII whitespace, commas and the no-break space
        // (C2 A0, which mail clients put between words); each piece is read byte by byte when it is
        // ASCII (most are) and through Unicode-aware String operations when it is not.
        let utf8 = text.utf8
        var tokens: [Token] = []
        var start = utf8.startIndex
        var index = start
        var pieceIsASCII = true
        func add(_ end: String.UTF8View.Index) {
            guard start != end else { return }
            let piece = text[start..<end]
            tokens.append(pieceIsASCII ? ascii(piece) : general(piece))
        }
        while index != utf8.endIndex {
            let byte = utf8[index]
            var separator = Punctuation.isSpace(byte) || byte == UInt8(ascii: ",") ? 1 : 0
            if byte == 0xC2, utf8.index(after: index) != utf8.endIndex, utf8[utf8.index(after: index)] == 0xA0 { separator = 2 }
            if separator > 0 {
                add(index)
                index = utf8.index(index, offsetBy: separator)
                start = index
                pieceIsASCII = true
                continue
            }
            if byte >= 0x80 { pieceIsASCII = false }
            index = utf8.index(after: index)
        }
        add(index)
        return tokens
    }

    /// The common case, byte by byte, read in place (a native string's bytes are contiguous): no
    /// array per token, only the Strings it keeps.
    static func ascii(_ piece: Substring) -> Token {
        piece.utf8.withContiguousStorageIfAvailable { ascii(piece, bytes: $0) } ?? Array(piece.utf8).withUnsafeBufferPointer { ascii(piece, bytes: $0) }
    }

    private static func ascii(_ piece: Substring, bytes: UnsafeBufferPointer<UInt8>) -> Token {
        func isWordEdge(_ byte: UInt8) -> Bool { Punctuation.wordEdges.bytes.contains(byte) }
        var start = 0
        var end = bytes.count
        while start < end, isWordEdge(bytes[start]) { start += 1 }
        while end > start, isWordEdge(bytes[end - 1]) { end -= 1 }
        var bodyStart = 0
        var bodyEnd = bytes.count
        while bodyStart < bodyEnd, Punctuation.leadingMarks.bytes.contains(bytes[bodyStart]) { bodyStart += 1 }
        while bodyEnd > bodyStart, Punctuation.trailingMarks.bytes.contains(bytes[bodyEnd - 1]) { bodyEnd -= 1 }
        var digitCount = 0
        var separatorsAreDashesOrDots = true
        var hasSeparators = false
        for byte in bytes[bodyStart..<bodyEnd] {
            if byte >= 48 && byte <= 57 {
                digitCount += 1
            } else {
                hasSeparators = true
                if byte != UInt8(ascii: "-") && byte != UInt8(ascii: ".") { separatorsAreDashesOrDots = false }
            }
        }
        let firstIsDigit = bodyStart < bodyEnd && bytes[bodyStart] >= 48 && bytes[bodyStart] <= 57
        let isNumberLike = digitCount > 0 && separatorsAreDashesOrDots && firstIsDigit
        let raw = String(piece)
        let word = start == end ? raw : String(unsafeUninitializedCapacity: end - start) { buffer in
            for (offset, byte) in bytes[start..<end].enumerated() { buffer[offset] = byte >= 65 && byte <= 90 ? byte + 32 : byte }
            return end - start
        }
        let digits = !isNumberLike ? "" : String(unsafeUninitializedCapacity: digitCount) { buffer in
            var count = 0
            for byte in bytes[bodyStart..<bodyEnd] where byte >= 48 && byte <= 57 {
                buffer[count] = byte
                count += 1
            }
            return count
        }
        return Token(raw: raw, word: word, digits: digits, isNumberLike: isNumberLike, hasSeparators: hasSeparators)
    }

    /// Anything with non-ASCII letters, through Unicode-aware String operations.
    static func general(_ piece: Substring) -> Token {
        let raw = String(piece)
        let word = Punctuation.wordEdges.trim(raw.lowercased())
        // A word with letters beyond ASCII and no digit ("Straße", "Grüße,") is no number: the
        // Character-by-Character reading below is for the rare "１２３" or "№ 100234567".
        // (ASCII has no numeric characters but its digits: only the others' properties are looked up.)
        if !piece.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }), !piece.unicodeScalars.contains(where: { !$0.isASCII && $0.properties.numericType != nil }) {
            return Token(raw: raw, word: word.isEmpty ? raw : word, digits: "", isNumberLike: false, hasSeparators: true)
        }
        var body = Substring(raw)
        while let first = body.first, Punctuation.leadingMarks.contains(first) { body = body.dropFirst() }
        while let last = body.last, Punctuation.trailingMarks.contains(last) { body = body.dropLast() }
        let digits = String(body.filter(\.isNumber))
        let separators = body.filter { !$0.isNumber }
        let isNumberLike = !digits.isEmpty && separators.allSatisfy { $0 == "-" || $0 == "." } && body.first?.isNumber == true
        return Token(
            raw: raw, word: word.isEmpty ? raw : word, digits: isNumberLike ? digits : "",
            isNumberLike: isNumberLike, hasSeparators: !separators.isEmpty)
    }
}

/// A compiled regular expression that can be shared across tasks (it is immutable once built).
struct CompiledPattern: @unchecked Sendable {
    let expression: NSRegularExpression

    init(_ expression: NSRegularExpression) { self.expression = expression }

    func firstMatch(in text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = expression.firstMatch(in: text, range: range) else { return nil }
        let group = match.numberOfRanges > 1 && match.range(at: 1).location != NSNotFound ? match.range(at: 1) : match.range
        guard let swiftRange = Range(group, in: text) else { return nil }
        return String(text[swiftRange].filter(\.isNumber))
    }
}
