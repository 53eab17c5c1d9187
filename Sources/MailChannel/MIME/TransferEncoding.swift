/// `Content-Transfer-Encoding` (RFC 2045): how a part's bytes were made safe for mail, undone
/// leniently the way mail clients do (a stray character is skipped, not a reason to lose the text),
/// and quoted-printable made for the replies.
public enum TransferEncoding: String, Sendable {
    case sevenBit = "7bit"
    case eightBit = "8bit"
    case binary
    case quotedPrintable = "quoted-printable"
    case base64

    /// The encoding a header names; anything unknown (`x-uuencode`) is read as it stands.
    public init(header: String?) {
        guard let header else {
            self = .sevenBit
            return
        }
        self = TransferEncoding(rawValue: header.trimmingASCIIWhitespace().lowercased()) ?? .sevenBit
    }

    public func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        switch self {
        case .sevenBit, .eightBit, .binary: return Array(bytes)
        case .quotedPrintable: return TransferEncoding.decodeQuotedPrintable(bytes)
        case .base64: return TransferEncoding.decodeBase64(bytes)
        }
    }

    // MARK: Base64

    static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        // The URL-safe alphabet, which a few gateways use in encoded words.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Base64 with line breaks and anything outside the alphabet skipped; stops at the padding.
    public static func decodeBase64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var count = 0
        for byte in bytes {
            if byte == UInt8(ascii: "=") { break }
            let value = base64Values[Int(byte)]
            if value == 0xFF { continue }
            accumulator = accumulator << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                count = 0
            }
        }
        if count == 2 {
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        } else if count == 3 {
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        }
        return output
    }

    // MARK: Quoted-printable

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// Quoted-printable: `=XX` is a byte, `=` at a line's end joins it to the next, trailing
    /// whitespace on a line is padding a gateway added. A malformed `=` stays as it is.
    public static func decodeQuotedPrintable(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        // Trailing whitespace is stripped back to here at most: the line's start, or the last byte
        // written as =XX (an encoded space is text, a literal one padding).
        var lineStart = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                // A soft line break: "=", optional trailing whitespace, then CRLF or LF.
                var look = index + 1
                while look < input.count, input[look] == 0x20 || input[look] == 0x09 { look += 1 }
                if look == input.count {
                    index = look
                    continue
                }
                if input[look] == 0x0D || input[look] == 0x0A {
                    if input[look] == 0x0D, look + 1 < input.count, input[look + 1] == 0x0A { look += 1 }
                    index = look + 1
                    lineStart = output.count
                    continue
                }
                if index + 2 < input.count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    lineStart = output.count
                    continue
                }
                output.append(byte)
                index += 1
            } else if byte == 0x0D || byte == 0x0A {
                // A hard line break: trailing whitespace before it was transport padding.
                while output.count > lineStart, output.last == 0x20 || output.last == 0x09 { output.removeLast() }
                output.append(byte)
                index += 1
                lineStart = output.count
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Quoted-printable text for a body (RFC 2045 §6.7): lines of at most 76 characters, soft
    /// breaks between them, `=`, 8-bit bytes and line-end whitespace encoded, a multi-byte
    /// character never split across lines. Line breaks are written as `\n`.
    public static func encodeQuotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { output.append(0x0A) }
            var column = 0
            // Encoded units: one character's bytes, each plain or =XX.
            var position = line.startIndex
            while position < line.endIndex {
                let next = line.index(after: position)
                let isLast = next == line.endIndex
                var unit: [UInt8] = []
                for byte in line[position..<next].utf8 {
                    let plain = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast)
                    if plain {
                        unit.append(byte)
                    } else {
                        unit += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                    }
                }
                // 75 leaves room for the soft break's "=".
                if column + unit.count > 75 {
                    output += [UInt8(ascii: "="), 0x0A]
                    column = 0
                }
                output += unit
                column += unit.count
                position = next
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs, CR and LF (ASCII only: header syntax).
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
