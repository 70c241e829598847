import PacerCore

/// The delivery states as stored in the `state` column.
enum DeliveryStateNames {

    /// `'a', 'b'` for an SQL `IN (…)` list.
    static func sqlList(_ states: some Sequence<DeliveryState>) -> String {
        states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}
