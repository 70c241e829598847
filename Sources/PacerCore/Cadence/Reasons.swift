import Foundation

/// The reasons of one planned delivery, as the planner found them: put into words only when
/// they are read (``PlannedDelivery/reasons``).
///
/// A plan is made again after every change to the queue, and most of its reasons are never
/// read; wording every one took a fifth of the planning time. The words are the same whenever
/// they are made: every part of them is in the delivery's causes and the plan's ``ReasonBook``.
struct Reasons: Sendable {
    private enum Storage: Sendable {
        case words([Deferral])
        case found(Found)
    }

    /// What the search found for a delivery it placed or could not place, in the order the
    /// reasons are listed: not before, late, one cause per rule, then jitter or why no instant.
    ///
    /// A plan keeps one per delivery, so its fields are laid out small: the rare `late` reason
    /// boxed, the channel's index in 32 bits, in an order that leaves no padding to fill. A plan
    /// entry takes 112 bytes instead of 160.
    struct Found: Sendable {
        var book: ReasonBook
        var causes: [Cause]
        private var lateReason: LateReason?
        /// The delivery's "not before" instant, when it is later than now.
        var notBefore: Date?
        private var channelIndex: Int32
        /// What the search came to.
        var outcome: Outcome

        init(book: ReasonBook, channel: Int, notBefore: Date?, late: Deferral?, causes: [Cause], outcome: Outcome) {
            self.book = book
            self.causes = causes
            lateReason = late.map(LateReason.init)
            self.notBefore = notBefore
            channelIndex = Int32(channel)
            self.outcome = outcome
        }

        /// The channel's index in the book.
        var channel: Int { Int(channelIndex) }
        /// The `late` reason of a late delivery planned again.
        var late: Deferral? { lateReason?.deferral }
    }

    /// What a delivery's search came to: an instant, with the delivery's jitter offset (0: none);
    /// no instant within the search's horizon or after the last slot; or none within the steps a
    /// search may take (``ChannelSchedule/stepLimit``).
    enum Outcome: Sendable {
        case planned(jitter: Int64)
        case noInstant
        case gaveUp
    }

    /// A `late` reason, kept apart from the ``Found`` of the few deliveries that have one.
    private final class LateReason: Sendable {
        let deferral: Deferral

        init(_ deferral: Deferral) {
            self.deferral = deferral
        }
    }

    private let storage: Storage

    /// Reasons already in words.
    init(_ words: [Deferral]) {
        storage = .words(words)
    }

    /// Reasons to be worded when read.
    init(_ found: Found) {
        storage = .found(found)
    }

    /// `not before 2026-12-01T09:00:00Z`: the `at` reason of a delivery asked for later than now.
    static func notBefore(_ instant: Date) -> Deferral {
        Deferral(rule: "at", detail: "not before \(ISOInstant.format(instant))")
    }

    /// The reasons in words, in order.
    var words: [Deferral] {
        switch storage {
        case .words(let words):
            return words
        case .found(let found):
            var words: [Deferral] = []
            words.reserveCapacity(found.causes.count + 3)
            if let notBefore = found.notBefore { words.append(Self.notBefore(notBefore)) }
            if let late = found.late { words.append(late) }
            for cause in found.causes { words.append(found.book.describe(cause, channel: found.channel)) }
            switch found.outcome {
            case .planned(let jitter): if jitter > 0 { words.append(found.book.jitter(jitter)) }
            case .noInstant: words.append(found.book.noInstant(found.channel))
            case .gaveUp: words.append(found.book.gaveUp(found.channel))
            }
            return words
        }
    }
}
