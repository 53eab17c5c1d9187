public import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
public import OrderedCollections

/// The two wire forms Magento 1's `/api/v2_soap/` speaks, chosen by the store's *WS-I
/// Compliance* setting (magento1-api.md, Endpoints): rpc/encoded (the default) and WS-I
/// document/literal.
public enum SOAPStyle: String, Sendable, Equatable {
    case rpcEncoded = "rpc/encoded"
    case documentLiteral = "document/literal"

    /// What a WSDL says: the WS-I one declares `style="document"` and `use="literal"`.
    public init?(wsdl: Data) {
        let head = String(decoding: wsdl, as: UTF8.self)
        guard head.contains("definitions") else { return nil }
        self = head.contains("style=\"document\"") || head.contains("use=\"literal\"") ? .documentLiteral : .rpcEncoded
    }
}

/// A SOAP fault: `faultcode` is Magento's API fault code as text ("5", "100"), or `WSDL` when the
/// store's SOAP server could not build itself.
public struct SOAPFault: Error, Sendable, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

public struct SOAPSyntaxError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A parsed SOAP request (what the simulator receives): the operation and its named parameters.
public struct SOAPCall: Sendable, Equatable {
    public var operation: String
    public var parameters: OrderedDictionary<String, WireValue>
}

/// SOAP v2 as OpenMage speaks it, both styles: encoding requests and responses, and reading them
/// back into `WireValue` — structs as objects, `item` / `complexObjectArray` lists as arrays,
/// `xsd:int` and `xsd:boolean` typed, `xsi:nil` as null, everything else as text (money stays
/// `"49.9800"`, as on XML-RPC).
public enum SOAP {
    public static let namespace = "urn:OpenMage"

    /// WS-I wraps each operation's parameters in `<opRequestParam>`, except login and endSession,
    /// whose elements are `loginParam` and `endSessionParam` (magento1-api.md, Session methods).
    static func requestElement(_ operation: String, style: SOAPStyle) -> String {
        guard style == .documentLiteral else { return operation }
        return operation == "login" || operation == "endSession" ? operation + "Param" : operation + "RequestParam"
    }

    /// `maps`: structs as Apache maps (`<item><key/><value/></item>`), as SOAP v1 takes and returns
    /// them (magento1-captures 63–68); SOAP v2 uses named elements.
    public static func encodeRequest(_ operation: String, _ parameters: [(String, WireValue)], style: SOAPStyle, maps: Bool = false) -> String {
        var body = ""
        for (name, value) in parameters { encode(value, named: name, style: style, maps: maps, into: &body) }
        return envelope("<ns1:\(requestElement(operation, style: style))>\(body)</ns1:\(requestElement(operation, style: style))>", style: style)
    }

    public static func encodeResponse(_ operation: String, _ value: WireValue, style: SOAPStyle, maps: Bool = false) -> String {
        var body = ""
        switch style {
        case .rpcEncoded:
            // v2 names its results `result` but for login and endSession; v1 names every one `<op>Return`.
            let name = maps || operation == "login" || operation == "endSession" ? operation + "Return" : "result"
            encode(value, named: name, style: style, maps: maps, into: &body)
            return envelope("<ns1:\(operation)Response>\(body)</ns1:\(operation)Response>", style: style)
        case .documentLiteral:
            encode(value, named: "result", style: style, into: &body)
            return envelope("<ns1:\(operation)ResponseParam>\(body)</ns1:\(operation)ResponseParam>", style: style)
        }
    }

    public static func encodeFault(code: String, message: String) -> String {
        var text = ""
        XMLRPC.appendEscaped(message, to: &text)
        return envelope("<SOAP-ENV:Fault><faultcode>\(code)</faultcode><faultstring>\(text)</faultstring></SOAP-ENV:Fault>", style: .rpcEncoded)
    }

    static func envelope(_ body: String, style: SOAPStyle) -> String {
        let encoding = style == .rpcEncoded ? #" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/""# : ""
        return #"<?xml version="1.0" encoding="UTF-8"?>"#
            + #"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="\#(namespace)" "#
            + #"xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#
            + #"xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"\#(encoding)><SOAP-ENV:Body>\#(body)</SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    }

    static func encode(_ value: WireValue, named name: String, style: SOAPStyle, maps: Bool = false, into xml: inout String) {
        let typed = style == .rpcEncoded
        switch value {
        case .null:
            xml += typed ? "<\(name) xsi:nil=\"true\"/>" : "<\(name)/>"
        case .bool(let flag):
            xml += typed ? "<\(name) xsi:type=\"xsd:boolean\">\(flag)</\(name)>" : "<\(name)>\(flag)</\(name)>"
        case .int(let number):
            xml += typed ? "<\(name) xsi:type=\"xsd:int\">\(number)</\(name)>" : "<\(name)>\(number)</\(name)>"
        case .double, .string:
            xml += typed ? "<\(name) xsi:type=\"xsd:string\">" : "<\(name)>"
            XMLRPC.appendEscaped(value.string ?? "", to: &xml)
            xml += "</\(name)>"
        case .array(let elements):
            if typed {
                xml += "<\(name) SOAP-ENC:arrayType=\"xsd:anyType[\(elements.count)]\" xsi:type=\"SOAP-ENC:Array\">"
                for element in elements { encode(element, named: "item", style: style, maps: maps, into: &xml) }
            } else {
                xml += "<\(name)>"
                for element in elements { encode(element, named: "complexObjectArray", style: style, into: &xml) }
            }
            xml += "</\(name)>"
        case .object(let members) where maps:
            xml += "<\(name) xmlns:apache=\"http://xml.apache.org/xml-soap\" xsi:type=\"apache:Map\">"
            for (key, member) in members {
                xml += "<item>"
                encode(.string(key), named: "key", style: style, into: &xml)
                encode(member, named: "value", style: style, maps: maps, into: &xml)
                xml += "</item>"
            }
            xml += "</\(name)>"
        case .object(let members):
            xml += "<\(name)>"
            for (key, member) in members { encode(member, named: key, style: style, into: &xml) }
            xml += "</\(name)>"
        }
    }

    /// The operation's result, or the fault it carries.
    public static func parseResponse(_ data: Data) throws -> WireValue {
        let operation = try bodyElement(data)
        // rpc: <opResponse><result|loginReturn>; WS-I: <opResponseParam><result>.
        guard let returned = operation.children.first else { return .null }
        return value(of: returned)
    }

    public static func parseCall(_ data: Data) throws -> SOAPCall {
        let element = try bodyElement(data)
        var operation = element.name
        for suffix in ["RequestParam", "Param"] where operation.hasSuffix(suffix) {
            operation = String(operation.dropLast(suffix.count))
            break
        }
        var parameters = OrderedDictionary<String, WireValue>()
        for child in element.children { parameters[child.name] = value(of: child) }
        return SOAPCall(operation: operation, parameters: parameters)
    }

    static func bodyElement(_ data: Data) throws -> XMLNode {
        let root = try XMLTree.parse(data)
        guard root.name == "Envelope", let body = root.children.first(where: { $0.name == "Body" }), let element = body.children.first else {
            throw SOAPSyntaxError(message: "not a SOAP envelope")
        }
        if element.name == "Fault" {
            throw SOAPFault(
                code: element.child("faultcode")?.text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").last.map(String.init) ?? "",
                message: element.child("faultstring")?.text ?? "")
        }
        return element
    }

    static func value(of node: XMLNode) -> WireValue {
        if node.attribute("nil") == "true" { return .null }
        // SOAP v1 returns Apache maps: items of key and value (magento1-captures 64).
        if node.attribute("type")?.hasSuffix("Map") == true {
            var members = OrderedDictionary<String, WireValue>()
            for item in node.children where item.name == "item" {
                guard let key = item.child("key")?.text else { continue }
                members[key] = item.child("value").map(value(of:)) ?? .null
            }
            return .object(members)
        }
        let isArray = node.attribute("arrayType") != nil
            || (!node.children.isEmpty && node.children.allSatisfy { $0.name == "item" || $0.name == "complexObjectArray" })
        if isArray { return .array(node.children.map(value(of:))) }
        guard node.children.isEmpty else {
            var members = OrderedDictionary<String, WireValue>()
            for child in node.children { members[child.name] = value(of: child) }
            return .object(members)
        }
        switch node.attribute("type").map({ $0.split(separator: ":").last.map(String.init) ?? $0 }) {
        case "int"?: return Int(node.text.trimmingCharacters(in: .whitespaces)).map(WireValue.int) ?? .string(node.text)
        case "boolean"?: return .bool(node.text == "true" || node.text == "1")
        default: return .string(node.text)
        }
    }
}

/// A minimal element tree: local names, attributes by local name, children, text.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func attribute(_ local: String) -> String? { attributes[local] }
    func child(_ local: String) -> XMLNode? { children.first { $0.name == local } }
}

final class XMLTree: NSObject, XMLParserDelegate {
    private var stack: [XMLNode] = []
    private var root: XMLNode?

    static func localName(_ qualified: String) -> String {
        qualified.split(separator: ":").last.map(String.init) ?? qualified
    }

    static func parse(_ data: Data) throws -> XMLNode {
        let tree = XMLTree()
        let parser = XMLParser(data: data)
        parser.delegate = tree
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), let root = tree.root else {
            throw SOAPSyntaxError(message: "invalid XML: \(parser.parserError.map { "\($0)" } ?? "no root element")")
        }
        return root
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        var local: [String: String] = [:]
        for (key, value) in attributes { local[XMLTree.localName(key)] = value }
        let node = XMLNode(name: XMLTree.localName(name), attributes: local)
        stack.last?.children.append(node)
        if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if let node = stack.popLast(), !node.children.isEmpty { node.text = "" }
    }
}
