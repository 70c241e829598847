import Foundation
import PacerChannels
import PacerCore

/// X and LinkedIn: OAuth 2.0 authorization code with PKCE for an app the person registered in the
/// platform's developer portal (`client_id`, and `client_secret_credential` for a confidential
/// client), then a whoami call with the new token. The credential is the JSON object pacerd reads
/// and renews: access_token, refresh_token (when granted), expires_at (ISO 8601 UTC), client_id,
/// client_secret (a confidential client's only), scope.
struct OAuth2SignIn {
    /// What differs between the platforms.
    struct Platform {
        let name: String
        let scope: String
        let client: OAuthClientSettings
        /// Where the app's client ID and secret are found, for errors.
        let portal: String
        /// Whether the token endpoint takes a confidential client's secret in an HTTP Basic
        /// header (X) rather than in the form (LinkedIn).
        let secretInBasicHeader: Bool
        /// Whether the platform issues no token without a client secret (LinkedIn).
        let needsSecret: Bool
        /// The whoami URL, and how its reply names the account.
        let whoami: String
        let account: ([String: Any]) -> String?

        static func x(_ settings: XSettings) -> Platform {
            Platform(
                name: "X", scope: "tweet.read tweet.write users.read media.write offline.access", client: settings.oauth,
                portal: "developer.x.com → your app → Keys and tokens → OAuth 2.0 Client ID and Client Secret",
                secretInBasicHeader: true, needsSecret: false, whoami: settings.baseURL.appending("/2/users/me"),
                account: { (($0["data"] as? [String: Any])?["username"] as? String).map { "@\($0) on X" } })
        }

        static func linkedIn(_ settings: LinkedInSettings) -> Platform {
            Platform(
                name: "LinkedIn", scope: "w_member_social openid profile", client: settings.oauth,
                portal: "linkedin.com/developers → your app → Auth → Client ID and Primary Client Secret",
                secretInBasicHeader: false, needsSecret: true, whoami: settings.baseURL.appending("/v2/userinfo"),
                account: { json in
                    (json["name"] as? String ?? json["sub"] as? String).map { "\($0) on LinkedIn" }
                })
        }
    }

    /// The credential file's JSON object; absent values are left out.
    struct StoredToken: Encodable {
        var accessToken: String
        var refreshToken: String?
        var expiresAt: String?
        var clientID: String
        var clientSecret: String?
        var scope: String

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", refreshToken = "refresh_token", expiresAt = "expires_at"
            case clientID = "client_id", clientSecret = "client_secret", scope
        }
    }

    let platform: Platform
    let channel: String
    let timeout: TimeSpan
    let options: AuthOptions
    let environment: [String: String]

    func run() throws(AuthFailure) -> (credential: String, account: String) {
        let client = platform.client
        guard let clientID = client.clientID else {
            throw AuthFailure(AuthFailure.invalidInput, """
                channel \(channel) has no client_id, which \(platform.name) needs to sign in: add client_id = "…" to its \
                [[channel]] block, from \(platform.portal)
                """)
        }
        let secret = try clientSecret()
        let http = PlatformHTTP(timeout: timeout)
        let redirect = try LoopbackRedirect(port: options.port)
        let pkce = PKCE()
        let code = try BrowserAuthorization(redirect: redirect, options: options, environment: environment)
            .code(at: client.authorizeURL.absoluteString, [("client_id", clientID), ("scope", platform.scope)], pkce: pkce, platform: platform.name)
        var fields = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect.redirectURI),
            ("code_verifier", pkce.verifier), ("client_id", clientID),
        ]
        var headers: [(String, String)] = []
        if let secret {
            if platform.secretInBasicHeader {
                let pair = Data("\(FormEncoding.escape(clientID)):\(FormEncoding.escape(secret))".utf8).base64EncodedString()
                headers.append(("Authorization", "Basic \(pair)"))
            } else {
                fields.append(("client_secret", secret))
            }
        }
        let issuedAt = Date()
        let reply = try http.postForm(client.tokenURL.absoluteString, fields, headers: headers)
        guard reply.isSuccess, let json = reply.json, let accessToken = json["access_token"] as? String, !accessToken.isEmpty else {
            throw SignInReply.refusal(reply, "\(platform.name) did not exchange the authorization code for a token (\(client.tokenURL))",
                                      fix: "check client_id and the client secret, then run \(options.command) again")
        }
        let me = try http.get(platform.whoami, bearer: accessToken)
        guard me.isSuccess, let meJSON = me.json, let account = platform.account(meJSON) else {
            throw SignInReply.refusal(me, "the new token did not pass the check (GET \(platform.whoami)); nothing was stored",
                                      fix: "check the app's permissions in the developer portal, then run \(options.command) again")
        }
        let expiresIn = json["expires_in"] as? Int ?? (json["expires_in"] as? Double).map { Int($0) }
        let token = StoredToken(
            accessToken: accessToken, refreshToken: json["refresh_token"] as? String,
            expiresAt: expiresIn.map { Self.utcTimestamp(issuedAt.addingTimeInterval(TimeInterval($0))) },
            clientID: clientID, clientSecret: secret, scope: json["scope"] as? String ?? platform.scope)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(token) else {
            throw AuthFailure(AuthFailure.failed, "cannot encode the token as JSON")
        }
        return (String(decoding: data, as: UTF8.self), account)
    }

    /// The confidential client's secret, from the credential `client_secret_credential` names.
    private func clientSecret() throws(AuthFailure) -> String? {
        guard let name = platform.client.clientSecretCredential else {
            guard !platform.needsSecret else {
                throw AuthFailure(AuthFailure.invalidInput, """
                    channel \(channel) has no client_secret_credential, which \(platform.name) needs to sign in: store the \
                    app's client secret (\(platform.portal)) in a credential file, e.g. \
                    ~/.config/pacer/credentials/\(channel)-client-secret (mode 0600), and add \
                    client_secret_credential = "\(channel)-client-secret" to the channel's block
                    """)
            }
            return nil
        }
        do {
            return try CredentialStore(environment: environment).secret(named: name).disclosedValue
        } catch {
            throw AuthFailure(AuthFailure.invalidInput, "client_secret_credential of channel \(channel): \(error)")
        }
    }

    /// `2026-12-07T20:00:00Z`.
    static func utcTimestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
