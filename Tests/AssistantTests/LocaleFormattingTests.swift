import Assistant
import Foundation
import MagentoModel
import Testing

@Suite struct LocaleFormattingTests {
    @Test func moneyInEnglishAndGerman() {
        #expect(LocaleFormatting.money(Decimal(string: "81.7")!, currency: "EUR", locale: "en") == "€81.70")
        #expect(LocaleFormatting.money(Decimal(string: "81.7")!, currency: "EUR", locale: "de") == "81,70 €")
        #expect(LocaleFormatting.money(Decimal(string: "1234.5")!, currency: "USD", locale: "en") == "$1,234.50")
        #expect(LocaleFormatting.money(Decimal(string: "1234.5")!, currency: "USD", locale: "de") == "1.234,50 $")
        #expect(LocaleFormatting.money(Decimal(string: "49.9800")!, currency: "SEK", locale: "en") == "SEK 49.98")
    }

    @Test func datesInEnglishAndGerman() throws {
        let date = try #require(MagentoDate.parse("2025-03-02 09:14:00"))
        #expect(LocaleFormatting.date(date, locale: "en") == "March 2, 2025")
        #expect(LocaleFormatting.date(date, locale: "de") == "2. März 2025")
    }
}
