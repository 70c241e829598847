import Foundation

/// Instants as Pacer prints them to machines: ISO 8601 in UTC with `Z`, whole seconds
/// (`2026-12-01T09:00:00Z`).
public enum ISOInstant {
    /// `2026-12-01T09:00:00Z`: the year padded to four digits, the other fields to two.
    public static func format(_ instant: Date) -> String {
        let seconds = Int((instant.timeIntervalSince1970).rounded(.down))
        let day = ZonedDay(index: Int((Double(seconds) / 86_400).rounded(.down)))
        let (year, month, dayOfMonth) = day.civil
        let secondOfDay = seconds - day.index * 86_400
        let yearText = String(year)
        let paddedYear = String(repeating: "0", count: max(0, 4 - yearText.utf8.count)) + yearText
        return "\(paddedYear)-\(twoDigits(month))-\(twoDigits(dayOfMonth))T\(twoDigits(secondOfDay / 3600)):"
            + "\(twoDigits(secondOfDay / 60 % 60)):\(twoDigits(secondOfDay % 60))Z"
    }

    /// `value` (0 to 99) as two digits.
    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension ISOInstant {
    /// Parses exactly the form `format` writes (`2026-12-01T09:00:00Z`, optional fraction); `nil` otherwise.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        let separators: [(Int, UInt8)] = [(4, 45), (7, 45), (10, 84), (13, 58), (16, 58)]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1 }),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if bytes.count > 20 {
            guard bytes[19] == 46, let digits = number(20..<(bytes.count - 1)) else { return nil }
            fraction = Double(digits) / pow(10, Double(bytes.count - 21))
        } else if bytes[19] != UInt8(ascii: "Z") {
            return nil
        }
        let days = Int(Civil.days(year: year, month: month, day: day))
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction)
    }
}
