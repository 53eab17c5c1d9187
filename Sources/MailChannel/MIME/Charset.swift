/// The character sets customers' mail arrives in, decoded to text without Foundation's encodings
/// (whose ISO-8859-15 and Windows-1252 support differs between platforms).
///
/// ISO-8859-1 is read as Windows-1252, as every mail client and browser does (WHATWG Encoding):
/// Outlook labels Windows-1252 text "iso-8859-1", and the C1 control codes the difference would
/// keep never occur in written text. A label nobody knows is read as UTF-8 when the bytes are
/// valid UTF-8, else as Windows-1252, so an unusual label never loses a customer's message.
///
/// ```swift
/// Charset(label: "ISO-8859-15")?.decode([0xA4])   // "€"
/// Charset(label: "cp1252")?.decode([0x80])        // "€"
/// ```
public enum Charset: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case usASCII = "us-ascii"
    case iso8859_1 = "iso-8859-1"
    case iso8859_15 = "iso-8859-15"
    case windows1252 = "windows-1252"

    /// The charset a MIME `charset` parameter names, or nil for one this table does not know.
    public init?(label: String) {
        var name = label.lowercased()
        name.removeAll { $0 == " " || $0 == "\"" }
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": self = .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "iso-ir-6", "cp367", "ibm367": self = .usASCII
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1", "iso-ir-100", "cp819", "ibm819",
            "iso88591", "csisolatin1":
            self = .iso8859_1
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9", "l9", "iso885915", "csisolatin9": self = .iso8859_15
        case "windows-1252", "cp1252", "x-cp1252", "win-1252", "ms-ansi", "windows1252": self = .windows1252
        default: return nil
        }
    }

    /// The text of `bytes`. Bytes that are not valid in the charset become U+FFFD, except that
    /// US-ASCII text carrying 8-bit bytes (a mislabelled message) is read as UTF-8 or Windows-1252.
    public func decode(_ bytes: some Collection<UInt8>) -> String {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .usASCII:
            return Charset.decodeUnlabelled(bytes)
        case .iso8859_1, .windows1252:
            return Charset.decodeSingleByte(bytes, high: Charset.windows1252High)
        case .iso8859_15:
            return Charset.decodeSingleByte(bytes, high: Charset.iso8859_15High)
        }
    }

    /// Text whose charset is unknown or missing: UTF-8 when valid, else Windows-1252.
    public static func decodeUnlabelled(_ bytes: some Collection<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return decodeSingleByte(bytes, high: windows1252High)
    }

    /// Decodes with a charset label as found in a message (`nil`: none given).
    public static func decode(_ bytes: some Collection<UInt8>, label: String?) -> String {
        guard let label, let charset = Charset(label: label) else { return decodeUnlabelled(bytes) }
        return charset.decode(bytes)
    }

    static func decodeSingleByte(_ bytes: some Collection<UInt8>, high: [Unicode.Scalar]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            scalars.append(byte < 0x80 ? Unicode.Scalar(byte) : high[Int(byte) - 0x80])
        }
        return String(scalars)
    }

    /// 0x80–0xFF in Windows-1252: 0x80–0x9F are its printable additions (the five bytes it leaves
    /// undefined keep their C1 code points, as WHATWG decodes them), 0xA0–0xFF are Latin-1.
    static let windows1252High: [Unicode.Scalar] = {
        let c1: [UInt32] = [
            0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
            0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
        ]
        return (c1 + (0xA0...0xFF).map { UInt32($0) }).map { Unicode.Scalar($0)! }
    }()

    /// 0x80–0xFF in ISO-8859-15: Latin-1 with eight places changed (the euro sign, Š š Ž ž Œ œ Ÿ).
    static let iso8859_15High: [Unicode.Scalar] = {
        var table = (0x80...0xFF).map { UInt32($0) }
        let changes: [Int: UInt32] = [0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178]
        for (byte, scalar) in changes { table[byte - 0x80] = scalar }
        return table.map { Unicode.Scalar($0)! }
    }()
}
