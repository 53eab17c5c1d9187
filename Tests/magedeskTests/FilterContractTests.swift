import Assistant
import MagentoWire
import Testing

@testable import magedesk

@Suite struct FilterContractTests {
    static func decode(_ text: String) -> Result<TurnInput, FilterContract.LineError> {
        FilterContract.decode(Array(text.utf8))
    }

    @Test func readsTheV1Object() throws {
        let input = try Self.decode(
            #"{"conversation_id":"t1","text":"hi","customer":{"email":"a@example.com","verified":true,"name":"Al"},"locale":"de","store":"de","reset":true}"#
        ).get()
        #expect(input == TurnInput(conversationID: "t1", text: "hi", customer: CustomerContext(email: "a@example.com", verified: true, name: "Al"), locale: "de", store: "de", reset: true))
    }

    @Test func readsTheRasaShape() throws {
        #expect(try Self.decode(#"{"sender":"u7","message":"hello"}"#).get() == TurnInput(conversationID: "u7", text: "hello"))
    }

    @Test(arguments: [
        ("not json", "invalid_json", nil as String?),
        ("[1,2]", "not_an_object", nil),
        (#"{"text":"hi"}"#, "missing_field", nil),
        (#"{"conversation_id":"x"}"#, "missing_field", "x"),
        (#"{"conversation_id":5,"text":"hi"}"#, "wrong_type", nil),
        (#"{"conversation_id":"x","text":["hi"]}"#, "wrong_type", "x"),
        (#"{"conversation_id":"x","text":"hi","customer":{"verified":"yes"}}"#, "wrong_type", "x"),
        (#"{"conversation_id":"x","text":"hi","reset":1}"#, "wrong_type", "x"),
    ])
    func badLinesGetTheirErrorCode(_ line: String, _ code: String, _ conversationID: String?) {
        guard case .failure(let error) = Self.decode(line) else {
            Issue.record("expected an error for \(line)")
            return
        }
        #expect(error.code.rawValue == code)
        #expect(error.conversationID == conversationID)
    }

    @Test func invalidUTF8IsAnErrorNotACrash() {
        guard case .failure(let error) = FilterContract.decode([0x7B, 0xFF, 0x7D]) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.code == .invalidUTF8)
    }

    @Test func encodesEveryContractField() {
        let result = TurnResult(
            conversationID: "t1", reply: "Hi", intent: IntentPrediction(name: "greeting", confidence: 0.98765), slots: ["email": "a@example.com"],
            awaiting: nil, verified: false,
            handoff: Handoff(reason: .customerRequest, summary: "s", slots: ["order_number": "000000101"], verification: "email", order: "000000101"),
            lookups: [LookupRecord(operation: .orderByNumber, outcome: .found, milliseconds: 1.5)])
        #expect(
            JSON.serialize(FilterContract.encode(result))
                == #"{"version":1,"conversation_id":"t1","reply":"Hi","intent":{"name":"greeting","confidence":0.988},"slots":{"email":"a@example.com"},"awaiting":null,"verified":false,"handoff":{"reason":"customer_request","summary":"s","slots":{"order_number":"000000101"},"verification":"email","order":"000000101"},"lookups":[{"operation":"order_by_number","outcome":"found","ms":1.5}]}"#
        )
    }

    /// Contract v1.1: an email's subject is read with the text; a v1 line without it reads as before.
    @Test func readsTheSubjectOfV1Point1() throws {
        let input = try Self.decode(#"{"conversation_id":"m1","text":"see below","subject":"Re: Refund for order 000000101"}"#).get()
        #expect(input.subject == "Re: Refund for order 000000101")
        #expect(try Self.decode(#"{"conversation_id":"m1","text":"hi"}"#).get().subject == nil)
        guard case .failure(let error) = Self.decode(#"{"conversation_id":"m1","text":"hi","subject":7}"#) else {
            Issue.record("a subject that is not a string must be refused")
            return
        }
        #expect(error.code == .wrongType)
    }

    @Test func anIdentityTokenAndRasaMetadataAreRead() throws {
        func request(_ text: String) throws -> FilterContract.Request { try FilterContract.decodeRequest(Array(text.utf8)).get() }
        let top = try request(#"{"conversation_id":"t","text":"hi","customer":{"token":"a.b.c"}}"#)
        #expect(top.identityToken == "a.b.c")
        #expect(!top.claimsIdentity)
        let rasa = try request(#"{"sender":"t","message":"hi","metadata":{"customer_token":"a.b.c","language":"en","customer":{"email":"x@example.com","verified":true}}}"#)
        #expect(rasa.identityToken == "a.b.c")
        #expect(rasa.input.customer == CustomerContext(email: "x@example.com", verified: true))
        #expect(rasa.claimsIdentity)
        // The top-level customer wins over metadata's; other metadata is the widget's business.
        let both = try request(#"{"sender":"t","message":"hi","customer":{"email":"a@example.com"},"metadata":{"customer":{"email":"b@example.com"}}}"#)
        #expect(both.input.customer?.email == "a@example.com")
        #expect(try request(#"{"sender":"t","message":"hi","metadata":"anything"}"#).identityToken == nil)
        for (body, message) in [
            (#"{"sender":"t","message":"hi","metadata":{"customer_token":7}}"#, "metadata.customer_token must be a string"),
            (#"{"sender":"t","message":"hi","metadata":{"customer":{"verified":"yes"}}}"#, "metadata.customer.verified must be true or false"),
            (#"{"conversation_id":"t","text":"hi","customer":{"token":{}}}"#, "customer.token must be a string"),
            (#"{"conversation_id":"t","text":"hi","customer":[]}"#, "customer must be an object"),
        ] {
            guard case .failure(let error) = FilterContract.decodeRequest(Array(body.utf8)) else {
                Issue.record("accepted \(body)")
                continue
            }
            #expect(error.code == .wrongType && error.message == message)
        }
    }
}
