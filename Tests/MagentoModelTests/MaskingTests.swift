import MagentoModel
import Testing

@Suite struct MaskingTests {
    @Test func emailsKeepOnlyTheirFirstLettersAndTopLevelDomain() {
        #expect(Masking.email("jane.doe@example.com") == "j***@e***.com")
        #expect(Masking.email("Max@Beispiel.example") == "M***@B***.example")
        #expect(Masking.email("no-at-sign") == "***")
    }

    @Test func textHidesContactDataButKeepsTheOrderNumber() {
        let text = "Hi, I'm at 12 Main Street, call +1 (555) 123-4567 or mail <jane.doe@example.com>; order #000000101, zip 10577"
        let masked = Masking.text(text, keeping: ["000000101"], sensitive: ["Main Street"])
        #expect(masked.contains("000000101"))
        for hidden in ["555", "123", "4567", "jane.doe", "10577", "Main Street"] { #expect(!masked.contains(hidden), "\(hidden)") }
        #expect(masked.contains("j***@e***.com"))
        // Short numbers (quantities, "12") are not personal on their own.
        #expect(masked.contains("12"))
    }

    @Test func streetNamesAreHidden() {
        #expect(Masking.text("I live at 4417 Old Mill Road, Austin") == "I live at ••• ••• ••• •••, Austin")
        #expect(Masking.text("Lieferung an Hauptstraße 5") == "Lieferung an ••• 5")
        #expect(Masking.text("the st. of my order") == "the st. of my order", "lower-case 'st' is not a street")
    }

    @Test func sensitiveValuesAreHiddenInAnyCase() {
        #expect(Masking.text("this is JANE DOE speaking", sensitive: ["Jane Doe"]) == "this is ••• speaking")
        #expect(Masking.text("postcode sw1a 1aa", sensitive: ["SW1A 1AA"]) == "postcode •••")
    }

    @Test func slotsShowOnlyTheOrderNumber() {
        let line = Masking.slots(["order_number": "000000101", "email": "jane.doe@example.com", "postcode": "10577", "name": "Jane Doe"])
        #expect(line == "email=j***@e***.com name=••• order_number=000000101 postcode=•••")
    }
}
