import Foundation
import Testing
@testable import PacerProtocol

/// What the reliability soak's socket fuzzing (`Tests/Reliability/soak.py`, fuzz-socket) found.
struct ReliabilityRequestTests {
    func decode(_ text: String) -> Request? {
        try? ControlCoding.decodeRequest(Array(text.utf8))
    }

    /// A malformed `pause` or `resume` used to pause or resume the whole queue.
    @Test(arguments: ["pause", "resume"])
    func pauseAndResumeRefuseParametersTheyDoNotKnow(op: String) {
        #expect(decode(#"{"v":1,"op":"\#(op)","params":{"id":"x"}}"#) == nil)
        #expect(decode(#"{"v":1,"op":"\#(op)","params":{"chanel":"outbox"}}"#) == nil)
        #expect(decode(#"{"v":1,"op":"\#(op)","params":{"channel":7}}"#) == nil)
        let whole: Request = op == "pause" ? .pause(nil) : .resume(nil)
        let one: Request = op == "pause" ? .pause("outbox") : .resume("outbox")
        #expect(decode(#"{"v":1,"op":"\#(op)"}"#) == whole)
        #expect(decode(#"{"v":1,"op":"\#(op)","params":{}}"#) == whole)
        #expect(decode(#"{"v":1,"op":"\#(op)","params":{"channel":null}}"#) == whole)
        #expect(decode(#"{"v":1,"op":"\#(op)","params":{"channel":"outbox"}}"#) == one)
        for request in [whole, one] {
            let line = try? ControlCoding.makeEncoder().encode(request)
            #expect(line.flatMap { try? ControlCoding.decodeRequest(Array($0)) } == request, "what the CLI sends still decodes")
        }
    }
}
