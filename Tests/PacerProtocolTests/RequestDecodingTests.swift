import Foundation
import Testing
@testable import PacerProtocol

/// Bad input on the control socket is answered with an error that names the problem.
struct RequestDecodingTests {
    func decode(_ text: String) -> Result<Request, ProtocolError> {
        Result { () throws(ProtocolError) in try ControlCoding.decodeRequest(Array(text.utf8)) }
    }

    @Test func requestsRoundTrip() throws {
        let requests: [Request] = [
            .add(AddParameters(text: "hi", channels: ["outbox"], at: "+2h", title: "t", tags: ["x"])),
            .add(AddParameters(text: "plain")), .list, .show(3), .cancel(4), .status, .checkStore,
        ]
        for request in requests {
            let line = try ControlCoding.makeEncoder().encode(request)
            #expect(try ControlCoding.decodeRequest(Array(line)) == request)
        }
    }

    @Test(arguments: [
        ("", ErrorCode.invalidRequest),
        ("not json", .invalidRequest),
        ("[1,2]", .invalidRequest),
        ("{}", .invalidRequest),
        (#"{"v":1}"#, .invalidRequest),
        (#"{"v":2,"op":"list"}"#, .unsupportedVersion),
        (#"{"v":"1","op":"list"}"#, .invalidRequest),
        (#"{"v":1,"op":"explode"}"#, .invalidRequest),
        (#"{"v":1,"op":"show"}"#, .invalidRequest),
        (#"{"v":1,"op":"show","params":{"id":"seven"}}"#, .invalidRequest),
        (#"{"v":1,"op":"add","params":{"text":5}}"#, .invalidRequest),
        (#"{"v":1,"op":"add","params":{"text":"x","draft":"yes"}}"#, .invalidRequest),
        (#"{"v":1,"op":"move","params":{"id":1,"position":"middle"}}"#, .invalidRequest),
        (#"{"v":1,"op":"edit","params":{"id":1}}"#, .invalidRequest),
        (#"{"v":1,"op":"add","params":{"text":"x","channels":"outbox"}}"#, .invalidRequest),
    ])
    func malformedRequestsAreRefusedWithACode(text: String, code: ErrorCode) {
        guard case let .failure(error) = decode(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(error.code == code)
        #expect(!error.description.isEmpty)
    }

    @Test func missingFieldsAreNamed() {
        guard case let .failure(error) = decode(#"{"v":1,"op":"edit","params":{"id":3}}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(error.description.contains("params.source"), "\(error.description)")
    }

    @Test func invalidUTF8IsRefused() {
        let bytes: [UInt8] = Array(#"{"v":1,"op":"add","params":{"text":""#.utf8) + [0xFF, 0xFE] + Array(#""}}"#.utf8)
        #expect(throws: ProtocolError.self) { try ControlCoding.decodeRequest(bytes) }
    }

    @Test func oversizedRequestsAreRefusedBeforeParsing() {
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: ControlCoding.maxRequestBytes + 1)
        #expect(throws: ProtocolError.tooLarge(limit: ControlCoding.maxRequestBytes)) { try ControlCoding.decodeRequest(huge) }
    }

    @Test func deeplyNestedInputDoesNotCrash() {
        let nested = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: ProtocolError.self) { try ControlCoding.decodeRequest(Array(nested.utf8)) }
    }

    @Test func unknownValuesAreNullNotAbsentInReplies() throws {
        let view = DeliveryView(id: 1, postID: 1, channel: "outbox", state: .queued, plannedAt: nil, publishedAt: nil, url: nil, error: nil, reasons: [])
        let json = String(decoding: try ControlCoding.makeEncoder().encode(view), as: UTF8.self)
        #expect(json.contains(#""published_at":null"#))
        #expect(json.contains(#""url":null"#))
        #expect(json.contains(#""state":"queued""#))
    }
}
