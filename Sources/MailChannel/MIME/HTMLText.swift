import Foundation

/// An HTML mail body as the plain text its reader sees: block elements and `<br>` become line
/// breaks, entities are decoded, scripts, styles and comments dropped, and the quoted thread kept
/// as `>`-prefixed lines — `<blockquote>` (Apple Mail, Thunderbird), Gmail's `gmail_quote`
/// container (its "On … wrote:" `gmail_attr` line left unquoted, on a line of its own) and
/// everything from Outlook's reply header on (`#divRplyFwdMsg`, `#appendonsend`, the
/// `border-top` header block of Outlook for Windows).
///
/// A tolerant reader, not a validating parser: mail HTML is rarely well-formed, and unclosed or
/// stray tags must not lose text.
///
/// ```swift
/// HTMLText.render("<div>Where is it?</div><blockquote>Your order &amp; more</blockquote>")
/// // "Where is it?\n> Your order & more"
/// ```
public enum HTMLText {
    public static func render(_ html: String) -> String {
        var renderer = Renderer(Array(html.utf8))
        renderer.run()
        return renderer.finish()
    }

    struct OpenElement {
        var name: [UInt8]
        /// A quote container that adds a level of quoting.
        var quotes: Bool
        /// Whether text was written inside this quote container.
        var hasText: Bool
        /// Gmail's attribution line ("On … wrote:"), written outside its container's quoting.
        var attribution: Bool
        var paragraph: Bool
    }

    struct Renderer {
        let input: [UInt8]
        var index = 0
        var lines: [(depth: Int, text: [UInt8])] = []
        var line: [UInt8] = []
        var lineDepth = 0
        var pendingSpace = false
        var stack: [OpenElement] = []
        var preformatted = 0
        /// Outlook's reply header was seen: everything after it is the quoted thread.
        var quoteRest = false

        init(_ input: [UInt8]) { self.input = input }

        var depth: Int {
            var depth = quoteRest ? 1 : 0
            var containers = 0
            for element in stack {
                // The attribution line stands outside the container it introduces.
                if element.attribution { return depth - (containers > 0 ? 1 : 0) }
                if element.quotes {
                    depth += 1
                    containers += 1
                }
            }
            return depth
        }

        var inAttribution: Bool { stack.contains { $0.attribution } }

        mutating func run() {
            while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: "<") {
                    tag()
                } else if byte == UInt8(ascii: "&") {
                    entity()
                } else {
                    text(byte)
                    index += 1
                }
            }
        }

        // MARK: Text

        mutating func text(_ byte: UInt8) {
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
            if preformatted > 0 {
                if byte == 0x0A {
                    hardBreak()
                } else if byte != 0x0D {
                    append([byte])
                }
                return
            }
            if isSpace {
                pendingSpace = true
            } else {
                append([byte])
            }
        }

        mutating func append(_ bytes: [UInt8]) {
            if line.isEmpty {
                lineDepth = depth
            } else if pendingSpace {
                line.append(0x20)
            }
            pendingSpace = false
            line += bytes
            if !inAttribution, let quote = stack.lastIndex(where: { $0.quotes }) { stack[quote].hasText = true }
        }

        mutating func hardBreak() {
            lines.append((line.isEmpty ? depth : lineDepth, line))
            line = []
            pendingSpace = false
        }

        mutating func blockBoundary() {
            if !line.isEmpty { hardBreak() }
            pendingSpace = false
        }

        mutating func paragraphBreak() {
            blockBoundary()
            if let last = lines.last, !last.text.isEmpty { lines.append((last.depth, [])) }
        }

        // MARK: Entities

        mutating func entity() {
            var end = index + 1
            while end < input.count, end - index < 34, input[end] != UInt8(ascii: ";"), isNameByte(input[end]) || input[end] == UInt8(ascii: "#") {
                end += 1
            }
            let name = input[(index + 1)..<end]
            let terminated = end < input.count && input[end] == UInt8(ascii: ";")
            var scalar: Unicode.Scalar?
            if name.first == UInt8(ascii: "#") {
                let digits = name.dropFirst()
                let value: UInt32?
                if digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X") {
                    value = UInt32(String(decoding: digits.dropFirst(), as: UTF8.self), radix: 16)
                } else {
                    value = UInt32(String(decoding: digits, as: UTF8.self))
                }
                // Numeric references in 128–159 mean Windows-1252 characters (HTML5 §13.2.5.80).
                if let value, (0x80...0x9F).contains(value) {
                    scalar = Charset.windows1252High[Int(value) - 0x80]
                } else {
                    scalar = value.flatMap(Unicode.Scalar.init)
                }
            } else if !name.isEmpty {
                scalar = HTMLText.entities[String(decoding: name, as: UTF8.self)].flatMap(Unicode.Scalar.init)
            }
            guard let scalar, terminated || name.first != UInt8(ascii: "#") || name.count > 1 else {
                append([UInt8(ascii: "&")])
                index += 1
                return
            }
            index = terminated ? end + 1 : end
            emit(scalar)
        }

        mutating func emit(_ scalar: Unicode.Scalar) {
            if HTMLText.invisible.contains(scalar.value) { return }
            switch scalar.value {
            case 0x20, 0x09, 0x0A, 0x0D: text(UInt8(scalar.value))
            default: append(Array(String(scalar).utf8))
            }
        }

        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }

        // MARK: Tags

        mutating func tag() {
            let start = index
            // Comments, including Outlook's conditional ones.
            if input[start...].starts(with: Array("<!--".utf8)) {
                index = find(Array("-->".utf8), from: start + 4).map { $0 + 3 } ?? input.count
                return
            }
            if input[start...].starts(with: Array("<![CDATA[".utf8)) {
                let end = find(Array("]]>".utf8), from: start + 9) ?? input.count
                for byte in input[(start + 9)..<end] { text(byte) }
                index = min(end + 3, input.count)
                return
            }
            var position = start + 1
            let closing = position < input.count && input[position] == UInt8(ascii: "/")
            if closing { position += 1 }
            let nameStart = position
            while position < input.count, isNameByte(input[position]) || input[position] == UInt8(ascii: ":") || input[position] == UInt8(ascii: "-") {
                position += 1
            }
            let name = Array(input[nameStart..<position]).map { $0 | (($0 >= 65 && $0 <= 90) ? 0x20 : 0) }
            let isDeclaration = position < input.count && (input[position] == UInt8(ascii: "!") || input[position] == UInt8(ascii: "?"))
            guard !name.isEmpty || isDeclaration || (closing && position < input.count && input[position] == UInt8(ascii: ">")) else {
                // A lone "<" ("a < b"): text.
                text(UInt8(ascii: "<"))
                index = start + 1
                return
            }
            // The attributes, to the closing ">" outside quotes.
            var end = position
            var quote: UInt8?
            while end < input.count {
                let byte = input[end]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                end += 1
            }
            let attributes = input[position..<min(end, input.count)]
            index = min(end + 1, input.count)
            if isDeclaration { return }
            let selfClosing = attributes.last == UInt8(ascii: "/")
            if closing {
                closeElement(name)
            } else {
                openElement(name, attributes: attributes, selfClosing: selfClosing)
            }
        }

        func find(_ needle: [UInt8], from: Int) -> Int? {
            guard from < input.count else { return nil }
            var position = from
            while position + needle.count <= input.count {
                if input[position] == needle[0], input[position..<(position + needle.count)].elementsEqual(needle) { return position }
                position += 1
            }
            return nil
        }

        mutating func openElement(_ name: [UInt8], attributes: ArraySlice<UInt8>, selfClosing: Bool) {
            let tag = String(decoding: name, as: UTF8.self)
            if HTMLText.skipped.contains(tag) {
                // Everything up to the matching end tag is not text.
                let end = find(Array("</\(tag)".utf8), from: index) ?? findCaseInsensitive("</\(tag)", from: index)
                index = end.map { position in (input[position...].firstIndex(of: UInt8(ascii: ">")) ?? input.count - 1) + 1 } ?? input.count
                return
            }
            switch tag {
            case "br":
                hardBreak()
                return
            case "hr":
                blockBoundary()
                if HTMLText.attribute("id", in: attributes)?.lowercased() == "appendonsend" { quoteRest = true }
                return
            case "td", "th":
                if !line.isEmpty { pendingSpace = true }
            case "img", "meta", "link", "input", "wbr", "col", "area", "base", "source":
                return
            default:
                break
            }
            let block = HTMLText.blocks.contains(tag)
            if block { blockBoundary() }
            let classes = HTMLText.attribute("class", in: attributes)?.lowercased() ?? ""
            let id = HTMLText.attribute("id", in: attributes)?.lowercased() ?? ""
            if id == "appendonsend" || id == "divrplyfwdmsg" {
                quoteRest = true
            } else if tag == "div", let style = HTMLText.attribute("style", in: attributes)?.lowercased().filter({ $0 != " " }),
                style.contains("border-top:solid")
            {
                quoteRest = true
            }
            let isQuote = tag == "blockquote" || (tag == "div" && classes.split(separator: " ").contains("gmail_quote"))
            var quotes = false
            if isQuote {
                // A container right inside another that has written nothing yet (Gmail's
                // blockquote inside its gmail_quote div) is the same level of quoting.
                let innermost = stack.lastIndex { $0.quotes }
                quotes = innermost.map { stack[$0].hasText } ?? true
            }
            if selfClosing && !isQuote { return }
            let paragraph = tag == "p" && !classes.contains("msonormal")
            stack.append(
                OpenElement(
                    name: name, quotes: quotes, hasText: false, attribution: classes.split(separator: " ").contains("gmail_attr"),
                    paragraph: paragraph))
            if tag == "pre" { preformatted += 1 }
        }

        func findCaseInsensitive(_ needle: String, from: Int) -> Int? {
            let lower = Array(needle.utf8)
            guard from < input.count else { return nil }
            var position = from
            while position + lower.count <= input.count {
                var matches = true
                for offset in 0..<lower.count where input[position + offset] | 0x20 != lower[offset] | 0x20 {
                    matches = false
                    break
                }
                if matches { return position }
                position += 1
            }
            return nil
        }

        mutating func closeElement(_ name: [UInt8]) {
            let tag = String(decoding: name, as: UTF8.self)
            guard let position = stack.lastIndex(where: { $0.name == name }) else {
                if HTMLText.blocks.contains(tag) { blockBoundary() }
                return
            }
            // Elements left open inside it close with it.
            let closed = stack[position...]
            if closed.contains(where: { $0.quotes || $0.attribution }) || HTMLText.blocks.contains(tag) {
                if closed.first?.paragraph == true { paragraphBreak() } else { blockBoundary() }
            }
            for element in closed where element.name == Array("pre".utf8) { preformatted -= 1 }
            stack.removeSubrange(position...)
        }

        mutating func finish() -> String {
            blockBoundary()
            var output: [String] = []
            var previousBlank = false
            for (depth, bytes) in lines {
                var text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\u{A0}", with: " ")
                if text.unicodeScalars.contains(where: { HTMLText.invisible.contains($0.value) }) {
                    text = String(String.UnicodeScalarView(text.unicodeScalars.filter { !HTMLText.invisible.contains($0.value) }))
                }
                while text.last == " " { text.removeLast() }
                while text.first == " " { text.removeFirst() }
                let blank = text.isEmpty
                // One blank line is a paragraph; more are layout.
                if blank && previousBlank { continue }
                previousBlank = blank
                let prefix = String(repeating: ">", count: depth)
                output.append(depth == 0 ? text : (blank ? prefix : prefix + " " + text))
            }
            while let first = output.first, first.allSatisfy({ $0 == ">" }) { output.removeFirst() }
            while let last = output.last, last.allSatisfy({ $0 == ">" }) { output.removeLast() }
            return output.joined(separator: "\n")
        }
    }

    /// Soft hyphens, zero-width spaces and joiners, direction marks, the BOM: not text a reader sees.
    static let invisible: Set<UInt32> = [0xAD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x034F]

    /// An attribute's value from a tag's attribute text (`class="gmail_quote"`, `id=x`).
    static func attribute(_ name: String, in attributes: ArraySlice<UInt8>) -> String? {
        let bytes = Array(attributes)
        let target = Array(name.utf8)
        var index = 0
        while index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == UInt8(ascii: "/") {
                index += 1
            }
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "="), bytes[index] > 0x20, bytes[index] != UInt8(ascii: "/") { index += 1 }
            let attributeName = bytes[nameStart..<index].map { $0 | (($0 >= 65 && $0 <= 90) ? 0x20 : 0) }
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            var value: ArraySlice<UInt8> = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < bytes.count, bytes[index] != quote { index += 1 }
                    value = bytes[valueStart..<index]
                    index += 1
                } else {
                    let valueStart = index
                    while index < bytes.count, bytes[index] > 0x20 { index += 1 }
                    value = bytes[valueStart..<index]
                }
            }
            if attributeName == target { return String(decoding: value, as: UTF8.self) }
            if index == nameStart { index += 1 }
        }
        return nil
    }

    /// Elements whose content is never text the reader sees.
    static let skipped: Set<String> = ["script", "style", "head", "title", "template", "xml", "noscript", "object", "svg", "iframe"]

    /// Elements that start and end a line.
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "html", "legend", "li", "main", "nav", "ol",
        "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    ]

    /// HTML 4's named character references (Latin-1, symbols, punctuation) plus `apos`.
    static let entities: [String: UInt32] = {
        var table: [String: UInt32] = [
            "quot": 0x22, "amp": 0x26, "apos": 0x27, "lt": 0x3C, "gt": 0x3E, "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161,
            "Yuml": 0x178, "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC, "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C,
            "zwj": 0x200D, "lrm": 0x200E, "rlm": 0x200F, "ndash": 0x2013, "mdash": 0x2014, "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A,
            "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "dagger": 0x2020, "Dagger": 0x2021, "bull": 0x2022, "hellip": 0x2026,
            "permil": 0x2030, "prime": 0x2032, "Prime": 0x2033, "lsaquo": 0x2039, "rsaquo": 0x203A, "oline": 0x203E, "euro": 0x20AC,
            "trade": 0x2122, "larr": 0x2190, "uarr": 0x2191, "rarr": 0x2192, "darr": 0x2193, "harr": 0x2194, "minus": 0x2212,
            "le": 0x2264, "ge": 0x2265, "ne": 0x2260, "infin": 0x221E, "hearts": 0x2665, "check": 0x2713, "Zcaron": 0x17D, "zcaron": 0x17E,
        ]
        let latin1 = """
            nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para \
            middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute \
            Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute \
            THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde \
            ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml
            """
        for (offset, name) in latin1.split(separator: " ").enumerated() { table[String(name)] = 0xA0 + UInt32(offset) }
        return table
    }()
}
