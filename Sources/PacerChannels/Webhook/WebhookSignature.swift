import Crypto

/// `X-Pacer-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body bytes, keyed with the secret's
/// UTF-8 bytes. A receiver recomputes it over the raw body and compares in constant time.
enum WebhookSignature {
    static func header(body: [UInt8], secret: Secret) -> String {
        let key = SymmetricKey(data: Array(secret.value.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256=" + code.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
