public import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OrderedCollections

/// A fault as XML-RPC carries it: `faultCode` is an int in a `<fault>`, but a string inside a
/// multiCall result (magento1-captures 15), so both arrive here as text.
public struct XMLRPCFault: Error, Sendable, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// A parsed `<methodCall>` (what the simulator receives).
public struct XMLRPCCall: Sendable, Equatable {
    public var method: String
    public var params: [WireValue]

    public init(method: String, params: [WireValue]) {
        self.method = method
        self.params = params
    }
}

/// XML-RPC as Magento 1 speaks it (Zend_XmlRpc): encoding and parsing of calls, responses and faults.
///
/// The client encodes calls and parses responses; the simulator does the reverse, so both sides use
/// this one codec. `<nil/>` (Zend sends 158 of them in one `sales_order.info`) parses to `.null`.
public enum XMLRPC {
    // MARK: Encoding

    public static func encodeCall(_ method: String, _ params: [WireValue]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall><methodName>"
        appendEscaped(method, to: &xml)
        xml += "</methodName><params>"
        for param in params {
            xml += "<param>"
            encode(param, into: &xml)
            xml += "</param>"
        }
        xml += "</params></methodCall>"
        return xml
    }

    public static func encodeResponse(_ value: WireValue) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><params><param>"
        encode(value, into: &xml)
        xml += "</param></params></methodResponse>"
        return xml
    }

    public static func encodeFault(code: Int, message: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><fault>"
        encode(["faultCode": .int(code), "faultString": .string(message)], into: &xml)
        xml += "</fault></methodResponse>"
        return xml
    }

    public static func encode(_ value: WireValue, into xml: inout String) {
        xml += "<value>"
        switch value {
        case .null: xml += "<nil/>"
        case .bool(let flag): xml += flag ? "<boolean>1</boolean>" : "<boolean>0</boolean>"
        case .int(let number): xml += "<int>\(number)</int>"
        case .double(let number): xml += "<double>\(number)</double>"
        case .string(let text):
            xml += "<string>"
            appendEscaped(text, to: &xml)
            xml += "</string>"
        case .array(let elements):
            if elements.isEmpty {
                xml += "<array><data/></array>"
            } else {
                xml += "<array><data>"
                for element in elements { encode(element, into: &xml) }
                xml += "</data></array>"
            }
        case .object(let members):
            xml += "<struct>"
            for (name, member) in members {
                xml += "<member><name>"
                appendEscaped(name, to: &xml)
                xml += "</name>"
                encode(member, into: &xml)
                xml += "</member>"
            }
            xml += "</struct>"
        }
        xml += "</value>"
    }

    public static func appendEscaped(_ text: String, to xml: inout String) {
        for character in text.unicodeScalars {
            switch character {
            case "&": xml += "&amp;"
            case "<": xml += "&lt;"
            case ">": xml += "&gt;"
            case "\"": xml += "&quot;"
            default: xml.unicodeScalars.append(character)
            }
        }
    }

    // MARK: Parsing

    /// The value of a `<methodResponse>`; a `<fault>` throws `XMLRPCFault`, unreadable XML throws
    /// `XMLRPCSyntaxError`.
    public static func parseResponse(_ data: Data) throws -> WireValue {
        let document = try XMLRPCDocument.parse(data)
        if let fault = document.fault {
            throw XMLRPCFault(code: fault["faultCode"].string ?? "0", message: fault["faultString"].string ?? "")
        }
        guard document.root == "methodResponse", let value = document.params.first else {
            throw XMLRPCSyntaxError(message: "not an XML-RPC methodResponse")
        }
        return value
    }

    public static func parseCall(_ data: Data) throws -> XMLRPCCall {
        let document = try XMLRPCDocument.parse(data)
        guard document.root == "methodCall", let method = document.methodName else {
            throw XMLRPCSyntaxError(message: "not an XML-RPC methodCall")
        }
        return XMLRPCCall(method: method, params: document.params)
    }
}

public struct XMLRPCSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Event-driven reader of one XML-RPC document into `WireValue`s.
final class XMLRPCDocument: NSObject, XMLParserDelegate {
    private(set) var root: String?
    private(set) var methodName: String?
    private(set) var params: [WireValue] = []
    private(set) var fault: WireValue?

    /// Containers under construction: arrays collect elements, structs collect members.
    private enum Frame {
        case array([WireValue])
        case structure(OrderedDictionary<String, WireValue>, pendingName: String?)
    }
    private var stack: [Frame] = []
    private var text = ""
    private var valueType: String?
    private var valueHadType = false
    private var inFault = false
    private var failure: String?

    static func parse(_ data: Data) throws -> XMLRPCDocument {
        let document = XMLRPCDocument()
        let parser = XMLParser(data: data)
        parser.delegate = document
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), document.failure == nil else {
            throw XMLRPCSyntaxError(
                message: document.failure ?? "invalid XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        return document
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if root == nil { root = name }
        text = ""
        switch name {
        case "fault": inFault = true
        case "value":
            valueType = nil
            valueHadType = false
        case "array": stack.append(.array([]))
        case "struct": stack.append(.structure([:], pendingName: nil))
        case "string", "int", "i4", "i8", "double", "boolean", "base64", "dateTime.iso8601", "nil", "ex:nil":
            valueType = name
            valueHadType = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "methodName": methodName = text.trimmingCharacters(in: .whitespacesAndNewlines)
        case "name":
            if case .structure(let members, _) = stack.last {
                stack[stack.count - 1] = .structure(members, pendingName: text)
            }
        case "string", "int", "i4", "i8", "double", "boolean", "base64", "dateTime.iso8601", "nil", "ex:nil":
            scalar = makeScalar(type: name, text: text)
        case "array":
            guard case .array(let elements) = stack.popLast() else { return fail("unbalanced array") }
            scalar = .array(elements)
            valueHadType = true
        case "struct":
            guard case .structure(let members, _) = stack.popLast() else { return fail("unbalanced struct") }
            scalar = .object(members)
            valueHadType = true
        case "value":
            // A <value> without a type element is a string (XML-RPC spec).
            let value = valueHadType ? (scalar ?? .null) : .string(text)
            scalar = nil
            deliver(value)
        default: break
        }
        text = ""
    }

    private var scalar: WireValue?

    private func makeScalar(type: String, text: String) -> WireValue {
        switch type {
        case "int", "i4", "i8":
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                fail("invalid int '\(text)'")
                return .null
            }
            return .int(number)
        case "double":
            return Double(text.trimmingCharacters(in: .whitespaces)).map(WireValue.double) ?? .string(text)
        case "boolean": return .bool(text.trimmingCharacters(in: .whitespaces) == "1")
        case "nil", "ex:nil": return .null
        default: return .string(text)
        }
    }

    private func deliver(_ value: WireValue) {
        if let top = stack.last {
            switch top {
            case .array(var elements):
                elements.append(value)
                stack[stack.count - 1] = .array(elements)
            case .structure(var members, let pendingName):
                members[pendingName ?? ""] = value
                stack[stack.count - 1] = .structure(members, pendingName: nil)
            }
        } else if inFault {
            fault = value
        } else {
            params.append(value)
        }
    }

    private func fail(_ message: String) {
        if failure == nil { failure = message }
    }
}
