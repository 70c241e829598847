import Foundation
import Testing
import PacerCore
@testable import PacerDaemon

/// `pacer config check` (pacerd --check-config) refuses a channel whose slots and blackouts leave
/// no instant in the year ahead, naming the channel, the line of its `slots` or `blackout` and
/// what to change; pacerd itself still loads such a file and says why in the plan.
struct ConfigCheckTests {
    let loader = ConfigLoader(systemTimeZone: TimeZone(identifier: "UTC")!, defaultOutbox: "/home/me/.local/share/pacer/outbox")
    let now = ISOInstant.parse("2026-12-07T12:00:00Z")!

    func checked(_ channel: String) -> ConfigError? {
        let text = """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            min_gap = "2h"

            [[channel]]
            name = "closed"
            kind = "outbox"
            \(channel)
            """
        do {
            _ = try loader.check(text, file: "config.toml", now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func aBlackoutOfEveryMinuteIsRefusedOnItsLine() throws {
        let error = try #require(checked("blackout = [\"*-*-* *:*\"]"))
        #expect(error.line == 9)
        #expect(error.problem == """
            channel closed: no instant in the next year is outside the blackouts of channel closed; \
            change blackout so that it leaves time free; pacer calendar EXPRESSION shows when an expression elapses
            """)
    }

    @Test func slotsInsideAnAllDayBlackoutAreRefusedOnTheSlotsLine() throws {
        let error = try #require(checked("blackout = [\"*-*-*\"]\nslots = [\"*-*-* *:*:0/0.000001\"]\njitter = \"5min\""))
        #expect(error.line == 10)
        #expect(error.description.hasPrefix("config.toml:10: channel closed: no instant in the next year satisfies the slots of channel closed outside its blackouts (jitter 5min included); change slots or blackout so that some slot falls outside every blackout (or shorten jitter)"))
    }

    @Test func slotsThatNeverElapseAgainAreRefused() throws {
        let error = try #require(checked("slots = [\"2020-01-01 09:00\"]"))
        #expect(error.line == 9)
        #expect(error.problem.contains("no instant in the next year satisfies the slots of channel closed; change slots so that they elapse again"))
    }

    @Test func slotsOutsideTheBlackoutsPass() throws {
        #expect(checked("slots = [\"Mon..Fri 09:00\"]\nblackout = [\"Sat,Sun\", \"*-*-* 12..23:*\"]") == nil)
    }

    @Test func pacerdItselfLoadsSuchAFileAndThePlanSaysWhy() throws {
        let config = try loader.parse("[[channel]]\nname = \"closed\"\nkind = \"outbox\"\nblackout = [\"*-*-* *:*\"]\n", file: "config.toml")
        let rules = try #require(config.channel(named: "closed")).rules
        #expect(rules.closedReason(from: now)?.detail == "no instant in the next year is outside the blackouts of channel closed")
    }
}
