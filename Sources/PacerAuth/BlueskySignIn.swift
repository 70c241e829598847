import PacerChannels

/// Bluesky: an app password (never the account's password) for the channel's `identifier`, read
/// without echo, and checked with `com.atproto.server.createSession`. The credential is the bare
/// app password, as pacerd signs in with it itself.
struct BlueskySignIn {
    let settings: BlueskySettings
    let options: AuthOptions

    func run() throws(AuthFailure) -> (credential: String, account: String) {
        Console.say("Create an app password for Pacer at bsky.app → Settings → Privacy and security → App passwords.")
        let password = try PasswordPrompt.read("App password for \(settings.identifier): ")
        let http = PlatformHTTP(timeout: settings.timeout)
        let url = settings.baseURL.appending("/xrpc/com.atproto.server.createSession")
        let session = try http.postJSON(url, ["identifier": settings.identifier, "password": password])
        guard session.isSuccess, let handle = session.json?["handle"] as? String else {
            throw SignInReply.refusal(session, "\(settings.baseURL) did not accept the app password for \(settings.identifier); nothing was stored",
                                      fix: "check identifier in the channel's block and the app password, then run \(options.command) again")
        }
        return (password, "@\(handle) on \(settings.baseURL)")
    }
}
