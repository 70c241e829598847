/// The browser half of the authorization-code flow (RFC 6749 §4.1 with PKCE, RFC 8252 for native
/// apps): print the authorization URL, open it when there is a display, and wait for the redirect
/// to the loopback listener with this attempt's `state`.
struct BrowserAuthorization {
    let redirect: LoopbackRedirect
    let options: AuthOptions
    let environment: [String: String]

    /// The authorization code, once the person has allowed access at `authorizeURL`.
    /// `parameters` are the platform's (client_id, scope).
    func code(at authorizeURL: String, _ parameters: [(String, String)], pkce: PKCE, platform: String) throws(AuthFailure) -> String {
        let state = PKCE.randomToken(bytes: 16)
        let query = [("response_type", "code")] + parameters + [
            ("redirect_uri", redirect.redirectURI), ("state", state),
            ("code_challenge", pkce.challenge), ("code_challenge_method", "S256"),
        ]
        let url = authorizeURL + "?" + FormEncoding.encode(query)
        Console.say("Open this URL in a browser and allow Pacer to post for you on \(platform):\n\n  \(url)\n")
        if options.openBrowser && BrowserLauncher.open(url, environment: environment) {
            Console.say("(Asked xdg-open to show it.)")
        }
        Console.say("Waiting up to \(options.timeout) for the browser to come back to \(redirect.redirectURI); Ctrl-C stops.")
        return try redirect.awaitCode(state: state, until: options.deadline, waited: "\(options.timeout)")
    }
}
