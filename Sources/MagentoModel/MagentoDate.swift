public import Foundation

/// Magento's timestamp format, `2026-11-23 16:36:02`, always UTC on the wire (both versions).
public enum MagentoDate {
    public static func parse(_ text: String) -> Date? {
        // Fast fixed-width parse: "yyyy-MM-dd HH:mm:ss" (sometimes only the date part).
        let utf8 = Array(text.utf8)
        guard utf8.count >= 10 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < utf8.count, (48...57).contains(utf8[index]) else { return nil }
                value = value * 10 + Int(utf8[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        var components = DateComponents(year: year, month: month, day: day)
        if utf8.count >= 19 {
            components.hour = number(11..<13)
            components.minute = number(14..<16)
            components.second = number(17..<19)
        }
        return utcCalendar.date(from: components)
    }

    public static func format(_ date: Date) -> String {
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
