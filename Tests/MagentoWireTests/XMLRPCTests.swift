import Foundation
import MagentoWire
import Testing

@Suite struct XMLRPCTests {
    @Test func encodesACallThatParsesBackTheSame() throws {
        let params: [WireValue] = ["abc123", "sales_order.info", ["100000001"], ["order_id": ["eq": 1]], .null, true, 2.5]
        let xml = XMLRPC.encodeCall("call", params)
        let call = try XMLRPC.parseCall(Data(xml.utf8))
        #expect(call.method == "call")
        #expect(call.params == params)
    }

    @Test func escapesMarkupInStrings() throws {
        let xml = XMLRPC.encodeResponse(["note": "<b>5 & 6</b>"])
        #expect(xml.contains("&lt;b&gt;5 &amp; 6&lt;/b&gt;"))
        #expect(try XMLRPC.parseResponse(Data(xml.utf8))["note"].string == "<b>5 & 6</b>")
    }

    @Test func faultsThrowWithCodeAndMessage() throws {
        let xml = XMLRPC.encodeFault(code: 5, message: "Session expired. Try to relogin.")
        #expect(throws: XMLRPCFault(code: "5", message: "Session expired. Try to relogin.")) {
            try XMLRPC.parseResponse(Data(xml.utf8))
        }
    }

    @Test func untypedValuesAreStrings() throws {
        let xml = "<?xml version=\"1.0\"?><methodResponse><params><param><value>plain</value></param></params></methodResponse>"
        #expect(try XMLRPC.parseResponse(Data(xml.utf8)) == .string("plain"))
    }

    @Test func emptyArraysAndStructsSurvive() throws {
        let xml = XMLRPC.encodeResponse(["list": [], "map": .object([:])])
        let value = try XMLRPC.parseResponse(Data(xml.utf8))
        #expect(value["list"] == .array([]))
        #expect(value["map"] == .object([:]))
    }

    @Test func garbageIsASyntaxErrorNotACrash() {
        #expect(throws: (any Error).self) { try XMLRPC.parseResponse(Data("<html><body>503</body>".utf8)) }
        #expect(throws: (any Error).self) { try XMLRPC.parseResponse(Data("not xml at all".utf8)) }
    }
}
