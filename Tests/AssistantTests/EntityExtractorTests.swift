@testable import Assistant
import Testing

@Suite struct EntityExtractorTests {
    let extractor = try! EntityExtractor()

    @Test(arguments: [
        ("where is my order 000000101?", "000000101"),
        ("Order #000000604 hasn't arrived", "000000604"),
        ("#000000604", "000000604"),
        ("order no. 123456 please", "123456"),
        ("Bestellung 100000001 ist nicht da", "100000001"),
        ("ref: 7916676427", "7916676427"),
        ("my order is 4545454545, thanks", "4545454545"),
    ])
    func findsOrderNumbers(_ text: String, _ expected: String) {
        #expect(extractor.extract(text).orderNumber == expected)
    }

    @Test(arguments: [
        "call me at 512-555-0100",
        "my phone is 5125550100",
        "tracking number 123456789 says nothing",
        "ticket 123456789",
        "it cost 123.45",
        "I ordered 3 items on 2025-03-02",
        "invoice 100000001",
        "apt 123456",
    ])
    func ignoresNumbersThatAreSomethingElse(_ text: String) {
        #expect(extractor.extract(text).orderNumber == nil)
    }

    @Test func aBareNumberCountsWhenTheOrderNumberWasAsked() {
        #expect(extractor.extract("123456", awaiting: .orderNumber).orderNumber == "123456")
        #expect(extractor.extract("123456").orderNumber == nil)
    }

    @Test(arguments: [
        ("my email is Jane.Doe@Example.com", "jane.doe@example.com"),
        ("<mailto:jane@example.com>", "jane@example.com"),
        ("(jane+shop@example.co.uk).", "jane+shop@example.co.uk"),
        ("\"bob@example.com\",", "bob@example.com"),
    ])
    func findsAndNormalizesEmails(_ text: String, _ expected: String) {
        #expect(extractor.extract(text).email == expected)
    }

    @Test func notAnEmail() {
        #expect(extractor.extract("meet me @ noon").email == nil)
        #expect(extractor.extract("user@localhost").email == nil)
    }

    @Test(arguments: [
        ("78701", Slot.email, "78701"),
        ("78701-1234", Slot.email, "78701-1234"),
        ("sw1a 1aa", Slot.email, "SW1A 1AA"),
        ("K1A 0B1", Slot.postcode, "K1A 0B1"),
        ("zip 78701", nil, "78701"),
        ("82012 is my zipcode", nil, "82012"),
        ("my postcode is SW1A 1AA", nil, "SW1A 1AA"),
    ] as [(String, Slot?, String)])
    func findsPostcodes(_ text: String, _ awaiting: Slot?, _ expected: String) {
        #expect(extractor.extract(text, awaiting: awaiting).postcode == expected)
    }

    @Test func aBareFiveDigitNumberIsOnlyAPostcodeWhenOneWasAsked() {
        #expect(extractor.extract("78701").postcode == nil)
        #expect(extractor.extract("000000101", awaiting: .email).postcode == nil)
    }

    @Test func aMerchantsOwnPatternReplacesTheDefault() throws {
        let custom = try EntityExtractor(orderNumberPattern: #"\bSO-(\d{5})\b"#)
        #expect(custom.extract("where is SO-12345?").orderNumber == "12345")
        #expect(custom.extract("where is 000000101?").orderNumber == nil)
        #expect(throws: EntityExtractorError.self) { try EntityExtractor(orderNumberPattern: "(unclosed") }
    }
}

@Suite struct OtherNumberLabelTests {
    let extractor = try! EntityExtractor()

    @Test(arguments: [
        ("Rechnungsnummer 100200300, Bestellung 100234", "100234"),
        ("Kundennummer 100200300 und Bestellnummer 100234", "100234"),
        ("facture 100200300, numéro de commande 100234", "100234"),
        ("DHL 003404341612 for order 100234", "100234"),
        ("phone me about order 100234", "100234"),
    ])
    func theOrderLabelWins(_ text: String, _ expected: String) {
        #expect(extractor.extract(text).orderNumber == expected)
    }

    @Test(arguments: [
        "my customer number is 123456789", "Kundennummer: 100200300", "Rechnungsnummer 100200300", "Telefonnummer 0301234567",
        "account 123456789", "UPS 1234567890", "Hausnummer 100234",
    ])
    func aNumberLabelledAsSomethingElseIsNoOrderNumber(_ text: String) {
        #expect(extractor.extract(text).orderNumber == nil, "\(text)")
    }
}

@Suite struct PostcodeShapeTests {
    @Test(arguments: ["SW1A 1AA", "SW1A1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "W1A 0AX", "K1A 0B1", "H0H0H0", "78701", "94107-1234"])
    func recognised(_ value: String) {
        #expect(PostcodeShape.match(value) == value)
    }

    @Test(arguments: ["SW1A  1AA", "1AA SW1", "S 1AA", "SWA1 1AA", "ABCDE", "7870", "787011", "94107-123", "K1A 0B", "SW1A 1A1"])
    func refused(_ value: String) {
        #expect(PostcodeShape.match(value) == nil)
    }
}
