/// How customers end a message ("Kind regards,", "Mit freundlichen Grüßen", "Thanks, Leo"): one
/// vocabulary serves cleaning a chat line, finding an email's signature and the sender's name.
enum Closing {
    /// Whole closings, lower-cased, without their trailing punctuation.
    static let phrases: Set<String> = [
        "thanks", "thank you", "thanks a lot", "thanks in advance", "many thanks", "many thanks in advance", "best", "best regards",
        "kind regards", "regards", "cheers", "cheers mate", "warm regards", "all the best", "sincerely", "yours sincerely", "br", "thx",
        "yours faithfully", "yours truly", "with regards", "with best regards", "with kind regards", "thanks and regards",
        "thanks & regards", "thanks and best regards", "regards and thanks",
        "ty", "ta", "merci", "cordialement",
        "mit freundlichen grüßen", "mit freundlichen grüssen", "mit freundlichen gruessen", "freundliche grüße", "freundliche grüsse",
        "mit besten grüßen", "mit besten grüssen", "viele grüße", "viele grüsse", "beste grüße", "liebe grüße", "liebe grüsse", "lg", "vg",
        "mfg", "gruß", "grüße", "grüsse", "gruss", "gruesse", "liebe gruesse", "viele gruesse", "beste gruesse", "freundliche gruesse",
        "danke", "vielen dank", "besten dank", "danke im voraus", "hochachtungsvoll", "herzlich", "herzlichst", "herzliche grüße",
        "herzliche grüsse", "schönen tag noch", "schönen tag", "einen schönen tag", "schönes wochenende", "schönen abend", "thanking you",
        "take care", "bye for now", "best wishes", "kind wishes", "warmest regards", "warm wishes",
        "merci vielmal", "merci vilmal", "merci vielmals", "danke vilmal", "merci viumau", "obrigada", "obrigado", "gracias", "grazie",
        "rgds", "kr", "brgds", "best rgds", "kind rgds", "regds",
    ]

    /// The first letters of `phrases`, upper or lower case alike: a quick no for most lines.
    static let phraseStarts = Set(phrases.compactMap { $0.utf8.first })

    /// Words a closing is made of, for closings not in `phrases` ("Thank you so much,", "Danke und
    /// Gruß", "Merci vielmal und freundliche Grüsse").
    static let words: Set<String> = [
        "thanks", "thank", "thx", "ty", "cheers", "regards", "best", "sincerely", "faithfully", "yours", "merci", "gruß", "grüße",
        "grüsse", "gruss", "gruesse", "grüßen", "grüssen", "gruessen", "danke", "dank", "lg", "vg", "mfg", "cordialement", "saludos",
        "ciao", "bye", "tschüss", "love", "respectfully", "wishes", "greetings", "grüßle", "servus", "baba", "adieu", "hochachtungsvoll",
        "ta", "warmly", "tschau", "grüßt", "grüsst", "gruesst", "mihi", "slán", "abrazos", "bises", "thanking", "herzlich", "herzliche",
        "herzlichen", "herzlichst", "obrigada", "obrigado", "gracias", "grazie", "dziękuję", "tack", "takk", "kiitos", "shukran",
        "teşekkürler", "dankjewel", "bedankt", "rgds", "brgds", "regds", "bussi", "bussis", "busserl", "xoxo", "hugs",
    ]

    /// A closing phrase on its own ("Best regards," / "Thanks!").
    static func isPhrase(_ line: Substring) -> Bool {
        // The longest phrase and some punctuation: most lines of an email are longer and skip the lower-casing.
        guard line.utf8.count <= 32, let first = line.utf8.first else { return false }
        // An ASCII first letter that begins no phrase: no lower-casing needed to say no.
        if first < 0x80, !phraseStarts.contains(first >= 0x41 && first <= 0x5A ? first | 0x20 : first) { return false }
        var words = line.lowercased()
        while let last = words.last, ",.!- ".contains(last) { words.removeLast() }
        return phrases.contains(words)
    }

    /// A closing on a line of its own: at most six words, one of them a closing word, not a
    /// question nor a sentence ending in a full stop, and followed only by a short line (the name)
    /// or nothing — "Thanks for the info." in the middle of an email is not one.
    static func isLine(_ line: Substring, followedBy next: Substring?) -> Bool {
        if isPhrase(line) { return true }
        guard line.utf8.count <= 60, !line.utf8.contains(UInt8(ascii: "?")), !line.hasSuffix("."), !line.hasSuffix(":") else { return false }
        // Words as lower-cased bytes, split on what is not a letter (bytes of non-ASCII letters count as letters).
        let lineWords = line.utf8.split(whereSeparator: { !Array.isLetter($0) }).map { word in
            let lower = String(decoding: word.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
            return word.contains(where: { $0 >= 0x80 }) ? lower.lowercased() : lower
        }
        // A short line ending in a comma above a name is a closing in any words ("Nice one,", "Ngā mihi,",
        // "Go raibh maith agat,"): that is where letters are signed.
        if line.hasSuffix(","), (1...5).contains(lineWords.count), let next, NameExtraction.signatureName(String(next.trimmingWhitespace())) != nil {
            return true
        }
        guard (1...6).contains(lineWords.count), lineWords.contains(where: words.contains) else { return false }
        guard let next else { return true }
        // "Sabine Kaltenbach (Tochter von Ingrid Kaltenbach)": a remark in brackets is not counted.
        let name = next.firstIndex(of: "(").map { next[..<$0] } ?? next
        return NameExtraction.words(String(name)).count <= 5 && !next.utf8.contains(UInt8(ascii: "?"))
    }

    /// Closings that only ever sign a message off (not "thanks" or "danke", which a reply such as
    /// "danke, super" also begins): in a message written without capitals, the one or two lower-case
    /// words after one are the sender's name ("… umgezogen. lg yvonne").
    static let signOffs: Set<String> = [
        "lg", "vg", "mfg", "gruß", "grüße", "grüsse", "gruss", "gruesse", "liebe grüße", "liebe grüsse", "liebe gruesse", "viele grüße",
        "viele grüsse", "viele gruesse", "beste grüße", "beste grüsse", "regards", "kind regards", "best regards", "br",
    ]

    /// "Thanks, Leo" / "Cheers - Mark" / "Gruß Jens" / "LG Anna": a closing and the sender's name on one line.
    /// `lowerCaseMessage`: the message has no capitals, so a name after a sign-off may have none either
    /// (asked only when a sign-off stands before lower-case words).
    static func withName(_ line: Substring, lowerCaseMessage: @autoclosure () -> Bool = false) -> (closing: String, name: String)? {
        guard line.utf8.count <= 48, let first = line.utf8.first, phraseStarts.contains(first | 0x20), !line.utf8.contains(UInt8(ascii: "?"))
        else { return nil }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        guard words.count >= 2, words.count <= 5 else { return nil }
        for cut in stride(from: min(3, words.count - 1), through: 1, by: -1) {
            let head = words[..<cut].joined(separator: " ")
            guard isPhrase(Substring(head)) else { continue }
            var rest = Array(words[cut...])
            if rest.first == "-" || rest.first == "–" { rest.removeFirst() }
            // "Gruß T. Brandl": an initial may open the name.
            let initial = rest.count >= 2 && rest[0].utf8.count == 2 && rest[0].last == "." && rest[0].first?.isUppercase == true
            let capitalised = rest.dropFirst(initial ? 1 : 0).allSatisfy { $0.first?.isUppercase == true }
            guard (1...3).contains(rest.count),
                rest.dropFirst(initial ? 1 : 0).allSatisfy({ word in
                    // "Best Regards": a closing of two words is no name after its first.
                    NameExtraction.isNameWord(String(word)) && !Closing.words.contains(word.lowercased())
                        && (word.first?.isUppercase == true || NameExtraction.mayBeLowerCaseName(String(word)))
                }),
                capitalised || rest.count <= 2 && signOffs.contains(head.lowercased()) && lowerCaseMessage()
            else { return nil }
            return (head, rest.joined(separator: " "))
        }
        return nil
    }
}
