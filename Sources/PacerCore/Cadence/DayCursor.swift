/// ``LocalCalendar``'s local days, remembered around the instants last asked about.
///
/// A search asks for the day of many nearby instants, and for the first instants of the same few
/// days, over and over. The cursor keeps the stretch of the last day asked for in which the UTC
/// offset does not change (so the day is the same for every instant in it) and the first instants
/// of the last two days asked for. Every answer is ``LocalCalendar``'s own.
struct DayCursor {
    let calendar: LocalCalendar
    /// ``LocalCalendar/day(of:)`` is `day` for every instant in `low ..< high`.
    private var day = 0
    private var low = Int64.max
    private var high = Int64.min
    /// The last two days whose first instant was asked for (`Int.min`: none yet).
    private var recent = (day: Int.min, start: Int64(0))
    private var previous = (day: Int.min, start: Int64(0))

    init(_ calendar: LocalCalendar) {
        self.calendar = calendar
    }

    /// ``LocalCalendar/day(of:)``.
    @inline(__always)
    mutating func day(of instant: Int64) -> Int {
        if instant >= low, instant < high { return day }
        (day, low, high) = calendar.dayStretch(containing: instant)
        return day
    }

    /// ``LocalCalendar/start(ofDay:)``.
    @inline(__always)
    mutating func start(ofDay day: Int) -> Int64 {
        if day == recent.day { return recent.start }
        if day == previous.day { return previous.start }
        let start = calendar.start(ofDay: day)
        previous = recent
        recent = (day, start)
        return start
    }
}
