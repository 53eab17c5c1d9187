/// A message's or a MIME part's header fields (RFC 5322 §2.2), in their order, with folded lines
/// joined. Names compare case-insensitively; values are kept raw (encoded words undecoded), since
/// which header may hold encoded words is the reader's business.
///
/// Bytes outside ASCII in a header are read as UTF-8 (RFC 6532) when valid, else as Windows-1252
/// (old clients wrote raw Latin-1 names).
public struct HeaderFields: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) { self.fields = fields }

    /// The first field called `name`, unfolded, with surrounding whitespace trimmed.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every field called `name`, top first.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Reads header lines from `bytes` up to the first empty line. Returns the fields and where the
    /// body starts (after that empty line; `bytes.endIndex` when there is none). Returns nil when
    /// the first line is not a header field, the sign that this is not a message at all.
    /// `envelope`: skip an mbox "From " line in front (only a whole message can have one).
    static func parse(_ bytes: ArraySlice<UInt8>, envelope: Bool = false) -> (HeaderFields, bodyStart: Int)? {
        var fields: [Field] = []
        var index = bytes.startIndex
        var current: (name: String, value: [UInt8])?
        func finish() {
            if let current {
                let text = Charset.decodeUnlabelled(current.value)
                fields.append(Field(name: current.name, value: text.trimmingASCIIWhitespace()))
            }
            current = nil
        }
        // An mbox "From " envelope line some MDAs (procmail) keep in front of the headers.
        if envelope, bytes.count > 5, bytes.prefix(5).elementsEqual("From ".utf8) {
            index = bytes[index...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.endIndex
        }
        while index < bytes.endIndex {
            let lineEnd = bytes[index...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var line = bytes[index..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            if line.isEmpty {
                finish()
                return (HeaderFields(fields), next)
            }
            if line.first == 0x20 || line.first == 0x09 {
                // A folded continuation: unfolding removes only the line break (RFC 5322 §2.2.3).
                guard current != nil else { return fields.isEmpty ? nil : (HeaderFields(fields), index) }
                current!.value.append(contentsOf: line)
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                line[line.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            {
                finish()
                current = (String(decoding: line[line.startIndex..<colon], as: UTF8.self), Array(line[(colon + 1)...]))
            } else {
                // Not a header line: a message without the empty line before its body.
                guard !fields.isEmpty || current != nil else { return nil }
                finish()
                return (HeaderFields(fields), index)
            }
            index = next
        }
        finish()
        return fields.isEmpty ? nil : (HeaderFields(fields), bytes.endIndex)
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
