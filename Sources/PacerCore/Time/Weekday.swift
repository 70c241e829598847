/// English weekday names as systemd reads them (case-insensitive, full or three letters).
enum Weekday {
    /// Names in systemd's calendar order; index / 2 is the weekday with Monday = 0.
    static let calendarNames = [
        "Monday", "Mon", "Tuesday", "Tue", "Wednesday", "Wed", "Thursday", "Thu",
        "Friday", "Fri", "Saturday", "Sat", "Sunday", "Sun",
    ]

    /// Three-letter names with Monday = 0, as the normalised calendar form prints them.
    static let short = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Names in the order systemd's timestamp parser tries them.
    static let timestampNames = [
        "Sunday", "Sun", "Monday", "Mon", "Tuesday", "Tue", "Wednesday", "Wed",
        "Thursday", "Thu", "Friday", "Fri", "Saturday", "Sat",
    ]

    /// C's `tm_wday` (Sunday = 0) for each of ``timestampNames``.
    static let timestampNumbers = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
}
