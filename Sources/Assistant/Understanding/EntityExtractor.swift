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

    public init(orderNumberPattern: String? = nil) throws {
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
    /// answer ("78701") count as what was asked.
    public func extract(_ text: String, awaiting: Slot? = nil) -> ExtractedEntities {
        var entities = ExtractedEntities()
        // An order number has six digits or more, a postcode two (UK "M1 1AE") or more, an email an
        // "@": most chat messages have none of these, and skip the token rules entirely.
        var digitCount = 0
        var hasAt = false
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { digitCount += 1 } else if byte == UInt8(ascii: "@") { hasAt = true }
        }
        guard digitCount >= 2 || hasAt || customPattern != nil else {
            entities.name = NameExtraction.find(in: text, awaiting: awaiting)
            return entities
        }
        let tokens = Token.split(text)
        if hasAt { entities.email = email(in: tokens) }
        if digitCount >= 6 || customPattern != nil { entities.orderNumber = orderNumber(in: text, tokens: tokens, awaiting: awaiting) }
        if digitCount >= 2 { entities.postcode = postcode(in: text, tokens: tokens, awaiting: awaiting, orderNumber: entities.orderNumber) }
        entities.name = NameExtraction.find(in: text, awaiting: awaiting)
        return entities
    }

    // MARK: Email

    func email(in tokens: [Token]) -> String? {
        for token in tokens where token.raw.contains("@") {
            let trim = Punctuation.emailEdges
            var candidate = trim.trim(token.raw.lowercased())
            if candidate.hasPrefix("mailto:") { candidate.removeFirst("mailto:".count) }
            candidate = trim.trim(candidate)
            if let lastAt = candidate.lastIndex(of: "@") {
                let local = candidate[..<lastAt]
                let domain = candidate[candidate.index(after: lastAt)...]
                let tld = domain.split(separator: ".").last ?? ""
                if !local.isEmpty, domain.contains("."), tld.count >= 2, tld.allSatisfy(\.isLetter),
                    !domain.hasPrefix("."), !domain.contains(".."), local.allSatisfy(EntityExtractor.isEmailCharacter)
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
    ]
    /// Order labels that outweigh an earlier label of another kind of number.
    static let specificOrderLabels: Set<String> = ["order", "orders", "#", "ref", "reference", "bestellung", "bestellnummer", "commande"]
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
        "usps", "awb", "waybill",
    ]

    func orderNumber(in text: String, tokens: [Token], awaiting: Slot?) -> String? {
        if let customPattern {
            return customPattern.firstMatch(in: text)
        }
        for (index, token) in tokens.enumerated() {
            let digits = token.digits
            guard !digits.isEmpty, token.isNumberLike else { continue }
            let previous = tokens[max(0, index - 3)..<index].map(\.word)
            // "customer number is 123456789", "Rechnungsnummer 100200300": labelled as something else,
            // unless an order label comes after that label ("phone me about order 100234").
            if !token.raw.hasPrefix("#"), let other = previous.lastIndex(where: { EntityExtractor.otherNumberLabels.contains($0) }),
                !previous[(other + 1)...].contains(where: { EntityExtractor.specificOrderLabels.contains($0) })
            {
                continue
            }
            let labelledOrder = token.raw.hasPrefix("#") || previous.contains { EntityExtractor.orderLabels.contains($0) }
            if (9...10).contains(digits.count) && !token.hasSeparators { return digits }
            if (6...10).contains(digits.count) && labelledOrder { return digits }
            if awaiting == .orderNumber && tokens.count <= 3 && (6...10).contains(digits.count) { return digits }
        }
        return nil
    }

    // MARK: Postcode

    static let postcodeLabels: Set<String> = ["zip", "zipcode", "postcode", "plz", "postleitzahl", "postal"]
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
        // After a US state code: "Austin, TX 78701", "Monterey, WA 97444-1234".
        for (index, token) in tokens.enumerated().dropFirst() where (2...3).contains(token.raw.utf8.count) {
            let state = Punctuation.periodComma.trim(token.raw)
            guard EntityExtractor.usStates.contains(state), index + 1 < tokens.count else { continue }
            let candidate = Punctuation.trailing.trim(tokens[index + 1].raw)
            if let match = PostcodeShape.match(candidate), !PostcodeShape.isDistinctive(match) || match.contains("-"), match != orderNumber {
                return match
            }
        }
        // A UK postcode written as one ("London NW1 6XE"): its shape is mistaken for nothing else.
        for index in tokens.indices.dropLast() {
            // Byte checks first: an outward code has a digit, and both halves are short.
            let outwardBytes = tokens[index].raw.utf8, inwardBytes = tokens[index + 1].raw.utf8
            guard outwardBytes.count <= 8, (3...6).contains(inwardBytes.count), outwardBytes.contains(where: { $0 >= 48 && $0 <= 57 })
            else { continue }
            let outward = Punctuation.outwardEdges.trim(tokens[index].raw),
                inward = Punctuation.inwardEdges.trim(tokens[index + 1].raw)
            guard (2...4).contains(outward.utf8.count), inward.utf8.count == 3, outward.first?.isUppercase == true,
                inward.last?.isUppercase == true, outward.contains(where: \.isNumber)
            else { continue }
            if let match = PostcodeShape.match(outward + " " + inward), PostcodeShape.isDistinctive(match) { return match }
        }
        // A short answer that gives a bare 5-digit or ZIP+4 value: "sure, it's 33186".
        if tokens.count <= 12 {
            for (index, token) in tokens.enumerated() where ["it's", "its", "it’s", "is"].contains(token.word) && index + 1 < tokens.count {
                let candidate = Punctuation.trailing.trim(tokens[index + 1].raw)
                let labelledOther = tokens[max(0, index - 2)..<index].contains { EntityExtractor.otherNumberLabels.contains($0.word) || EntityExtractor.orderLabels.contains($0.word) }
                if !labelledOther, let match = PostcodeShape.match(candidate), match != orderNumber { return match }
            }
        }
        // Labelled: "zip 78701", "postcode SW1A 1AA", "78701 is my zip code".
        for (index, token) in tokens.enumerated() where EntityExtractor.postcodeLabels.contains(token.word) || token.word == "code" {
            let after = tokens[(index + 1)...].prefix(4).map { $0.raw.uppercased() }
            for start in after.indices {
                for length in stride(from: min(2, after.count - start), through: 1, by: -1) {
                    let candidate = Punctuation.trailing.trim(after[start..<(start + length)].joined(separator: " "))
                    if let match = PostcodeShape.match(candidate), match != orderNumber { return match }
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

    /// UK and Canadian codes cannot be mistaken for anything else; bare 5-digit numbers can.
    static func isDistinctive(_ value: String) -> Bool {
        value.contains { $0.isLetter } || value.contains("-")
    }
}

/// A whitespace-separated piece of a message, with its lower-cased word form and digits.
struct Token {
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
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map { piece in
                piece.utf8.allSatisfy { $0 < 0x80 } ? ascii(piece) : general(piece)
            }
        }
        // ASCII (most messages): split on the bytes, no grapheme breaking.
        var tokens: [Token] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if Punctuation.isSpace(byte) || byte == UInt8(ascii: ",") {
                if start != index { tokens.append(ascii(text[start..<index])) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != index { tokens.append(ascii(text[start..<index])) }
        return tokens
    }

    /// The common case, byte by byte.
    static func ascii(_ piece: Substring) -> Token {
        let bytes = Array(piece.utf8)
        func isWordEdge(_ byte: UInt8) -> Bool { Punctuation.wordEdges.bytes.contains(byte) }
        var start = 0
        var end = bytes.count
        while start < end, isWordEdge(bytes[start]) { start += 1 }
        while end > start, isWordEdge(bytes[end - 1]) { end -= 1 }
        let lowered = bytes[start..<end].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        var bodyStart = 0
        var bodyEnd = bytes.count
        while bodyStart < bodyEnd, Punctuation.leadingMarks.bytes.contains(bytes[bodyStart]) { bodyStart += 1 }
        while bodyEnd > bodyStart, Punctuation.trailingMarks.bytes.contains(bytes[bodyEnd - 1]) { bodyEnd -= 1 }
        var digits: [UInt8] = []
        var separatorsAreDashesOrDots = true
        var hasSeparators = false
        for byte in bytes[bodyStart..<bodyEnd] {
            if byte >= 48 && byte <= 57 {
                digits.append(byte)
            } else {
                hasSeparators = true
                if byte != UInt8(ascii: "-") && byte != UInt8(ascii: ".") { separatorsAreDashesOrDots = false }
            }
        }
        let firstIsDigit = bodyStart < bodyEnd && bytes[bodyStart] >= 48 && bytes[bodyStart] <= 57
        let isNumberLike = !digits.isEmpty && separatorsAreDashesOrDots && firstIsDigit
        let raw = String(piece)
        return Token(
            raw: raw, word: lowered.isEmpty ? raw : String(decoding: lowered, as: UTF8.self),
            digits: isNumberLike ? String(decoding: digits, as: UTF8.self) : "", isNumberLike: isNumberLike, hasSeparators: hasSeparators)
    }

    /// Anything with non-ASCII letters, through Unicode-aware String operations.
    static func general(_ piece: Substring) -> Token {
        let raw = String(piece)
        let word = raw.lowercased().trimmingCharacters(in: Punctuation.wordEdges.characters)
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
