/// The text a person reads in a message: the `text/plain` alternative when there is one, else the
/// HTML one made readable (`HTMLText`), attachments left out; the inline text parts of a
/// `multipart/mixed` (Apple Mail splits the text around an inline picture) joined in order.
/// `format=flowed` text (Thunderbird, Apple Mail) has its soft line breaks joined again.
public enum BodyText {
    public static func text(of part: MIMEPart) -> String {
        normalized(render(part) ?? "")
    }

    static func render(_ part: MIMEPart) -> String? {
        switch part.contentType.mainType {
        case "multipart":
            return renderMultipart(part)
        case "text":
            if part.isAttachment { return nil }
            switch part.contentType.subtype {
            case "plain":
                let text = part.decodedText
                guard part.contentType["format"]?.lowercased() == "flowed" else { return text }
                return unflowed(text, deleteSpace: part.contentType["delsp"]?.lowercased() == "yes")
            case "html":
                return HTMLText.render(part.decodedText)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    static func renderMultipart(_ part: MIMEPart) -> String? {
        let parts = part.parts.filter { !$0.isAttachment }
        switch part.contentType.subtype {
        case "alternative":
            // text/plain is what the sender wrote; failing that, the richest one that has text
            // (alternatives are ordered from plainest to richest).
            if let plain = parts.first(where: { $0.contentType.type == "text/plain" }), let text = render(plain), !isBlank(text) {
                return text
            }
            for candidate in parts.reversed() {
                if let text = render(candidate), !isBlank(text) { return text }
            }
            return nil
        case "related":
            // The root is the part the `start` parameter names, else the first.
            let start = part.contentType["start"].flatMap { MessageIDs.parse($0).first }
            let root = parts.first { part in start != nil && MessageIDs.parse(part.headers["Content-ID"]).first == start } ?? parts.first
            return root.flatMap(render)
        case "signed":
            return parts.first.flatMap(render)
        case "encrypted":
            return nil
        default:
            let texts = parts.compactMap(render).filter { !isBlank($0) }
            return texts.isEmpty ? nil : texts.joined(separator: "\n\n")
        }
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// Line breaks as `\n`, no trailing spaces on lines (but for the signature separator `-- `), no blank lines at either end.
    static func normalized(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            // The signature separator keeps its space (RFC 3676 §4.3).
            if line == "-- " {
                lines.append(line)
                continue
            }
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)] == " " || line[line.index(before: end)] == "\t" {
                end = line.index(before: end)
            }
            lines.append(line[..<end])
        }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// RFC 3676: a line ending in a space continues on the next line of the same quote depth;
    /// leading ">"s are the quote depth; a space in front of a line was added by the sender to
    /// protect it ("space-stuffing"); "-- " is the signature separator, never flowed.
    static func unflowed(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph = ""
        var paragraphDepth = 0
        var open = false
        func close() {
            if open { output.append((paragraphDepth > 0 ? String(repeating: ">", count: paragraphDepth) + " " : "") + paragraph) }
            paragraph = ""
            open = false
        }
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var line = rawLine
            var depth = 0
            while line.first == ">" {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() }
            if open, depth != paragraphDepth { close() }
            let isSignatureSeparator = line == "-- "
            let flowed = line.last == " " && !isSignatureSeparator
            if flowed && deleteSpace { line = line.dropLast() }
            paragraph += line
            paragraphDepth = depth
            open = true
            if !flowed { close() }
        }
        close()
        return output.joined(separator: "\n")
    }
}
