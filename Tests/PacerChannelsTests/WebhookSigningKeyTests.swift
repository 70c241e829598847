import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// Standard Webhooks signing keys and signatures (issue 22, item 12).
struct WebhookSigningKeyTests {
    @Test func theSignatureIsTheSpecificationsExample() throws {
        // The example of the Standard Webhooks libraries' tests: secret, id, timestamp, body and signature.
        let key = try WebhookSigningKey(Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), credential: "hook-key")
        #expect(key.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8))
                == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func paddingIsOptionalAsInTheLibraries() throws {
        let padded = try WebhookSigningKey(Secret("whsec_cGxlYXNlLW5ldmVyLXByaW50LThjMWYwZTZhLWtleSE="), credential: "hook-key")
        let unpadded = try WebhookSigningKey(Secret("whsec_cGxlYXNlLW5ldmVyLXByaW50LThjMWYwZTZhLWtleSE"), credential: "hook-key")
        #expect(padded.signature(id: "a", timestamp: 1, body: []) == unpadded.signature(id: "a", timestamp: 1, body: []))
    }

    @Test(arguments: [
        ("s3cr3t-webhook-key-of-old", "it does not start with whsec_"),
        ("whsec_not base64!", "what follows whsec_ is not standard base64"),
        ("whsec_cGxlYXNl-W5ldmVy_XByaW50LThjMWYwZTZhLWtleSE", "what follows whsec_ is not standard base64"),
        ("whsec_AAECAwQFBgcICQoLDA0ODxAREhMU", "its key is 21 bytes; at least 24 are needed"),
        ("whsec_", "its key is 0 bytes; at least 24 are needed"),
    ])
    func anotherFormIsRefusedNamingTheCredentialAndTheFix(secret: String, problem: String) {
        #expect {
            try WebhookSigningKey(Secret(secret), credential: "hook-key")
        } throws: { error in
            let message = (error as? CredentialError)?.description ?? ""
            return message.hasPrefix("credential \"hook-key\" is not a Standard Webhooks secret: \(problem); refused. Fix: write whsec_ and the base64 of at least 24 random bytes")
                && (secret.count <= 6 || !message.contains(secret.dropFirst(6)))
        }
    }
}
