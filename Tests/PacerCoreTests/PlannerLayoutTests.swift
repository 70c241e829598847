import Testing
@testable import PacerCore

/// The planner's values keep the sizes that a plan's memory depends on (`bench/PROFILE.md`,
/// rows 3 and 7): a plan keeps one entry per delivery and one cause per rule that moved it, so a
/// field added carelessly costs every queued delivery.
struct PlannerLayoutTests {
    @Test func aCauseTakesSixteenBytes() {
        #expect(MemoryLayout<Cause>.stride == 16)
    }

    @Test func aPlanEntryTakesAHundredAndTwelveBytes() {
        #expect(MemoryLayout<PlannedDelivery>.stride == 112)
    }
}
