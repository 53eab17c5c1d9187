/// A `Content-Type` or `Content-Disposition` value (RFC 2045 §5.1): the type and its parameters,
/// quoted strings and comments understood, RFC 2231 continuations (`name*0*=`) joined.
///
/// ```swift
/// let type = ContentType(#"multipart/alternative; boundary="==b1=="; charset=UTF-8"#)
/// type.type         // "multipart/alternative"
/// type["boundary"]  // "==b1=="
/// ```
public struct ContentType: Sendable, Equatable {
    /// The type, lower-cased (`text/plain`); for a disposition, `inline` or `attachment`.
    public var type: String
    /// Parameters by lower-cased name.
    public var parameters: [String: String]

    /// What a part without a `Content-Type` is (RFC 2045 §5.2).
    public static let plainText = ContentType(type: "text/plain", parameters: [:])

    public init(type: String, parameters: [String: String]) {
        self.type = type
        self.parameters = parameters
    }

    public init(_ value: String) {
        var parts: [String] = []
        var current = ""
        var inQuote = false
        var commentDepth = 0
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if inQuote {
                if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuote = false
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "(":
                commentDepth += 1
            case ")" where commentDepth > 0:
                commentDepth -= 1
            case _ where commentDepth > 0:
                continue
            case "\"":
                inQuote = true
            case ";":
                parts.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        parts.append(current)
        type = parts[0].trimmingASCIIWhitespace().lowercased()
        var parameters: [String: String] = [:]
        var continued: [String: [(Int, String, Bool)]] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingASCIIWhitespace().lowercased()
            let value = part[part.index(after: equals)...].trimmingASCIIWhitespace()
            // RFC 2231: "name*0*=utf-8''J%C3%A4ne", "name*1=…", "name*=utf-8''…".
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let number = Int(rest.filter(\.isNumber)) ?? 0
                continued[base, default: []].append((number, value, encoded))
            } else {
                parameters[name] = value
            }
        }
        for (name, pieces) in continued where parameters[name] == nil {
            var bytes: [UInt8] = []
            var charset: String?
            for (index, piece) in pieces.sorted(by: { $0.0 < $1.0 }).enumerated() {
                var text = Substring(piece.1)
                if piece.2, index == 0 {
                    let fields = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if fields.count == 3 {
                        charset = String(fields[0])
                        text = fields[2]
                    }
                }
                bytes += piece.2 ? ContentType.percentDecoded(text) : Array(text.utf8)
            }
            parameters[name] = Charset.decode(bytes, label: charset)
        }
        self.parameters = parameters
    }

    public subscript(parameter: String) -> String? { parameters[parameter] }

    /// `text`, `multipart`, …
    public var mainType: String { String(type.prefix { $0 != "/" }) }
    /// `plain`, `alternative`, …
    public var subtype: String { type.firstIndex(of: "/").map { String(type[type.index(after: $0)...]) } ?? "" }

    static func percentDecoded(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count, let high = TransferEncoding.hexValue(utf8[index + 1]),
                let low = TransferEncoding.hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return bytes
    }
}
