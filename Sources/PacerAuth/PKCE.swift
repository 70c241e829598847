import Crypto

/// Proof Key for Code Exchange (RFC 7636) with `S256`: the token request proves that it comes
/// from the process that started the authorization, so an intercepted code is worth nothing.
struct PKCE: Sendable {
    /// 43 characters of base64url from 32 random bytes (the RFC's recommended size).
    let verifier: String

    init() {
        verifier = Self.randomToken(bytes: 32)
    }

    init(verifier: String) {
        self.verifier = verifier
    }

    /// `BASE64URL(SHA256(verifier))`, sent with the authorization request.
    var challenge: String {
        Self.base64URL(Array(SHA256.hash(data: Array(verifier.utf8))))
    }

    /// A random string for `state` or a verifier: base64url of `bytes` random bytes.
    static func randomToken(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Base64url without padding (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0...chunk.count {
                output.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
