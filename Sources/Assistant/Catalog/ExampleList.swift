/// An intent file's `examples:` list read without Yams: the one part of intents/ large enough to
/// cost milliseconds on every start (~6,000 scalars, most of the files' bytes, each a Yams node).
///
/// Only the plainest shape is read: a line `examples:` at the top level followed by one item per
/// line at one indentation, each a plain scalar or a one-line double-quoted scalar with the escapes
/// `\"`, `\\`, `\/`, `\n` and `\t`. Anything else — a comment or blank line inside the list, a
/// single-quoted, multi-line or flow item, another escape, a control character, a second
/// `examples` key — and `read` gives nil: Yams reads the whole file, as it always did. So a file
/// this reader accepts reads exactly as Yams reads it (`ExampleListTests` holds it to every
/// shipped file), and a file with a mistake is reported by Yams, file and line, as before.
struct ExampleList: Equatable {
    /// The list's items, as Yams reads them.
    var examples: [String]
    /// The file's text with the list taken out: the key line reads `examples: []` and each item's
    /// line is empty, so every other node keeps its line for error messages.
    var remainder: String
    /// The line of `examples:`, counted from 1 as Yams counts (where `examples: []` then stands).
    var line: Int

    static func read(_ text: String) -> ExampleList? {
        let bytes = Array(text.utf8)
        // CR line ends, a byte-order mark, directives and document markers: Yams' to read.
        guard !bytes.contains(0x0D), !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return nil }
        let lines = Self.lines(bytes)
        var keyLine: Int?
        for (number, line) in lines.enumerated() {
            guard let first = line.first else { continue }
            if first == UInt8(ascii: "%") || line.starts(with: Self.documentStart) || line.starts(with: Self.documentEnd) { return nil }
            guard line.starts(with: Self.key) else { continue }
            // One `examples:` line with nothing after the colon but spaces, and no other key beginning so.
            guard keyLine == nil, line[(line.startIndex + Self.key.count)...].allSatisfy({ $0 == 0x20 }) else { return nil }
            keyLine = number
        }
        guard let keyLine else { return nil }
        var examples: [String] = []
        var indent: Int?
        var end = keyLine + 1
        while end < lines.count {
            let line = lines[end]
            // The next top-level key ends the list, and so do blank lines before one (or before the end).
            if let first = line.first, first != 0x20, first != UInt8(ascii: "-"), first != UInt8(ascii: "#") { break }
            if line.allSatisfy({ $0 == 0x20 }) {
                let next = lines[end...].first { !$0.allSatisfy({ $0 == 0x20 }) }
                guard let first = next?.first else { break }
                guard first != 0x20, first != UInt8(ascii: "-"), first != UInt8(ascii: "#") else { return nil }
                break
            }
            let spaces = line.prefix { $0 == 0x20 }.count
            guard indent == nil || spaces == indent, line[line.startIndex + spaces] == UInt8(ascii: "-") else { return nil }
            indent = spaces
            let afterDash = line[(line.startIndex + spaces + 1)...]
            guard afterDash.first == 0x20, let example = item(afterDash.drop { $0 == 0x20 }) else { return nil }
            examples.append(example)
            end += 1
        }
        guard !examples.isEmpty else { return nil }
        var remainder: [UInt8] = []
        remainder.reserveCapacity(bytes.count - (lines[end - 1].endIndex - lines[keyLine].startIndex) + 12)
        remainder += bytes[..<lines[keyLine].startIndex]
        remainder += Self.key + Array(" []".utf8)
        remainder += repeatElement(0x0A, count: end - keyLine - 1)
        remainder += bytes[lines[end - 1].endIndex...]
        return ExampleList(examples: examples, remainder: String(decoding: remainder, as: UTF8.self), line: keyLine + 1)
    }

    static let key = Array("examples:".utf8)
    static let documentStart = Array("---".utf8)
    static let documentEnd = Array("...".utf8)

    /// The lines of `bytes` (LF only), without their line feeds.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    }

    /// One item's text, or nil when it is not one of the shapes read here or holds nothing but
    /// spaces (which `YAMLDocument.strings` reports, with its line).
    static func item(_ text: ArraySlice<UInt8>) -> String? {
        guard let value = scalar(text), value.utf8.contains(where: { !Punctuation.isSpace($0) }) else { return nil }
        return value
    }

    static func scalar(_ text: ArraySlice<UInt8>) -> String? {
        // Trailing spaces are not part of a plain scalar, and may follow a quoted one.
        var text = text
        while text.last == 0x20 { text = text.dropLast() }
        guard let first = text.first, isPlainLine(text) else { return nil }
        if first == UInt8(ascii: "\"") { return doubleQuoted(text.dropFirst()) }
        // A plain scalar: not opening with an indicator, and with no ": " or " #" (a mapping, a comment).
        guard !indicators.contains(first), text.last != UInt8(ascii: ":") else { return nil }
        var previous: UInt8 = 0
        for byte in text {
            if previous == UInt8(ascii: ":") && byte == 0x20 || previous == 0x20 && byte == UInt8(ascii: "#") { return nil }
            previous = byte
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Bytes that open something other than a plain scalar.
    static let indicators = Set("-?:,[]{}#&*!|>'\"%@`".utf8)

    /// The rest of a one-line double-quoted scalar after its opening quote: its closing quote must end the line.
    static func doubleQuoted(_ text: ArraySlice<UInt8>) -> String? {
        // Most items have no escape: their text is the bytes between the quotes.
        guard let stop = text.firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return nil }
        if text[stop] == UInt8(ascii: "\"") { return stop == text.endIndex - 1 ? String(decoding: text[..<stop], as: UTF8.self) : nil }
        var value: [UInt8] = []
        value.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") {
                return index == text.endIndex - 1 ? String(decoding: value, as: UTF8.self) : nil
            }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < text.endIndex else { return nil }
                switch text[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): value.append(text[index])
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "t"): value.append(0x09)
                default: return nil
                }
            } else {
                value.append(byte)
            }
            index += 1
        }
        return nil
    }

    /// Text as YAML reads it on one line: no control characters (tab included, to keep to the
    /// plainest shape), no C1 control or NEL, no byte-order mark or non-character, no Unicode line
    /// or paragraph separator (line breaks to YAML). A rejected item only means Yams reads the file.
    static func isPlainLine(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte < 0x20 || byte == 0x7F { return false }
            guard byte >= 0xC2 else {
                index += 1
                continue
            }
            let next = index + 1 < text.endIndex ? text[index + 1] : 0
            let third = index + 2 < text.endIndex ? text[index + 2] : 0
            if byte == 0xC2, next >= 0x80, next <= 0x9F { return false }
            if byte == 0xE2, next == 0x80, third == 0xA8 || third == 0xA9 { return false }
            if byte == 0xEF, next == 0xBB && third == 0xBF || next == 0xBF && third >= 0xBE { return false }
            index += 1
        }
        return true
    }
}
