/// `CalendarSpec.nextElapse` that remembers its last answer: if the query after `a` answered `r`,
/// every query after `q` with `a ≤ q < r` answers `r` too, and searches move forward through time.
struct ElapseMemo {
    let spec: CalendarSpec
    let calendar: LocalCalendar
    private var lastQuery = Int64.max
    private var lastAnswer: Int64?

    init(spec: CalendarSpec, calendar: LocalCalendar) {
        self.spec = spec
        self.calendar = calendar
    }

    /// The first elapse strictly after `instant` (microseconds since the epoch); nil if none.
    mutating func next(after instant: Int64) -> Int64? {
        if lastQuery <= instant, lastAnswer.map({ instant < $0 }) ?? true { return lastAnswer }
        lastQuery = instant
        lastAnswer = spec.nextElapse(afterMicroseconds: instant, in: calendar.zone)
        return lastAnswer
    }
}
