public import Foundation

/// Amounts and dates as a customer in the conversation's locale reads them:
/// en "$68.99", "€81.70", "March 2, 2025"; de "81,70 €", "2. März 2025".
///
/// Written out rather than taken from Foundation's formatters so output is identical on every
/// platform and ICU version, and fast.
public enum LocaleFormatting {
    static let symbols: [String: String] = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "CHF": "CHF"]

    public static func money(_ amount: Decimal, currency: String, locale: String) -> String {
        let symbol = symbols[currency.uppercased()] ?? currency.uppercased()
        let negative = amount < 0
        var cents = (NSDecimalNumber(decimal: abs(amount) * 100).doubleValue).rounded()
        if cents.isNaN { cents = 0 }
        let whole = Int(cents / 100)
        let fraction = Int(cents.truncatingRemainder(dividingBy: 100))
        let fractionText = fraction < 10 ? "0\(fraction)" : "\(fraction)"
        let german = locale == "de"
        let grouped = group(whole, separator: german ? "." : ",")
        let sign = negative ? "-" : ""
        if german {
            return "\(sign)\(grouped),\(fractionText) \(symbol)"
        }
        let spacer = symbol.count > 1 && symbol.allSatisfy(\.isLetter) ? " " : ""
        return "\(sign)\(symbol)\(spacer)\(grouped).\(fractionText)"
    }

    static func group(_ value: Int, separator: String) -> String {
        let digits = String(value)
        var output = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { output += separator }
            output.append(character)
        }
        return output
    }

    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let germanMonths = [
        "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember",
    ]

    public static func date(_ date: Date, locale: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 1970
        let month = (parts.month ?? 1) - 1
        let day = parts.day ?? 1
        if locale == "de" { return "\(day). \(germanMonths[month]) \(year)" }
        return "\(englishMonths[month]) \(day), \(year)"
    }
}
