import MagentoWire
import Testing

@Suite struct JSONTests {
    @Test func parsesNestedValuesAndKeepsKeyOrder() throws {
        let value = try JSON.parse(#"{"b":1,"a":[true,null,2.5,"x"],"c":{"z":"é","y":-3}}"#)
        #expect(Array(value.members.keys) == ["b", "a", "c"])
        #expect(value["a"][0] == .bool(true))
        #expect(value["a"][1] == .null)
        #expect(value["a"][2] == .double(2.5))
        #expect(value["c"]["z"].string == "é")
        #expect(value["c"]["y"].int == -3)
    }

    @Test func serializesCompactlyInStoredOrder() throws {
        let text = #"{"items":[{"grand_total":68.99,"increment_id":"000000001"}],"total_count":4}"#
        #expect(JSON.serialize(try JSON.parse(text)) == text)
    }

    @Test func amountsPrintWithoutTrailingZeroLikeMagento() {
        #expect(JSON.serialize(["weight": .double(2), "total": .double(15.5)]) == #"{"weight":2,"total":15.5}"#)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSON.parse(#""line\nbreak \"q\" \u00e9 \ud83d\ude00""#)
        #expect(value.string == "line\nbreak \"q\" é 😀")
        #expect(JSON.serialize(value) == #""line\nbreak \"q\" é 😀""#)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "{\"a\":1} x", "01x", "\"\\x\""])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSON.parse(text) }
    }

    @Test func rejectsInvalidUTF8InsideStrings() {
        let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
        #expect(throws: JSONSyntaxError.self) { try JSON.parse(bytes) }
    }

    @Test func lenientAccessorsReadMagentosLooseTypes() throws {
        let value = try JSON.parse(#"{"id":"12","flag":"1","price":"49.9800","empty":[],"none":null}"#)
        #expect(value["id"].int == 12)
        #expect(value["flag"].bool == true)
        #expect(value["price"].string == "49.9800")
        #expect(value["empty"].members.isEmpty)
        #expect(value["none"].nonEmptyString == nil)
        #expect(value["missing"].isNull)
    }
}
