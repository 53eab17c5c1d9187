import Assistant
import Testing

/// The name and postcode rules, one example of each way customers give them.
@Suite struct NameAndPostcodeExtractionTests {
    let extractor = try! EntityExtractor()

    @Test(arguments: [
        ("Hello, my name is Maria Lopez and my parcel is late", "Maria Lopez"),
        ("my name's tom becker", "tom becker"),
        ("I'm Priya Nair, checking on my order", "Priya Nair"),
        ("yes it's chloe zhang", "chloe zhang"),
        ("Hi, this is Daniel Kim speaking", "Daniel Kim"),
        ("Robert Fischer here, where is my refund?", "Robert Fischer"),
        ("name: Anna Maria Schulz", "Anna Maria Schulz"),
        ("Joseph Banter, I don't have an order number", "Joseph Banter"),
        ("Where is my order 000000101?\nThanks,\nLena Vogel", "Lena Vogel"),
        ("My parcel never came.\n\nBest regards,\nOmar Haddad", "Omar Haddad"),
        ("Hallo, ich heiße Jonas Weber", "Jonas Weber"),
    ])
    func findsTheName(_ text: String, _ expected: String) {
        #expect(extractor.extract(text).name == expected)
    }

    @Test func aBareNameCountsOnlyWhenOneWasAsked() {
        #expect(extractor.extract("Grace Okafor", awaiting: .name).name == "Grace Okafor")
        #expect(extractor.extract("Grace Okafor").name == nil)
    }

    @Test(arguments: [
        "Hi Sarah, where is my order?",
        "Dear Support Team, my parcel is late",
        "it's been two weeks and nothing arrived",
        "I'm looking for my order",
        "this is urgent, please help",
        "Email Address: someone@example.com",
        "Thanks,\nwhere is it",
    ])
    func noNameWhereNoneWasGiven(_ text: String) {
        #expect(extractor.extract(text).name == nil)
    }

    @Test(arguments: [
        ("ship to 12 Main St, Austin, TX 78701", "78701"),
        ("Springfield, IL 62704-1234", "62704-1234"),
        ("yes it's 60614", "60614"),
        ("zip 78701", "78701"),
        ("82012 is my zipcode", "82012"),
        ("my postcode is sw1a 1aa", "SW1A 1AA"),
        ("K1A 0B1", "K1A 0B1"),
    ])
    func findsThePostcode(_ text: String, _ expected: String) {
        #expect(extractor.extract(text).postcode == expected)
    }

    @Test(arguments: ["I bought 12345 points", "my phone is 12345", "order 12345678 please", "it cost 40.00"])
    func aNumberIsNotAPostcodeWithoutAReason(_ text: String) {
        #expect(extractor.extract(text).postcode == nil)
    }

    @Test func commasSeparateValues() {
        let entities = extractor.extract("jdoe77,jdoe77@example.com,4455667788")
        #expect(entities.email == "jdoe77@example.com")
        #expect(entities.orderNumber == "4455667788")
    }
}
