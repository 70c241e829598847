import Foundation
import Testing
@testable import PacerCore

/// The planner's whole output, reason texts included, pinned for a fixed set of seeded random
/// inputs: every rule kind (slots shared by many channels, blackouts, gaps, daily and weekly
/// caps, jitter, account-wide gaps and caps, cross-post gap, paused queues and channels, late
/// deliveries, moved ranks, history), so that a change meant to make planning faster is shown to
/// give byte-identical plans.
///
/// All the plans, and the plan of a queue shaped like benchmark row 3, are rendered as text
/// (``render(_:)``) and hashed (64-bit FNV-1a) against ``expectedDigest``; the first few are
/// also compared line by line with `Golden/plans.txt`, so that a difference can be read. After an intended change of the plans or their reasons:
/// `PACER_UPDATE_GOLDEN=1 swift test --filter PlannerGoldenTests`, then copy the digest the
/// test prints into ``expectedDigest``.
struct PlannerGoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/plans.txt")
    /// How many seeded inputs are planned, and how many of them `Golden/plans.txt` shows.
    static let inputCount = 400
    static let readableCount = 6
    /// FNV-1a of the rendering of every input's plan and of the benchmark-shaped one.
    static let expectedDigest: UInt64 = 0x3A75_CA4D_1900_B74F

    static let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kolkata"].map { TimeZone(identifier: $0)! }
    static let slotChoices = [
        "Mon..Fri 08..18:00/20", "Mon..Fri 09..17:00/30", "Tue..Thu 08:30", "*:00/20", "Sat,Sun 10:00", "*-*-* 02:30",
        "Mon 09:00,15", "*:0/5", "*-*-* 09:00 America/New_York",
    ]
    static let blackoutChoices = ["Sat,Sun", "*-12-24..26", "*-*-01", "12:*", "Wed 08..11:*", "*-03-29", "*-10-25", "Fri 00:00 Asia/Tokyo"]
    static let gapChoices = ["1min", "10min", "30min", "1h", "3h", "24h"]

    @Test func plansAndReasonsAreUnchanged() throws {
        var digest = FNV1a()
        var readable = ""
        for seed in 0..<Self.inputCount {
            let text = Self.render(Planner.plan(Self.input(seed: UInt64(seed))))
            digest.add("input \(seed)\n")
            digest.add(text)
            if seed < Self.readableCount { readable += "# input \(seed)\n" + text }
        }
        digest.add("benchmark row 3\n")
        digest.add(Self.render(Planner.plan(Self.benchmarkInput(count: 6_000))))
        if ProcessInfo.processInfo.environment["PACER_UPDATE_GOLDEN"] == "1" {
            try Data(readable.utf8).write(to: Self.golden)
            print("PlannerGoldenTests digest: 0x\(String(digest.value, radix: 16))")
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        if readable != expected {
            let lines = readable.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(lines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(lines.count, expectedLines.count)
            Issue.record("""
                plans differ from Golden/plans.txt at line \(first + 1):
                  now:      \(first < lines.count ? lines[first] : "<end>")
                  expected: \(first < expectedLines.count ? expectedLines[first] : "<end>")
                """)
        }
        #expect(digest.value == Self.expectedDigest, "digest 0x\(String(digest.value, radix: 16)) of \(Self.inputCount) plans changed")
    }

    /// One plan as text: per entry its delivery, post, channel, instant (to the microsecond) or
    /// `never`, late action, and every reason's rule and detail.
    static func render(_ plan: Plan) -> String {
        var text = ""
        for entry in plan.entries {
            text += "\(entry.deliveryID) post \(entry.postID) on \(entry.channel) at \(entry.at.map(instant) ?? "never")"
            switch entry.lateAction {
            case .hold(let reason): text += " hold(\(reason))"
            case .skip(let reason): text += " skip(\(reason))"
            case nil: break
            }
            text += "\n"
            for reason in entry.reasons { text += "  \(reason.rule): \(reason.detail)\n" }
        }
        return text
    }

    /// `2026-12-01T09:00:00Z`, with `+123µs` when the instant is not a whole second.
    static func instant(_ date: Date) -> String {
        let microseconds = LocalCalendar.microseconds(date)
        let fraction = microseconds - LocalCalendar.floorDivide(microseconds, 1_000_000) * 1_000_000
        return ISOInstant.format(date) + (fraction == 0 ? "" : "+\(fraction)µs")
    }

    /// The input of one seed. Most inputs have many channels sharing a few slot grids and zones,
    /// as the planner's shared slot tables and remembered searches are meant for; every tenth is
    /// a long queue.
    static func input(seed: UInt64) -> PlanningInput {
        var random = PlannerPropertyTests.Random(state: 0x601D_0000 &+ seed)
        let now = Date(timeIntervalSince1970: 1_767_225_600 + Double(random.below(365 * 24)) * 3600 + Double(random.below(3600)))
        let channelCount = 1 + random.below(10)
        let sharedZone = random.pick(zones)
        let sharedSlots = (0...random.below(2)).map { _ in try! CalendarSpec.parse(random.pick(slotChoices)) }
        let channels = (0..<channelCount).map { index in
            ChannelRules(
                name: "c\(index)", timeZone: random.chance(70) ? sharedZone : random.pick(zones),
                minGap: random.chance(60) ? try! TimeSpan.parse(random.pick(gapChoices)) : nil,
                maxPerDay: random.chance(50) ? 1 + random.below(12) : nil,
                maxPerWeek: random.chance(40) ? 1 + random.below(40) : nil,
                slots: random.chance(60) ? sharedSlots
                    : random.chance(50) ? (0...random.below(2)).map { _ in try! CalendarSpec.parse(random.pick(slotChoices)) } : [],
                blackout: random.chance(50) ? (0...random.below(2)).map { _ in try! CalendarSpec.parse(random.pick(blackoutChoices)) } : [],
                jitter: random.chance(40) ? try! TimeSpan.parse(random.pick(["90s", "5min", "17min", "1h"])) : nil,
                paused: random.chance(4),
                maxLateness: random.chance(30) ? try! TimeSpan.parse(random.pick(["10min", "2h"])) : nil,
                late: random.pick(LatePolicy.allCases))
        }
        let account = AccountRules(
            timeZone: random.chance(70) ? sharedZone : random.pick(zones),
            minGap: random.chance(60) ? try! TimeSpan.parse(random.pick(["1min", "5min", "45min", "2h"])) : nil,
            maxPerDay: random.chance(40) ? 1 + random.below(30) : nil,
            maxPerWeek: random.chance(30) ? 3 + random.below(100) : nil,
            crossPostGap: random.chance(60) ? try! TimeSpan.parse(random.pick(["10min", "30min", "2h"])) : nil)
        let count = seed % 10 == 9 ? 500 + random.below(1_500) : random.below(120)
        let postCount = 1 + count / (1 + random.below(3))
        let pending = (0..<count).map { index in
            let notBefore = random.chance(25) ? now.addingTimeInterval(Double(random.below(30 * 24 * 60)) * 60 + Double(random.below(60))) : nil
            let previous = random.chance(15) ? now.addingTimeInterval(-Double(random.below(6 * 60)) * 60) : nil
            let channel = random.chance(3) ? "gone" : "c\(random.below(channelCount))"
            return PendingDelivery(
                id: DeliveryID(index + 1), postID: PostID(1 + random.below(postCount)), channel: channel, notBefore: notBefore,
                previousPlannedAt: previous, rank: random.chance(5) ? Int64(random.below(200)) - 100 : nil)
        }
        let history = (0..<random.below(30)).map { index in
            PastDelivery(
                id: DeliveryID(100_000 + index), channel: random.chance(5) ? "retired" : "c\(random.below(channelCount))",
                at: now.addingTimeInterval(-Double(random.below(10 * 24 * 60)) * 60),
                postID: random.chance(60) ? PostID(1 + random.below(postCount)) : nil)
        }
        return PlanningInput(now: now, channels: channels, pending: pending, history: history, account: account, paused: random.chance(2))
    }

    /// The shape of benchmark row 3 (`bench/Sources/PacerBench/CoreRows.swift`): ten channels on
    /// one slot grid with every rule on, two deliveries per post, every fifth not before an
    /// instant within 30 days.
    static func benchmarkInput(count: Int) -> PlanningInput {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let base = ISOInstant.parse("2026-01-01T00:00:00Z")!
        let slots = [try! CalendarSpec.parse("Mon..Fri 08..18:00/20")]
        let blackout = [try! CalendarSpec.parse("*-12-24..26")]
        let channels = (0..<10).map { index in
            ChannelRules(
                name: "c\(index)", timeZone: berlin, minGap: TimeSpan(seconds: 1800), maxPerDay: 12, maxPerWeek: 50,
                slots: slots, blackout: blackout, jitter: TimeSpan(seconds: 300))
        }
        let account = AccountRules(
            timeZone: berlin, minGap: TimeSpan(seconds: 60), maxPerDay: 100, maxPerWeek: 500, crossPostGap: TimeSpan(seconds: 1800))
        let pending = (0..<count).map { index in
            let notBefore = index % 5 == 0 ? base.addingTimeInterval(Double((index * 7_919) % 2_592_000)) : nil
            return PendingDelivery(id: DeliveryID(index), postID: PostID(index / 2), channel: "c\(index % 10)", notBefore: notBefore)
        }
        return PlanningInput(now: base, channels: channels, pending: pending, history: [], account: account)
    }

    /// 64-bit FNV-1a over UTF-8 bytes: stable across runs and platforms, unlike `Hasher`.
    struct FNV1a {
        private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

        mutating func add(_ text: String) {
            for byte in text.utf8 {
                value ^= UInt64(byte)
                value &*= 0x0000_0100_0000_01B3
            }
        }
    }
}
