import Crypto
import Foundation

/// The key a webhook channel signs with, as Standard Webhooks (standardwebhooks.com) has it: the
/// credential holds `whsec_` and the base64 of the key's bytes (at least 24 of them, as the
/// specification recommends), the form its libraries take, so a receiver is given the same text.
///
/// `webhook-signature` is `v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`.
/// Signing the id and the instant with the body lets a receiver refuse a replayed request: its
/// library refuses a timestamp more than five minutes away, and the receiver dedupes on the id.
struct WebhookSigningKey {
    static let prefix = "whsec_"
    static let minimumBytes = 24
    private static let base64Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    private let key: SymmetricKey
    /// The secret's forms that may be echoed back: the whole credential and its base64 part.
    let secrets: [Secret]

    /// The key of `secret`, read from credential `credential`; a secret of another form is refused
    /// with an error that names the credential and says how to make one.
    init(_ secret: Secret, credential: String) throws(CredentialError) {
        func refuse(_ problem: String) -> CredentialError { .notWebhookSecret(credential, problem: problem) }
        guard secret.value.hasPrefix(Self.prefix) else { throw refuse("it does not start with \(Self.prefix)") }
        let encoded = String(secret.value.dropFirst(Self.prefix.count))
        // Padding is optional, as the libraries take it; URL-safe digits are not, since they ignore them.
        let digits = encoded.prefix { $0 != "=" }
        let padding = String(repeating: "=", count: (4 - digits.count % 4) % 4)
        guard digits.allSatisfy({ Self.base64Digits.contains($0) }), encoded.dropFirst(digits.count).allSatisfy({ $0 == "=" }),
              let bytes = Data(base64Encoded: digits + padding)
        else { throw refuse("what follows \(Self.prefix) is not standard base64") }
        guard bytes.count >= Self.minimumBytes else { throw refuse("its key is \(bytes.count) bytes; at least \(Self.minimumBytes) are needed") }
        key = SymmetricKey(data: bytes)
        secrets = [secret, Secret(encoded)]
    }

    /// The `webhook-signature` value of `body` sent with `id` at `timestamp` (UNIX seconds).
    func signature(id: String, timestamp: Int, body: [UInt8]) -> String {
        let signed = Array("\(id).\(timestamp).".utf8) + body
        return "v1," + Data(HMAC<SHA256>.authenticationCode(for: signed, using: key)).base64EncodedString()
    }
}
