/// One node of a MIME message (RFC 2045/2046): its headers, its type, and either its body bytes
/// (still transfer-encoded) or, for a `multipart/*`, its parts.
///
/// ```swift
/// let part = MIMEPart(headers: headers, body: bodyBytes)
/// part.contentType.type        // "multipart/alternative"
/// part.parts[0].decodedText    // the text/plain alternative, as text
/// ```
public struct MIMEPart: Sendable {
    public var headers: HeaderFields
    public var contentType: ContentType
    /// The body as it arrived (transfer-encoded). Empty for a multipart, whose bytes are its parts.
    public var body: ArraySlice<UInt8>
    public var parts: [MIMEPart]

    /// Multipart nesting deeper than this is not opened: no client writes it, and a crafted
    /// message must not recurse without end.
    static let maximumDepth = 24

    public init(headers: HeaderFields, body: ArraySlice<UInt8>, depth: Int = 0) {
        self.headers = headers
        let type = headers["Content-Type"].map(ContentType.init) ?? .plainText
        // A type without a subtype ("text") is as good as none (RFC 2045 §5.2).
        self.contentType = type.type.contains("/") ? type : .plainText
        if contentType.mainType == "multipart", depth < MIMEPart.maximumDepth, let boundary = contentType["boundary"], !boundary.isEmpty {
            self.body = []
            self.parts = MIMEPart.split(body, boundary: Array(boundary.utf8)).compactMap { bytes in
                guard let (partHeaders, start) = HeaderFields.parse(bytes) else {
                    // A part whose first line is its body: no headers at all (RFC 2046 §5.1.1).
                    return MIMEPart(headers: HeaderFields(), body: MIMEPart.bodyWithoutLeadingBreak(bytes), depth: depth + 1)
                }
                return MIMEPart(headers: partHeaders, body: bytes[start...], depth: depth + 1)
            }
        } else {
            self.body = body
            self.parts = []
        }
    }

    /// A part with no headers starts with the empty line that separates them from the body.
    static func bodyWithoutLeadingBreak(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var bytes = bytes
        if bytes.first == 0x0D { bytes = bytes.dropFirst() }
        if bytes.first == 0x0A { bytes = bytes.dropFirst() }
        return bytes
    }

    /// The body with its transfer encoding undone.
    public var decodedBody: [UInt8] {
        TransferEncoding(header: headers["Content-Transfer-Encoding"]).decode(body)
    }

    /// The body as text, in the part's charset.
    public var decodedText: String {
        Charset.decode(decodedBody, label: contentType["charset"])
    }

    /// Whether the sender meant this part as a file to save rather than text to read: an
    /// `attachment` disposition, or a file name on a part that is not the message's text.
    public var isAttachment: Bool {
        let disposition = headers["Content-Disposition"].map(ContentType.init)
        if disposition?.type == "attachment" { return true }
        if disposition?.type == "inline" { return false }
        return disposition?["filename"] != nil || contentType["name"] != nil
    }

    /// The bodies between `--boundary` delimiter lines; the preamble and epilogue are left out.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex {
            let lineEnd = body[index...].firstIndex(of: 0x0A) ?? body.endIndex
            if isDelimiter(body[index..<lineEnd], boundary: boundary) {
                if let start = partStart {
                    // The line break before the delimiter belongs to the delimiter.
                    var end = index
                    if end > start, body[end - 1] == 0x0A { end -= 1 }
                    if end > start, body[end - 1] == 0x0D { end -= 1 }
                    parts.append(body[start..<end])
                }
                let line = body[index..<lineEnd]
                let afterBoundary = line.dropFirst(2 + boundary.count)
                if afterBoundary.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { return parts }
                partStart = lineEnd < body.endIndex ? lineEnd + 1 : body.endIndex
            }
            index = lineEnd < body.endIndex ? lineEnd + 1 : body.endIndex
        }
        // No closing delimiter (a truncated message): the last part runs to the end.
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }

    static func isDelimiter(_ line: ArraySlice<UInt8>, boundary: [UInt8]) -> Bool {
        guard line.count >= boundary.count + 2, line.first == UInt8(ascii: "-"), line[line.startIndex + 1] == UInt8(ascii: "-") else {
            return false
        }
        guard line.dropFirst(2).starts(with: boundary) else { return false }
        // After the boundary only "--" and transport padding may follow.
        return line.dropFirst(2 + boundary.count).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == UInt8(ascii: "-") }
    }
}
