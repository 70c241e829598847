import PacerCore
import PacerPOSIX

/// A directory (mode 0700) of one small durable file per delivery: what a channel must remember
/// about a delivery across attempts and restarts, such as its record key or when a request of it
/// went unanswered.
struct DeliveryMarks: Sendable {
    let directory: String

    func path(for delivery: DeliveryID) -> String { "\(directory)/delivery-\(delivery)" }

    /// The mark of `delivery`, if any.
    func read(_ delivery: DeliveryID) throws(SystemCallError) -> String? {
        try SmallFile.readText(path(for: delivery))?.trimmingWhitespace()
    }

    /// Writes the mark of `delivery` durably (mode 0600).
    func write(_ text: String, for delivery: DeliveryID) throws(SystemCallError) {
        try Files.makeDirectories(directory, mode: 0o700)
        try Files.writeDurably(text + "\n", to: path(for: delivery))
    }

    /// Forgets `delivery`.
    func remove(_ delivery: DeliveryID) throws(SystemCallError) {
        try SmallFile.remove(path(for: delivery))
    }
}
