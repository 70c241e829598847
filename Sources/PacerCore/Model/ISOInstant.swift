import Foundation

/// Instants as Pacer prints them to machines: ISO 8601 in UTC with `Z`, whole seconds
/// (`2026-12-01T09:00:00Z`).
public enum ISOInstant {
    /// `2026-12-01T09:00:00Z`.
    public static func format(_ instant: Date) -> String {
        let seconds = Int((instant.timeIntervalSince1970).rounded(.down))
        let day = ZonedDay(index: Int((Double(seconds) / 86_400).rounded(.down)))
        let (year, month, dayOfMonth) = day.civil
        let secondOfDay = seconds - day.index * 86_400
        guard (0...9_999).contains(year) else {
            func pad(_ value: Int, _ width: Int = 2) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            return "\(pad(year, 4))-\(pad(month))-\(pad(dayOfMonth))T\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))Z"
        }
        // Written byte by byte: the planner words a reason with an instant for many deliveries.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, digits: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, digits: 4, at: 0)
            put(month, digits: 2, at: 5)
            put(dayOfMonth, digits: 2, at: 8)
            put(secondOfDay / 3600, digits: 2, at: 11)
            put(secondOfDay / 60 % 60, digits: 2, at: 14)
            put(secondOfDay % 60, digits: 2, at: 17)
            buffer[4] = UInt8(ascii: "-")
            buffer[7] = UInt8(ascii: "-")
            buffer[10] = UInt8(ascii: "T")
            buffer[13] = UInt8(ascii: ":")
            buffer[16] = UInt8(ascii: ":")
            buffer[19] = UInt8(ascii: "Z")
            return 20
        }
    }
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
