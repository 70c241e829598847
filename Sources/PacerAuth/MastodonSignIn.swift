import PacerChannels

/// Mastodon: registers Pacer as an app on the instance (`POST /api/v1/apps`), runs the
/// authorization-code flow, and checks the token with `verify_credentials`. The credential is the
/// bare access token. `read:statuses` is asked for because pacerd looks up the account's own
/// statuses (after a call whose outcome is unknown), `read:accounts` for the check.
struct MastodonSignIn {
    static let scopes = "write:statuses write:media read:accounts read:statuses"

    let settings: MastodonSettings
    let options: AuthOptions
    let environment: [String: String]

    /// The access token and whom it is for.
    func run() throws(AuthFailure) -> (credential: String, account: String) {
        let base = settings.baseURL
        let http = PlatformHTTP(timeout: settings.timeout)
        let redirect = try LoopbackRedirect(port: options.port)
        let app = try http.postForm(base.appending("/api/v1/apps"), [
            ("client_name", "Pacer"), ("redirect_uris", redirect.redirectURI), ("scopes", Self.scopes),
        ])
        guard app.isSuccess, let clientID = app.json?["client_id"] as? String, let clientSecret = app.json?["client_secret"] as? String else {
            throw SignInReply.refusal(app, "\(base) did not register Pacer as an app (POST /api/v1/apps)", fix: "check base_url")
        }
        let pkce = PKCE()
        let code = try BrowserAuthorization(redirect: redirect, options: options, environment: environment)
            .code(at: base.appending("/oauth/authorize"), [("client_id", clientID), ("scope", Self.scopes)], pkce: pkce, platform: base.description)
        let token = try http.postForm(base.appending("/oauth/token"), [
            ("grant_type", "authorization_code"), ("code", code), ("client_id", clientID), ("client_secret", clientSecret),
            ("redirect_uri", redirect.redirectURI), ("code_verifier", pkce.verifier), ("scope", Self.scopes),
        ])
        guard token.isSuccess, let accessToken = token.json?["access_token"] as? String, !accessToken.isEmpty else {
            throw SignInReply.refusal(token, "\(base) did not exchange the authorization code for a token", fix: "run \(options.command) again")
        }
        let me = try http.get(base.appending("/api/v1/accounts/verify_credentials"), bearer: accessToken)
        guard me.isSuccess, let account = me.json?["acct"] as? String else {
            throw SignInReply.refusal(me, "the new token did not pass the check (GET /api/v1/accounts/verify_credentials); nothing was stored", fix: "run \(options.command) again")
        }
        return (accessToken, "@\(account) on \(base)")
    }
}
