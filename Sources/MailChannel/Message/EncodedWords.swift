/// RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?iso-8859-1?Q?F=FCr?=`): how non-ASCII text travels
/// in headers. Decoding joins adjacent words before converting, so a character a sender split
/// between two words survives; encoding writes `Q` words no longer than 75 characters and never
/// splits a character.
public enum EncodedWords {
    /// The text of a header value, every encoded word decoded. Whitespace between two adjacent
    /// encoded words is dropped (RFC 2047 §6.2); anything that merely looks like one stays as is.
    public static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        let bytes = Array(value.utf8)
        var output = ""
        var pending: (charset: String, bytes: [UInt8])?
        var literalStart = 0
        var index = 0
        func flushPending() {
            if let pending { output += Charset.decode(pending.bytes, label: pending.charset) }
            pending = nil
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?"),
                let word = encodedWord(bytes, at: index)
            {
                let literal = bytes[literalStart..<index]
                let onlySpace = literal.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
                if pending != nil, onlySpace {
                    // Adjacent words: the space between them is not text.
                    if pending!.charset.caseInsensitiveEquals(word.charset) {
                        pending!.bytes += word.bytes
                    } else {
                        flushPending()
                        pending = (word.charset, word.bytes)
                    }
                } else {
                    flushPending()
                    output += String(decoding: literal, as: UTF8.self)
                    pending = (word.charset, word.bytes)
                }
                index = word.end
                literalStart = index
                continue
            }
            index += 1
        }
        flushPending()
        output += String(decoding: bytes[literalStart...], as: UTF8.self)
        return output
    }

    /// The encoded word starting at `start`, its charset, decoded bytes and where it ends.
    static func encodedWord(_ bytes: [UInt8], at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        var index = start + 2
        let charsetStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "?") {
            if bytes[index] <= 0x20 { return nil }
            index += 1
        }
        guard index + 2 < bytes.count, index > charsetStart, bytes[index + 2] == UInt8(ascii: "?") else { return nil }
        var charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self)
        // RFC 2231 adds a language: "utf-8*de".
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let encoding = bytes[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = index + 3
        var end = textStart
        while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: "=")) {
            // An encoded word holds no whitespace; a space means this was not one.
            if bytes[end] == 0x20 || bytes[end] == 0x09 { return nil }
            end += 1
        }
        guard end + 1 < bytes.count else { return nil }
        let text = bytes[textStart..<end]
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            decoded = TransferEncoding.decodeBase64(text)
        } else {
            var qBytes: [UInt8] = []
            var position = text.startIndex
            while position < text.endIndex {
                let byte = text[position]
                if byte == UInt8(ascii: "_") {
                    qBytes.append(0x20)
                } else if byte == UInt8(ascii: "="), position + 2 < text.endIndex,
                    let high = TransferEncoding.hexValue(text[position + 1]), let low = TransferEncoding.hexValue(text[position + 2])
                {
                    qBytes.append(high << 4 | low)
                    position += 2
                } else {
                    qBytes.append(byte)
                }
                position += 1
            }
            decoded = qBytes
        }
        return (charset, decoded, end + 2)
    }

    /// Whether `text` can go into a header as it is.
    public static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// `text` as `Q`-encoded UTF-8 words, each at most 75 characters; the first `firstRoom`
    /// characters wide at most (what is left on the header's first line). The words are separated
    /// by a folding line break ("\n "), which decoders drop.
    public static func encode(_ text: String, firstRoom: Int = 75) -> String {
        let prefix = "=?utf-8?q?"
        let suffix = "?="
        let hex = Array("0123456789ABCDEF".utf8)
        var words: [String] = []
        var current: [UInt8] = []
        var room = max(firstRoom, prefix.count + suffix.count + 12) - prefix.count - suffix.count
        for character in text {
            var unit: [UInt8] = []
            for byte in String(character).utf8 {
                // The characters RFC 2047 §5 (3) allows in any header position; the rest encoded.
                let isSafe =
                    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "!*+-/".utf8.contains(byte)
                if byte == 0x20 {
                    unit.append(UInt8(ascii: "_"))
                } else if isSafe {
                    unit.append(byte)
                } else {
                    unit += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
            }
            if current.count + unit.count > room, !current.isEmpty {
                words.append(prefix + String(decoding: current, as: UTF8.self) + suffix)
                current = []
                room = 75 - prefix.count - suffix.count
            }
            current += unit
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + String(decoding: current, as: UTF8.self) + suffix) }
        return words.joined(separator: "\n ")
    }
}
