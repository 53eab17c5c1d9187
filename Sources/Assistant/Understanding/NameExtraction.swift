import Foundation

/// Finding the asker's name, by the ways people give it in support messages: "my name is …",
/// "it's chloe zhang", "this is … speaking", "… here", "name: …", a name opening the message before
/// a comma, a bare name when one was asked for, or a signature after a closing ("Thanks,\nJane
/// Doe") — and never the agent being greeted ("Hi Sarah,").
enum NameExtraction {
    /// Words that never belong to a name: what follows "it's" or "I'm" in a sentence that gives none.
    static let notNames: Set<String> = [
        "a", "an", "the", "and", "or", "but", "not", "no", "yes", "so", "just", "still", "also", "very", "really", "been", "being",
        "is", "was", "are", "am", "be", "have", "has", "had", "do", "does", "did", "will", "would", "can", "could", "should",
        "my", "your", "our", "their", "his", "her", "its", "it", "this", "that", "these", "those", "there", "here", "me", "you",
        "i", "we", "they", "he", "she", "to", "for", "of", "on", "in", "at", "by", "with", "from", "about", "into", "over",
        "after", "before", "since", "until", "again", "now", "today", "tomorrow", "yesterday", "week", "weeks", "day", "days",
        "month", "order", "orders", "package", "parcel", "delivery", "item", "items", "refund", "account", "email", "address",
        "number", "id", "phone", "looking", "trying", "waiting", "writing", "calling", "asking", "wondering", "sorry", "sure",
        "fine", "ok", "okay", "good", "great", "thanks", "thank", "please", "hello", "hi", "hey", "dear", "regarding", "re",
        "urgent", "late", "missing", "lost", "broken", "wrong", "happy", "unhappy", "angry", "confused", "interested",
        "going", "getting", "having", "doing", "done", "ready", "available", "possible", "impossible", "time", "what", "when",
        "where", "why", "how", "who", "which", "all", "any", "some", "none", "one", "two", "customer", "support", "team",
        "ich", "bin", "mein", "meine", "name", "heiße", "und", "die", "der", "das", "nicht", "bitte", "danke", "hallo",
        "already", "gone", "home", "never", "always", "most", "away", "back", "off", "only", "usually", "currently", "abroad",
        "travelling", "traveling", "moving", "leaving", "stuck", "worried", "disappointed", "pleased", "glad", "aware", "unable",
        "able", "out", "up", "down", "around", "outside", "inside", "afraid", "free", "busy", "new", "old", "based", "btw", "pls",
        "plz", "lol", "tho", "though", "too", "fyi", "asap", "thx", "everyone", "everybody", "folks", "guys", "leute", "alle", "euch",
        "zusammen", "mitenand", "mine", "yours", "ours", "hers", "theirs",
    ]
    static let greetings: Set<String> = [
        "hi", "hello", "hey", "dear", "hallo", "good", "morning", "evening", "afternoon", "greetings", "guten", "grüß", "gruss",
        "grüezi", "grüessech", "grüessgott", "griaß", "griass", "gruezi", "hoi", "sali", "servus", "moin", "liebe", "lieber", "liebes", "sehr", "hola", "bonjour", "salut", "tag", "morgen", "abend",
    ]
    /// Words after which a name may follow; a message with none of them, no comma, one line and no
    /// name asked for cannot give a name, and is not looked at further (this runs on every message).
    static let introductions = ["name", "i'm", "im ", "it's", "its ", "it’s", "i’m", "i am", "this is", "here", "heiße", "heisse", "heiss", "ich bin", "hier", "ich bins", "ordered as", "registered as", "als"]
    /// `introductions` as whole words ("hier", not "hiermit"; "here", not "hereby"), except "name",
    /// which also begins "names", "namen" and "name's".
    static let introductionWords = NeedleSet(introductions.filter { $0 != "name" }.map { $0.trimmingCharacters(in: .whitespaces) })
    static let nameWord = NeedleSet(["name"])
    /// Every word `introduced` reads (the rest are blanked before its rules run): introductions, the
    /// words before them, and articles after "ich bin".
    static let introducingWords: Set<String> = notPersonNameLabels.union([
        "name", "name's", "heiße", "heisse", "heiss", "is", "ist", "names", "i'm", "it's", "its", "im", "under", "namen", "as",
        "here", "hier", "bins", "bin", "ich", "my", "mein", "account", "the", "ordered", "registered", "booked", "dem", "den",
        "meinen", "meinem", "bestellt", "this", "am", "i", "als",
    ])
    /// The first bytes of `introducingWords`: a byte test spares the others' lower-casing.
    static let introducingStarts = Set(introducingWords.compactMap(\.utf8.first))

    static func find(in text: String, awaiting: Slot?) -> String? {
        found(in: text, awaiting: awaiting).map(withoutTitle)
    }

    /// "Herr Kaiser" → "Kaiser", "Dr. Helga Sommer" → "Helga Sommer": the name without a form of address.
    static func withoutTitle(_ name: String) -> String {
        var words = name.split(separator: " ")
        while words.count > 1, titles.contains(words[0].lowercased()) { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// "…, bis wann? Mit freundlichen Grüßen, Renate Schubert": a one-line message signed after a closing.
    static func signedAfterClosing(_ text: String) -> String? {
        // Bytes, from the end: most messages have no comma near their end, or no closing before it.
        let utf8 = text.utf8
        guard let comma = utf8.lastIndex(of: UInt8(ascii: ",")) else { return nil }
        var start = comma
        while start > utf8.startIndex {
            let before = utf8[utf8.index(before: start)]
            if before == UInt8(ascii: ".") || before == UInt8(ascii: "!") || before == UInt8(ascii: "?") || before == 0x0A { break }
            start = utf8.index(before: start)
            // The longest closing phrase is shorter than this.
            if utf8.distance(from: start, to: comma) > 40 { return nil }
        }
        guard Closing.isPhrase(Substring(utf8[start..<comma]).trimmingWhitespace()) else { return nil }
        return signatureName(String(Substring(utf8[utf8.index(after: comma)...]).trimmingWhitespace()))
    }

    /// A one-line message signed at its end: "…? Mit freundlichen Grüßen, Dr. Renate Schubert",
    /// "… Bestellung 100053306. Lg Johanna Pichler", "…? Reto Baumgartner, 8004 Zürich",
    /// "… — Lena Fischer, order 100095530", "… PLZ 22527, Frieda Lorenz".
    static func trailingSignature(_ text: String) -> String? {
        if let signed = signedAfterClosing(text) { return signed }
        let bytes = Array(text.utf8)
        // Where the last sentence starts: after ". ", "? ", "! ", a line break or a dash between spaces.
        var start = 0
        var index = bytes.count - 2
        while index > 0 {
            let byte = bytes[index]
            let spaceAfter = bytes[index + 1] == 0x20
            // After ". " only when a capital follows: "Bestellnr. 100602377" is one sentence.
            let capitalAfter = index + 2 < bytes.count && (bytes[index + 2] >= 0x41 && bytes[index + 2] <= 0x5A || bytes[index + 2] >= 0xC3)
            if spaceAfter, byte == UInt8(ascii: ".") && capitalAfter || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "-") && bytes[index - 1] == 0x20
                || (byte == 0x93 || byte == 0x94) && index >= 2 && bytes[index - 1] == 0x80 && bytes[index - 2] == 0xE2
                || byte == 0x0A
            {
                start = index + 1
                break
            }
            index -= 1
        }
        // "… schon bestellt. lg Anna Huber": a closing after the last full stop, whatever its case
        // ("… umgezogen. lg yvonne" in a message without capitals).
        if let stop = bytes.lastIndex(of: UInt8(ascii: ".")), stop > start, stop + 2 < bytes.count, bytes[stop + 1] == 0x20,
            let (_, name) = Closing.withName(
                Substring(String(decoding: bytes[(stop + 2)...], as: UTF8.self)), lowerCaseMessage: !bytes.contains { $0 >= 0x41 && $0 <= 0x5A })
        {
            return withoutTitle(name)
        }
        guard start > 0 else { return signedAfterComma(text) }
        let segment = String(decoding: bytes[start...], as: UTF8.self)
        let parts = segment.split(separator: ",").map { $0.trimmingWhitespace() }
        guard let first = parts.first, !first.isEmpty else { return nil }
        // "Lg Johanna Pichler", "Gruß Jens"
        if let (_, name) = Closing.withName(first) { return withoutTitle(name) }
        // "… Order 100067786. Mark Hensley": a full name as the last sentence signs the message.
        if parts.count == 1 {
            guard let name = signatureName(String(first)), name.utf8.contains(0x20) else { return nil }
            return name
        }
        // "…, Auftrag 000011297, Grüße Franz Huber": the closing after the last comma.
        if let last = parts.last, let (_, name) = Closing.withName(last) { return withoutTitle(name) }
        if parts.dropFirst().allSatisfy(isContact), let name = signatureName(String(first)), name.utf8.contains(0x20) { return name }
        if let last = parts.last, isContact(parts[parts.count - 2]), let name = signatureName(String(last)), name.utf8.contains(0x20) { return name }
        // "…? Bstellnr. 000052064, Urs Gähwiler, 8004 Züri": one full name among contact details.
        let named = parts.filter { !isContact($0) }
        if named.count == 1, let name = signatureName(String(named[0])), name.utf8.contains(0x20) { return name }
        return nil
    }

    /// A part of a message that holds contact details: a postcode and town, an order number, an email.
    static func isContact(_ part: Substring) -> Bool { part.utf8.contains { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "@") } }

    /// "need a list of everything i bought for expenses, Tom Bradley, SW9 8LG": a message of one
    /// sentence signed with a full name after a comma, with nothing but contact details after it.
    static func signedAfterComma(_ text: String) -> String? {
        // Bytes first: most messages have no comma, or nothing capitalised after their last one.
        guard let comma = text.utf8.lastIndex(of: UInt8(ascii: ",")),
            text.utf8[comma...].contains(where: { ($0 >= 0x41 && $0 <= 0x5A) || $0 >= 0xC3 || ($0 >= 48 && $0 <= 57) })
        else { return nil }
        let parts = text.split(separator: ",").map { $0.trimmingWhitespace() }
        guard parts.count >= 2, words(String(parts[0])).count >= 3 else { return nil }
        var index = parts.count - 1
        while index > 0, isContact(parts[index]) { index -= 1 }
        guard index > 0, let name = signatureName(String(parts[index])), name.utf8.contains(0x20) else { return nil }
        return name
    }

    static func found(in text: String, awaiting: Slot?) -> String? {
        // One pass over the bytes (ASCII lower-cased): this runs on every message.
        var lower: [UInt8] = []
        lower.reserveCapacity(text.utf8.count)
        var multiline = false
        // "Jane Doe, …": a capitalised opening of at most three words before the first comma.
        var openingComma = false
        var sawComma = false
        var spacesBeforeComma = 0
        var firstLetter: UInt8?
        for byte in text.utf8 {
            if byte == 0x0A || byte == 0x0D { multiline = true }
            if !sawComma {
                if byte == UInt8(ascii: ",") {
                    sawComma = true
                    openingComma = spacesBeforeComma <= 3 && (firstLetter.map { ($0 >= 0x41 && $0 <= 0x5A) || $0 >= 0x80 } ?? false)
                } else if byte == 0x20 {
                    if firstLetter != nil { spacesBeforeComma += 1 }
                } else if firstLetter == nil {
                    firstLetter = byte
                }
            }
            lower.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
        }
        let introduces = lower.containsAny(introductionWords, atWordStart: true, atWordEnd: true) || lower.containsAny(nameWord, atWordStart: true)
        guard introduces || multiline || openingComma || awaiting == .name else { return trailingSignature(text) }
        let lines = multiline ? nonEmptyLines(text) : [String(text.trimmingWhitespace())].filter { !$0.isEmpty }
        guard let first = lines.first else { return nil }
        if introduces, let introduced = introduced(in: lines.joined(separator: " ")) { return introduced }
        if let opening = openingBeforeComma(first) { return opening }
        if !multiline, let signed = trailingSignature(first) { return signed }
        if multiline, let signed = signature(lines) ?? addressBlockName(lines) { return signed }
        if awaiting == .name, lines.count == 1, let bare = bareName(first) { return bare }
        return nil
    }

    /// The text's lines, trimmed, without the empty ones.
    static func nonEmptyLines(_ text: String) -> [String] {
        EmailReading.lines(text).map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
    }

    /// Words before "name:" that label something other than a person ("Business name: Saltbush Pty").
    static let notPersonNameLabels: Set<String> = [
        "business", "company", "firm", "trading", "store", "shop", "product", "item", "account", "user", "file", "brand", "street", "site",
        "firmen", "firma", "produkt", "artikel", "benutzer", "shop-", "datei",
    ]

    /// Whether `text` gives a name in so many words ("my name is …", "Jane Doe, …", "ich bin …"),
    /// which outweighs a name found by shape alone (a signature, an address block).
    static func isStated(in text: String) -> Bool {
        let lines = nonEmptyLines(text)
        guard let first = lines.first else { return false }
        return introduced(in: lines.joined(separator: " "), asTheirOwn: true) != nil || openingBeforeComma(first) != nil
    }

    /// Nouns that follow "ich bin (der/die)" and are not names.
    static let germanNouns: Set<String> = [
        "kunde", "kundin", "mutter", "vater", "frau", "mann", "besteller", "bestellerin", "empfänger", "empfängerin", "inhaber",
        "inhaberin", "chef", "chefin", "neukunde", "neukundin", "stammkunde", "stammkundin", "käufer", "käuferin",
    ]

    /// Nouns that make a line of capitalised words a company's name ("Harlow Group", "Studio Lumen").
    static let companyNouns: Set<String> = [
        "group", "studio", "studios", "partners", "digital", "solutions", "services", "consulting", "agency", "associates", "holdings",
        "logistics", "systems", "media", "labs", "enterprises", "industries", "ventures", "design", "interiors", "builders", "joinery",
        "roofing", "plumbing", "electrical", "construction", "landscaping", "bakery", "café", "cafe", "restaurant", "clinic", "practice",
        "surgery", "pharmacy", "school", "academy", "university", "foundation", "trust", "council", "club", "verein", "praxis", "kanzlei",
        "büro", "buero", "werkstatt", "handel", "bau", "technik", "haustechnik", "messebau", "verlag", "apotheke", "schule",
        "elektro", "elektrik", "sanitär", "heizung", "holzbau", "metallbau", "druckerei", "gartenbau", "dachdecker", "malerbetrieb",
        "trading", "supplies", "imports", "exports", "wholesale", "farm", "farms", "kitchen", "kitchens", "gallery", "florist",
        "floristry",
    ]

    /// Words that make a line a street's name ("Quay Street", "Orchard Way", "Lindenallee"); not
    /// "Lane" or "Hill", which are surnames too.
    static let streetWords: Set<String> = [
        "street", "st", "road", "rd", "avenue", "ave", "way", "close", "drive", "court", "crescent", "place", "square", "terrace",
        "gardens", "quay", "row", "boulevard", "blvd", "straße", "strasse", "str", "weg", "gasse", "platz", "allee", "damm", "ufer",
    ]

    /// Legal forms that end a company's name.
    static let companyForms: Set<String> = ["ltd", "gmbh", "inc", "llc", "pty", "plc", "corp", "limited", "mbh", "ug", "kg", "ag", "sarl", "gbr", "e.u", "e.k", "ohg", "bv", "srl"]

    /// A run of `minimum` (default two) to three name words at the start of `words`, as written.
    static func nameRun(_ words: ArraySlice<Substring>, capitalized: Bool, minimum: Int = 2) -> String? {
        var taken: [Substring] = []
        var particle = false
        for (offset, word) in words.enumerated() {
            let clean = cleaned(word, lowercased: false, edges: Punctuation.nameEdges)
            // "Jan de Vries": a particle between capitalised name words.
            // "Anneke van der Berg": particles in a row before the capitalised word.
            if capitalized, !taken.isEmpty, particles.contains(clean),
                let next = words.dropFirst(offset + 1).first(where: { !particles.contains(cleaned($0, lowercased: false, edges: Punctuation.nameEdges)) }),
                next.first?.isUppercase == true
            {
                taken.append(Substring(clean))
                particle = true
                continue
            }
            // Lower-case runs ("it's already gone") must not read like verbs.
            // … nor hold an apostrophe ("if it's mine that's fine").
            let verbLike = !capitalized && (clean.hasSuffix("ing") || clean.hasSuffix("ed") || clean.contains("'") || clean.contains("’"))
            // "it's Fenwick Joinery Ltd": a company, not a person.
            if companyForms.contains(clean.lowercased()) { return nil }
            guard isNameWord(clean), !notNames.contains(clean.lowercased()), !capitalized || clean.first?.isUppercase == true, !verbLike else { break }
            taken.append(Substring(clean))
            if taken.count == (particle ? 4 : 3) || word.last.map({ ",.;:!?".contains($0) }) == true { break }
        }
        guard (minimum...(particle ? 4 : 3)).contains(taken.count) else { return nil }
        return taken.joined(separator: " ")
    }

    static func isNameWord(_ word: String) -> Bool {
        word.count >= 2 && word.first?.isLetter == true && word.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" }
    }

    /// A word without its surrounding punctuation, typographic apostrophes made plain; ASCII words
    /// byte by byte (this runs on many messages), others through Foundation.
    static func cleaned(_ word: Substring, lowercased: Bool, edges: Punctuation.Edges = Punctuation.nameWordEdges) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(word.utf8)
            while let first = bytes.first, edges.bytes.contains(first) { bytes.removeFirst() }
            while let last = bytes.last, edges.bytes.contains(last) { bytes.removeLast() }
            if lowercased { bytes = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } }
            return String(decoding: bytes, as: UTF8.self)
        }
        let text = edges.trim(lowercased ? word.lowercased() : String(word))
        return text.unicodeScalars.contains("\u{2019}") ? text.replacingOccurrences(of: "’", with: "'") : text
    }

    /// The words of a text, split on its whitespace bytes and no-break spaces (no grapheme breaking:
    /// ASCII spaces are always boundaries between characters written in UTF-8).
    static func words(_ text: String) -> [Substring] {
        var words: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            var width = 0
            if Punctuation.isSpace(byte) {
                width = 1
            } else if byte == 0xC2, utf8.index(after: index) != utf8.endIndex, utf8[utf8.index(after: index)] == 0xA0 {
                width = 2
            }
            if width > 0 {
                if start != index { words.append(text[start..<index]) }
                index = utf8.index(index, offsetBy: width)
                start = index
                continue
            }
            index = utf8.index(after: index)
        }
        if start != index { words.append(text[start..<index]) }
        return words
    }

    /// "my name is albert sanders", "my name's …", "name: …", "I'm …", "it's …", "this is … speaking",
    /// "… here", "ich heiße …", "mein Name ist …".
    /// With `asTheirOwn`, only the sender's own ("my name is", "ich bin"), not whose name an account
    /// or order is under ("auf den Namen Renate Vogl bestellt" may be a relative's).
    static func introduced(in text: String, asTheirOwn: Bool = false) -> String? {
        let words = words(text)
        // Only words that can introduce a name or stand before one ("my name is", "this is") are
        // cleaned; the rest cannot match below, and skipping them saves an allocation per word.
        let lower = words.map { word -> String in
            guard word.utf8.count <= 10, let first = word.utf8.first(where: { $0 >= 0x41 }), introducingStarts.contains(first | 0x20) else {
                return ""
            }
            let clean = cleaned(word, lowercased: true)
            return introducingWords.contains(clean) ? clean : ""
        }
        // Whether the text is German, asked only when an "im" needs it.
        var isGerman: Bool?
        // A message written with capitals (beyond "I" and sentence starts) writes names with them too:
        // "it's already gone out" names nobody.
        // Asked only by the rules that need it.
        var capitals: Bool?
        func usesCapitals() -> Bool {
            if let capitals { return capitals }
            let found = words.indices.contains { index in
                index > 0 && words[index].first?.isUppercase == true && words[index] != "I" && !words[index].hasPrefix("I'")
                    && !words[index].hasPrefix("I’") && !(words[index - 1].last.map { ".!?".contains($0) } ?? false)
            }
            capitals = found
            return found
        }
        for index in lower.indices {
            let rest = words[(index + 1)...]
            switch lower[index] {
            case "name" where words[index].hasSuffix(":") && !(index > 0 && notPersonNameLabels.contains(lower[index - 1])), "name's":
                if let name = nameRun(rest, capitalized: false) { return name }
            case "name" where (index == 0 || words[index - 1].last.map { ",.!?".contains($0) } == true) && !usesCapitals():
                // "is meine bestellung schon unterwegs? name lukas hartmann, plz 50667": a label without its colon.
                if let name = nameRun(rest, capitalized: false) { return name }
            case "heiße", "heisse", "heiss":
                // "ich heiße seit letztem Sommer Kessler": lower-case words are a name only in a message without capitals.
                let rest = rest.drop { ["übrigens", "uebrigens", "eigentlich", "ja", "jetzt"].contains($0.lowercased()) }
                if let name = nameRun(rest, capitalized: true, minimum: 1) ?? (usesCapitals() ? nil : nameRun(rest, capitalized: false)) { return name }
            case "is" where afterMyName(lower, index), "ist" where afterMyName(lower, index):
                if let name = nameRun(rest, capitalized: false) { return name }
            case "is" where index >= 1 && lower[index - 1] == "name", "ist" where index >= 1 && lower[index - 1] == "name", "names":
                // "Name ist Petra Hollmann", "names Kieran Doyle": capitalised only.
                if let name = nameRun(rest, capitalized: true) { return name }
            case "i'm", "it's":
                if let name = nameRun(rest, capitalized: usesCapitals()) { return name }
            case "am" where index >= 1 && lower[index - 1] == "i":
                // "I am Kenji Watanabe": capitalised, two words at least.
                if let name = nameRun(rest, capitalized: true) { return name }
            case "als" where !asTheirOwn && words[max(0, index - 3)..<min(words.count, index + 5)].contains(where: {
                ["bestellt", "registriert", "angemeldet"].contains(cleaned($0, lowercased: true))
            }):
                // "Bestellt hat sie als Helga Rothkirch", "Oma hat als Erna Kluge bestellt"
                if let name = nameRun(rest, capitalized: true) { return name }
            case "its":
                // Without the apostrophe: only capitalised names.
                if let name = nameRun(rest, capitalized: true) { return name }
            case "im" where !(isGerman ?? { isGerman = LocaleDetection.detect(text, available: ["en", "de"]) == "de"; return isGerman! }()):
                // "im Jane Doe", but German "im Paketzentrum Nürnberg" ("in the") names nobody.
                if let name = nameRun(rest, capitalized: true) { return name }
            case "under" where !asTheirOwn && index >= 1 && ["its", "it's", "is", "ordered", "account", "registered", "booked"].contains(lower[index - 1]):
                // "its under Gail Thornton", "ordered under Rosa Diaz": capitalised only.
                if let name = nameRun(rest, capitalized: true) { return name }
            case "name" where !asTheirOwn && index >= 1 && (["account", "the", "under"].contains(lower[index - 1]) || words[index - 1].hasSuffix(",")),
                "namen" where !asTheirOwn && index >= 1 && ["dem", "den", "meinen", "meinem"].contains(lower[index - 1]),
                "as" where !asTheirOwn && index >= 1 && ["ordered", "registered", "bestellt"].contains(lower[index - 1]):
                // "account name Siobhan Kelly", "under the name Fiona Kerr", "ordered as Hamid Rahimi",
                // in a message without capitals "auf den namen jonas wiebke".
                if let name = nameRun(rest, capitalized: true) ?? (usesCapitals() ? nil : nameRun(rest, capitalized: false)) { return name }
            case "is" where index >= 1 && lower[index - 1] == "this":
                if let name = nameRun(rest, capitalized: true) { return name }
            case "here", "hier":
                // "Jane Doe here" / "Moin, Kemal Arslan hier": the capitalised words just before (a
                // German one may give a first name alone), opening the message or a sentence of it.
                var first = index
                while first > 0, index - first < 3, let previous = words[first - 1].last, previous.isLetter,
                    words[first - 1].first?.isUppercase == true
                {
                    first -= 1
                }
                let opensSentence = first == 0 || words[first - 1].last.map { ",.!:".contains($0) } == true
                // "hi, Sophie here": after a greeting, a first name alone is one in English too.
                let greeted = first > 0 && greetings.contains(cleaned(words[first - 1], lowercased: true))
                let minimum = lower[index] == "hier" || greeted ? 1 : 2
                if opensSentence, index - first >= minimum, let name = nameRun(words[first..<index], capitalized: true, minimum: minimum),
                    name.split(separator: " ").count == index - first
                {
                    return name
                }
            case "ist" where index >= 1 && lower[index - 1] == "hier":
                // "hier ist Maria Keller"
                if let name = nameRun(rest, capitalized: true, minimum: 1) { return name }
            case "bins" where index >= 1 && lower[index - 1] == "ich":
                // "ich bins (nochmal), Jana Weiß"
                let after = rest.drop { ["nochmal", "nochmal,", "wieder", "wieder,", "es", "es,"].contains($0.lowercased()) }
                if let name = nameRun(after, capitalized: true) { return name }
            case "bin" where index >= 1 && lower[index - 1] == "ich":
                // "Ich bin Maria Keller", "ich bin der Thomas": German capitalises nouns too, so a name
                // must be capitalised and, without an article, two words ("Ich bin Kundin seit …" is none).
                var after = rest
                let article = after.first.map { ["der", "die"].contains($0.lowercased()) } ?? false
                if article { after = after.dropFirst() }
                if let name = nameRun(after, capitalized: true, minimum: article ? 1 : 2), !germanNouns.contains(name.lowercased()) { return name }
            default: continue
            }
        }
        return nil
    }

    /// "Crystal Minh, I don't know my account ID…": a capitalized name before the first comma —
    /// unless it is a greeting to the agent ("Hi Sarah,").
    static func openingBeforeComma(_ line: String) -> String? {
        guard let comma = line.firstIndex(of: ",") else { return nil }
        let head = line[..<comma].split(whereSeparator: \.isWhitespace)
        guard (2...3).contains(head.count), let firstWord = head.first, !greetings.contains(firstWord.lowercased()) else { return nil }
        guard let name = nameRun(head[...], capitalized: true), name.split(separator: " ").count == head.count else { return nil }
        return name
    }

    /// A name on the line after a closing such as "Thanks," or "Best regards,".
    static func signature(_ lines: [String]) -> String? {
        for (index, line) in lines.enumerated() where index + 1 < lines.count {
            guard Closing.isPhrase(Substring(line)) else { continue }
            let next = lines[index + 1].split(whereSeparator: \.isWhitespace)
            if let name = nameRun(next[...], capitalized: true), name.split(separator: " ").count == next.count { return name }
        }
        return nil
    }

    /// Roles people sign with instead of a name ("Senior Event Producer", "Owner", "Buchhaltung").
    static let roles: Set<String> = [
        "owner", "coach", "manager", "producer", "director", "coordinator", "assistant", "secretary", "treasurer", "chairman",
        "chairwoman", "chairperson", "president", "founder", "ceo", "cfo", "coo", "purchasing", "procurement", "accountant", "bookkeeper",
        "buyer", "nurse", "teacher", "editor", "admin", "administrator", "receptionist", "officer", "senior", "junior", "operations",
        "finance", "facilities", "reception", "headteacher", "principal", "caretaker", "volunteer", "vicar", "pastor", "captain",
        "buchhaltung", "einkauf", "verwaltung", "sekretariat", "geschäftsführer", "geschäftsführerin", "geschaeftsfuehrer", "inhaber",
        "inhaberin", "leitung", "kassenwart", "kassenwartin", "vorstand", "vorsitzender", "vorsitzende", "kassierer", "kassiererin",
        "schriftführer", "schriftführerin", "trainer", "trainerin", "hausverwaltung", "personal", "empfang", "team",
        // Relations people sign with ("Linas Mama", "Oliver's Nana").
        "mama", "papa", "mum", "mom", "dad", "nana", "grandma", "grandpa", "granny", "oma", "opa", "mutter", "vater", "tochter",
        "sohn", "mami", "mutti", "vati",
    ]

    /// Words a signature's first line may hold that are not a person's name.
    static let notSignatureNames: Set<String> = [
        "team", "support", "service", "customer", "kundenservice", "kundendienst", "sent", "gesendet", "von", "from", "ltd", "gmbh",
        "inc", "llc", "ag", "co", "kg", "office", "sales", "accounts", "management", "mobile", "phone", "tel", "email", "mail",
        "thanks", "danke", "regards", "grüße", "gruß", "cheers", "best", "p.s", "ps",
        // Days, months and season's wishes, which a message may end with ("Frohe Weihnachten", "Ordered Monday").
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag", "dienstag", "mittwoch", "donnerstag",
        "freitag", "samstag", "sonntag", "january", "february", "march", "april", "june", "july", "august", "september", "october",
        "november", "december", "januar", "februar", "märz", "juni", "juli", "oktober", "dezember", "frohe", "frohes", "schöne",
        "schönes", "schönen", "gute", "guten", "weihnachten", "ostern", "feiertage", "wochenende", "happy", "merry", "christmas",
        "holidays", "weekend", "easter", "cheerio", "asap", "urgently", "help", "hilfe", "dringend",
    ]
    static let titles: Set<String> = [
        "dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "herr", "frau", "mag.", "dipl.-ing.", "attn:", "attn", "attn.",
        "c/o", "z.hd.", "fao:", "fao", "med.", "dent.", "vet.", "rer.", "nat.", "phil.", "jur.", "dipl.", "ing.", "mag", "di", "dkfm.", "mmag.",
    ]

    /// The sender's name as the first line of a signature block: one to three capitalised name words
    /// ("Maria Keller", "Leo", "Dr. Anna Berger" → "Anna Berger"), nothing else on the line.
    static func signatureName(_ line: String) -> String? {
        // "Dave Ackroyd (Director)", "Rachel (accounts)", "Sabine Kaltenbach (Tochter von Ingrid
        // Kaltenbach)": a remark in brackets after the name is a role or a relation, not the name.
        var line = Substring(line)
        if line.hasSuffix(")"), let open = line.firstIndex(of: "("), open > line.startIndex {
            line = line[..<open].trimmingWhitespace()
        }
        var words = Self.words(String(line))
        // "👀 Heike Lüders": marks before the name are not part of it.
        while let first = words.first, words.count > 1, !first.contains(where: { $0.isLetter || $0.isNumber }) { words.removeFirst() }
        // "Oliver's Nana", "Senior Event Producer", "Buchhaltung": someone's relation or role, no name.
        if words.contains(where: { $0.hasSuffix("'s") || $0.hasSuffix("’s") || roles.contains($0.lowercased()) }) { return nil }
        // "MOR", "RB": initials sign a message but name nobody.
        if words.count == 1, (2...3).contains(words[0].utf8.count), words[0].utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) { return nil }
        // "Harlow Group", "Studio Lumen", "Greyline Partners": a company's name, not a person's;
        // "Quay Street, Galway": an address.
        if words.count > 1, words.contains(where: { companyNouns.contains($0.lowercased()) }) { return nil }
        if words.count > 1, words.dropFirst().contains(where: { streetWords.contains(Punctuation.periodComma.trim(String($0)).lowercased()) }) {
            return nil
        }
        while let first = words.first, titles.contains(first.lowercased()) || first == "-" || first == "–" || first == "—" { words.removeFirst() }
        // "i. A. Melanie Voss", "ppa. Jens Ohlsen": signing on someone's behalf.
        if words.count > 2, words[0].lowercased() == "i.", ["a.", "v."].contains(words[1].lowercased()) { words.removeFirst(2) }
        while let first = words.first, words.count > 1, ["i.a.", "i.v.", "ppa.", "pp.", "p.p.", "i.a", "ppa"].contains(first.lowercased()) { words.removeFirst() }
        // Letters after a name ("Siobhán Kearney MISCP", "Tom Reid CPA", "Fiona Ashcombe BVSc", "Ana Ruiz PhD"):
        // after two words, a short word of capitals, or with at least as many capitals as small letters.
        // "Huber Elektrotechnik GmbH" is a company, whatever letters end it.
        if words.count > 1, words.contains(where: { companyForms.contains(Punctuation.periodComma.trim(String($0)).lowercased()) }) { return nil }
        while words.count > 2, let last = words.last, isPostNominal(last) || titles.contains(last.lowercased().filter { $0 != "(" && $0 != ")" }) {
            words.removeLast()
        }
        guard (1...4).contains(words.count) else { return nil }
        var taken: [String] = []
        for (index, word) in words.enumerated() {
            let clean = cleaned(word, lowercased: false, edges: Punctuation.nameEdges)
            let lower = clean.lowercased()
            // An initial ("D. Kowalczyk") or a particle inside a name ("Jan de Vries").
            if index == 0, words.count > 1, word.count == 2, word.last == ".", word.first?.isUppercase == true {
                taken.append(String(word))
                continue
            }
            if index > 0, index < words.count - 1, particles.contains(clean) {
                taken.append(clean)
                continue
            }
            guard isNameWord(clean), clean.first?.isUppercase == true, !notNames.contains(lower), !notSignatureNames.contains(lower),
                !Closing.phrases.contains(lower), !Closing.words.contains(lower), !greetings.contains(lower)
            else { return nil }
            taken.append(clean)
        }
        guard taken.count <= 3 || taken.contains(where: particles.contains) else { return nil }
        return taken.joined(separator: " ")
    }

    /// The full name whose first name signs a message: "Finn" → "Finn Hansen" when the text holds
    /// "Finn Hansen" (an address block, "z. Hd. Finn Hansen").
    static func fullName(startingWith first: String, in text: String) -> String? {
        guard first.first?.isUppercase == true else { return nil }
        let words = Self.words(text)
        for index in words.indices.dropLast() where cleaned(words[index], lowercased: false, edges: Punctuation.nameEdges) == first {
            let last = cleaned(words[index + 1], lowercased: false, edges: Punctuation.nameEdges)
            let lower = last.lowercased()
            guard isNameWord(last), last.first?.isUppercase == true, !notNames.contains(lower), !notSignatureNames.contains(lower),
                !companyNouns.contains(lower), !companyForms.contains(lower), !words[index].hasSuffix(",")
            else { continue }
            return first + " " + last
        }
        return nil
    }

    /// "lukas brenner, l.brenner@example.de": two words beside each other that the address's local
    /// part spells ("first.last", "f.last", "first_last", "firstlast", "flast") are the sender's
    /// name, as written, in whatever case.
    static func spelled(by email: String, in text: String) -> String? {
        guard let at = email.firstIndex(of: "@") else { return nil }
        let local = email[..<at]
        let pieces = local.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" }).map(String.init)
        guard (1...2).contains(pieces.count), pieces.allSatisfy({ $0.allSatisfy(\.isLetter) }) else { return nil }
        let words = Self.words(text).map { cleaned($0, lowercased: false, edges: Punctuation.nameEdges) }
        for index in words.indices.dropLast() {
            let (first, last) = (words[index], words[index + 1])
            guard isNameWord(first), isNameWord(last), first.count >= 2, last.count >= 3 else { continue }
            let (lowerFirst, lowerLast) = (first.lowercased(), last.lowercased())
            guard !notNames.contains(lowerFirst), !notNames.contains(lowerLast) else { continue }
            let spells =
                pieces.count == 2
                ? pieces[1] == lowerLast && (pieces[0] == lowerFirst || pieces[0].count == 1 && lowerFirst.hasPrefix(pieces[0]))
                : pieces[0] == lowerFirst + lowerLast || lowerFirst.first.map { pieces[0] == String($0) + lowerLast } == true
            if spells { return first + " " + last }
        }
        return nil
    }

    /// Degrees and memberships after a name: "MRCVS", "B.Sc.", "BVSc", "PhD", "MEng" (but not "McKay").
    static func isPostNominal(_ word: Substring) -> Bool {
        guard (2...7).contains(word.utf8.count), word.utf8.first.map({ $0 >= 0x41 && $0 <= 0x5A }) == true else { return false }
        var capitals = 0, small = 0
        for byte in word.utf8 {
            if byte >= 0x41 && byte <= 0x5A { capitals += 1 } else if byte >= 0x61 && byte <= 0x7A { small += 1 } else if byte != UInt8(ascii: ".") { return false }
        }
        return capitals >= 2 && capitals >= small
    }

    /// A signature's first line that holds more than the name: "Anja Lind | Senior Designer | Fernleaf",
    /// "Florian Steiner, 6020 Innsbruck"; and, right under a closing, a first name in lower case ("danke\nmarc").
    static func signatureLineName(_ line: String, afterClosing: Bool) -> String? {
        for separator in [" | ", " · ", " – ", " - ", ", "] {
            guard let range = line.range(of: separator) else { continue }
            if let name = signatureName(String(line[..<range.lowerBound])) { return name }
        }
        guard afterClosing, !line.contains(" "), isNameWord(line), line.utf8.count <= 12, mayBeLowerCaseName(line), !roles.contains(line.lowercased())
        else { return nil }
        return line
    }

    /// Whether a lower-case word may be someone's first name: no common word, greeting or closing.
    static func mayBeLowerCaseName(_ word: String) -> Bool {
        !notNames.contains(word) && !greetings.contains(word) && !Closing.words.contains(word)
    }

    /// Words inside names ("Jan de Vries", "Ursula von der Leyen", "Niamh Ó Briain").
    static let particles: Set<String> = ["de", "van", "von", "der", "den", "zu", "di", "da", "la", "le", "du", "del", "dos", "ten", "ter", "Ó", "Ní", "Nic", "Ua", "Mac"]

    /// An address written out ("Bitte liefern an:\nAnna Lindqvist\nKirchenweg 3\nCH-8400 Winterthur"):
    /// the name line above a street line and a postcode-and-town line.
    static func addressBlockName(_ lines: [String]) -> String? {
        // Each line is tested as the block's second and as its third line: once is enough.
        var endsAddress = [Bool?](repeating: nil, count: lines.count)
        func endsAddressAt(_ index: Int) -> Bool {
            if let known = endsAddress[index] { return known }
            let ends = PostcodeShape.endsAddress(lines[index])
            endsAddress[index] = ends
            return ends
        }
        for index in lines.indices where index + 2 < lines.count {
            guard lines[index + 1].utf8.contains(where: { $0 >= 48 && $0 <= 57 }), endsAddressAt(index + 2) || endsAddressAt(index + 1)
            else { continue }
            if let name = signatureName(lines[index]) { return name }
        }
        return nil
    }

    /// Whether `index` follows "my name" / "mein Name".
    static func afterMyName(_ lower: [String], _ index: Int) -> Bool {
        index >= 2 && ["name", "namen"].contains(lower[index - 1]) && ["my", "mein"].contains(lower[index - 2])
    }

    /// A message that is only a name, given when a name was asked: "Sanya Afzal", "sure, it's Joyce Wu".
    static func bareName(_ line: String) -> String? {
        var words = line.split(whereSeparator: \.isWhitespace)
        while let first = words.first, ["sure", "sure,", "yes", "yes,", "ok", "ok,"].contains(first.lowercased()) { words.removeFirst() }
        guard (2...4).contains(words.count) else { return nil }
        guard let name = nameRun(words[...], capitalized: true) ?? nameRun(words[...], capitalized: false),
            name.split(separator: " ").count == words.count
        else { return nil }
        return name
    }
}
