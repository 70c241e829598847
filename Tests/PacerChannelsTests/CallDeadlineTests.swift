import PacerCore
import Testing
@testable import PacerChannels

/// How a request's end is worked out from the call's one deadline: the split that lets a look-up
/// the call can do without (a link card's page) leave time for the request that publishes.
struct CallDeadlineTests {
    @Test func anOptionalLookUpGetsHalfTheTimeLeftAndTheRestKeepsTheWhole() async {
        let timeout = TimeSpan(microseconds: 40_000_000)
        await CallDeadline.run(within: timeout) {
            let deadline = CallDeadline.current!
            let before = ContinuousClock.now
            let optional = CallDeadline.forRequest(timeout: TimeSpan(microseconds: 60_000_000), optional: true)
            let after = ContinuousClock.now
            let needed = CallDeadline.forRequest(timeout: TimeSpan(microseconds: 60_000_000), optional: false)
            #expect(needed == deadline, "a request the call needs ends at the call's deadline, not its own timeout")
            // Half of what was left when it was asked, however long the machine took to ask.
            #expect(optional >= before + (deadline - before) / 2 && optional <= after + (deadline - after) / 2)
            #expect(optional >= deadline - .seconds(20) && optional < deadline)
        }
        // Outside a call: the request's own timeout.
        let before = ContinuousClock.now
        let alone = CallDeadline.forRequest(timeout: TimeSpan(microseconds: 5_000_000), optional: true)
        #expect(alone >= before + .seconds(5) && alone <= ContinuousClock.now + .seconds(5))
    }
}
