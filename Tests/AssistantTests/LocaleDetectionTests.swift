@testable import Assistant
import Testing

/// Telling German from English by function words, read byte by byte.
@Suite struct LocaleDetectionTests {
    let both: Set<String> = ["en", "de"]

    @Test func germanWithAndWithoutUmlautsAndEnglish() {
        #expect(LocaleDetection.detect("Wo ist meine Bestellung?", available: both) == "de")
        #expect(LocaleDetection.detect("Für meine Rückerstattung: wann kommt das Geld?", available: both) == "de")
        #expect(LocaleDetection.detect("„Grüße“ – ich warte noch auf die Lieferung", available: both) == "de")
        #expect(LocaleDetection.detect("where is my order, I have been waiting a week", available: both) == nil)
        #expect(LocaleDetection.detect("Hi — my parcel still hasn’t arrived", available: both) == nil)
        #expect(LocaleDetection.detect("Wo ist meine Bestellung?", available: ["en"]) == nil)
    }
}
