import Foundation
import PacerProtocol
import Testing

/// `pacer why` shows the "not before" instant as every other human output shows instants, in
/// local time with how far away it is; it printed `not before 2026-12-07T15:57:31Z`.
@Suite(.timeLimit(.minutes(2)))
struct WhyInstantTests {
    @Test func notBeforeIsShownInLocalTime() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "Not before two hours from now", "--at", "+2h")
        #expect(post.deliveries.first?.reasons.first?.rule == "at")
        let why = try harness.pacer("why", String(post.id))
        #expect(why.status == 0, "\(why.stderr)")
        let line = try #require(why.stdout.split(separator: "\n").first { $0.contains("because not before") })
        #expect(line.range(of: #"because not before \w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(in "#, options: .regularExpression) != nil, "\(line)")
        #expect(!line.contains("Z"), "\(line)")
        let json = try harness.pacerJSON(PostView.self, "why", String(post.id))
        #expect(json.deliveries.first?.reasons.first?.detail.hasSuffix("Z") == true, "JSON keeps the planner's words")
    }
}
