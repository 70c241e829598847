import Foundation
import Testing
@testable import PacerCore

/// The planner's output for small inputs a reviewer can check by eye: one file per rule and per
/// interaction of rules in `Golden/Plans`, each holding its input, a line `---`, and the plan with
/// every reason (``render(_:)``).
///
/// The input is a few lines (``GoldenPlanInput``): `now`, `paused`, `account`, `channel NAME` with
/// its rules indented below it, `queue ID post N channel C [not_before I] [rank R] [previous I]` and
/// `history ID channel C at I [post N]`; `#` starts a comment. After an intended change of plans or
/// reasons: `PACER_UPDATE_GOLDEN=1 swift test --filter GoldenPlanTests`, then read the diff.
struct GoldenPlanTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/Plans")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".plan") }.sorted()
    }

    @Test func thereIsAFilePerRule() {
        #expect(Self.files.count >= 15, "\(Self.files)")
    }

    @Test(arguments: files)
    func planIsAsWritten(file: String) throws {
        let url = Self.directory.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let parts = text.components(separatedBy: "\n---\n")
        try #require(parts.count == 2, "\(file): the input, a line ---, then the plan")
        let plan = Self.render(Planner.plan(try GoldenPlanInput.parse(parts[0])))
        if ProcessInfo.processInfo.environment["PACER_UPDATE_GOLDEN"] == "1" {
            try Data((parts[0] + "\n---\n" + plan).utf8).write(to: url)
        }
        #expect(plan == parts[1], "\(file): the plan is now\n\(plan)")
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
}
