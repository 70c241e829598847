import Foundation

/// Time-zone names as systemd accepts them: IANA names such as `Europe/Berlin`, and `UTC`.
enum ZoneName {
    /// The zone called `name`, if systemd would accept the name (`timezone_is_valid()`): letters,
    /// digits, `-`, `_`, `+` and single inner slashes, naming a zone that exists. Foundation's
    /// synthetic spellings such as `GMT+5` are refused, as there is no such tz database file.
    static func zone(named name: some StringProtocol) -> TimeZone? {
        let text = String(name)
        if text == "UTC" { return TimeZone(identifier: "UTC") }
        guard isWellFormed(text), let zone = TimeZone(identifier: text), zone.identifier == text else {
            return nil
        }
        return zone
    }

    private static func isWellFormed(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.hasSuffix("/") else { return false }
        var previousSlash = false
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", "+":
                previousSlash = false
            case "/":
                if previousSlash { return false }
                previousSlash = true
            default:
                return false
            }
        }
        return true
    }
}
