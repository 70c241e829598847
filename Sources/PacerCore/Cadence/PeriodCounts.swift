/// How many taken instants fall in each period (local day or ISO week): an array over the periods
/// from the first to the last one counted, as a search asks for a count at most steps.
struct PeriodCounts {
    /// The period number of `counts[0]`.
    private var first = 0
    private var counts: [Int32] = []

    /// How many instants fall in `period`.
    subscript(period: Int) -> Int {
        let index = period - first
        return index >= 0 && index < counts.count ? Int(counts[index]) : 0
    }

    /// Counts one more instant in `period`.
    mutating func add(_ period: Int) {
        if counts.isEmpty {
            first = period
            counts = [0]
        } else if period < first {
            counts.insert(contentsOf: repeatElement(0, count: first - period), at: 0)
            first = period
        } else if period - first >= counts.count {
            counts.append(contentsOf: repeatElement(0, count: period - first - counts.count + 1))
        }
        counts[period - first] += 1
    }
}
