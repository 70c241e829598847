/// A broken-down wall-clock time with the conventions of C's `struct tm`, so that systemd's
/// algorithms can be followed step by step: `month` is 0-based, fields may be out of range until
/// normalised, `weekday` is 0 for Sunday, `isDST` is -1 (unknown), 0 or 1.
struct BrokenDownTime: Equatable {
    var year: Int  // the full year, e.g. 2026 (not years since 1900)
    var month: Int  // 0…11
    var day: Int  // 1…31
    var hour: Int
    var minute: Int
    var second: Int
    var isDST: Int = -1
    var weekday: Int = 0  // 0 = Sunday
    var yearDay: Int = 0  // 0-based

    /// The same fields read as if they were UTC, with out-of-range values carried over linearly
    /// (what glibc's `ydhms_diff` computes).
    var secondsAsUTC: Int64 {
        Civil.secondsAsUTC(year: year, month0: month, day: day, hour: hour, minute: minute, second: second)
    }
}

/// Proleptic Gregorian calendar arithmetic on integers.
enum Civil {
    static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 of a civil date (month 1…12); any day number is carried over.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468 + Int64(day) - 1
    }

    /// The civil date (month 1…12) of a day number counted from 1970-01-01.
    static func date(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Seconds since the epoch of wall-clock fields read as UTC; month is 0-based and every field
    /// may be out of range (carried over like `mktime` does).
    static func secondsAsUTC(year: Int, month0: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64 {
        let carry = month0 >= 0 ? month0 / 12 : (month0 - 11) / 12
        let month = month0 - carry * 12
        let dayNumber = days(year: year + carry, month: month + 1, day: 1) + Int64(day) - 1
        return dayNumber * secondsPerDay + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
    }

    /// The broken-down UTC fields of an instant shifted by `offset` seconds.
    static func fields(of seconds: Int64, offset: Int, isDST: Int) -> BrokenDownTime {
        let local = seconds + Int64(offset)
        let dayNumber = local >= 0 ? local / secondsPerDay : (local - secondsPerDay + 1) / secondsPerDay
        let secondOfDay = Int(local - dayNumber * secondsPerDay)
        let date = date(days: dayNumber)
        let weekday = Int(((dayNumber % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        let yearDay = Int(dayNumber - days(year: date.year, month: 1, day: 1))
        return BrokenDownTime(
            year: date.year, month: date.month - 1, day: date.day,
            hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
            isDST: isDST, weekday: weekday, yearDay: yearDay)
    }
}
