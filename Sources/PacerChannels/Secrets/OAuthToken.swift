import Crypto
import Foundation
import PacerCore

/// An OAuth 2.0 access token with what renewing it needs, as a credential file holds it.
///
/// The file holds either the bare access token (used as it is, never renewed) or, when its first
/// non-space character is `{`, a JSON object: `access_token`, and optionally `refresh_token`,
/// `expires_at` (ISO 8601 UTC), `client_id`, `client_secret` and `scope`. `pacer auth` writes it.
struct OAuthToken: Sendable, Equatable {
    var access: Secret
    var refresh: Secret?
    var expiresAt: Date?
    var clientID: String?
    /// Sent as HTTP Basic on renewal by a confidential client.
    var clientSecret: Secret?
    var scope: String?

    /// Every secret it carries, for scrubbing texts.
    var secrets: [Secret] { [access] + [refresh, clientSecret].compactMap { $0 } }

    /// Whether it carries what a renewal needs: a refresh token and the client's id.
    var isRenewable: Bool { refresh != nil && clientID != nil }

    /// Whether it is known to expire at or before `instant`.
    func expires(by instant: Date) -> Bool {
        expiresAt.map { $0 <= instant } ?? false
    }

    /// Why a text is not a token; the message names the field, never a value.
    struct Malformed: Error {
        let problem: String
    }

    /// The token a credential's text holds: a bare token, or the JSON object.
    static func parse(_ text: String) throws(Malformed) -> OAuthToken {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.hasPrefix("{") else { return OAuthToken(access: Secret(trimmed)) }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
            throw Malformed(problem: "is not a JSON object")
        }
        func field(_ key: String) throws(Malformed) -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let string = value as? String else { throw Malformed(problem: "its \"\(key)\" is not a string") }
            return string.isEmpty ? nil : string
        }
        guard let access = try field("access_token") else { throw Malformed(problem: "it has no \"access_token\"") }
        var expiresAt: Date?
        if let expiry = try field("expires_at") {
            guard let instant = ISOInstant.parse(expiry) else {
                throw Malformed(problem: "its \"expires_at\" is not an instant such as \"2026-12-07T20:00:00Z\"")
            }
            expiresAt = instant
        }
        return OAuthToken(access: Secret(access), refresh: try field("refresh_token").map(Secret.init), expiresAt: expiresAt,
                          clientID: try field("client_id"), clientSecret: try field("client_secret").map(Secret.init), scope: try field("scope"))
    }

    /// The JSON object of this token, with `extra` fields (such as a token file's digest).
    func json(adding extra: [String: String] = [:]) -> String {
        var object = extra
        object["access_token"] = access.value
        object["refresh_token"] = refresh?.value
        object["expires_at"] = expiresAt.map(ISOInstant.format)
        object["client_id"] = clientID
        object["client_secret"] = clientSecret?.value
        object["scope"] = scope
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// A credential read as an OAuth token, with the digest that ties a channel's rotated tokens to it.
struct OAuthCredential: Sendable {
    let token: OAuthToken
    /// The hex SHA-256 of the credential file's bytes as read.
    let sha256: String
}

extension CredentialStore {
    /// Credential `name` read as an OAuth token (a bare token or the JSON object of ``OAuthToken``).
    func oauthCredential(named name: String) throws(CredentialError) -> OAuthCredential {
        let file = try contents(named: name)
        guard !String(decoding: file.bytes, as: UTF8.self).trimmingWhitespace().isEmpty else { throw .empty(name, path: file.path) }
        do throws(OAuthToken.Malformed) {
            let token = try OAuthToken.parse(String(decoding: file.bytes, as: UTF8.self))
            return OAuthCredential(token: token, sha256: SHA256.hash(data: file.bytes).hexDigits)
        } catch {
            throw .malformed(name, path: file.path, problem: error.problem)
        }
    }
}

extension SHA256.Digest {
    /// The digest as lower-case hex.
    var hexDigits: String {
        map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
