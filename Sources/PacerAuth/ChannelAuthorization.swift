import PacerChannels

/// `pacer auth CHANNEL` (run by `pacerd auth`): signs in to the channel's platform the way its kind
/// does, checks the result with a call, and only then stores it where the channel's `credential`
/// points. Anything that stops it earlier (an error, a timeout, Ctrl-C) leaves no file behind.
public enum ChannelAuthorization {
    /// Signs in and stores the credential; returns pacer's exit status, having said why on stderr.
    public static func run(channel: String, settings: ChannelSettings, options: AuthOptions, environment: [String: String]) -> Int32 {
        do throws(AuthFailure) {
            let (file, signIn) = try plan(channel: channel, settings: settings, options: options, environment: environment)
            try file.checkReplaceable(force: options.force, command: options.command)
            let (credential, account) = try signIn()
            try file.write(credential, force: options.force, command: options.command)
            Console.result("Signed in as \(account); channel \(channel)'s credential is in \(file.path) (mode 0600).")
            // pacerd refuses a configuration whose credential is missing, so a new channel waits for a reload.
            Console.result("pacerd reads it at the next publish; a channel it refused for lack of it needs: systemctl --user reload pacer")
            return 0
        } catch {
            Console.say("pacer: \(error)")
            return error.status
        }
    }

    /// The credential file and the sign-in for the channel's kind.
    private static func plan(
        channel: String, settings: ChannelSettings, options: AuthOptions, environment: [String: String]
    ) throws(AuthFailure) -> (CredentialFile, () throws(AuthFailure) -> (credential: String, account: String)) {
        switch settings {
        case .mastodon(let mastodon):
            return (try CredentialFile(name: mastodon.credential, environment: environment),
                    MastodonSignIn(settings: mastodon, options: options, environment: environment).run)
        case .bluesky(let bluesky):
            return (try CredentialFile(name: bluesky.credential, environment: environment), BlueskySignIn(settings: bluesky, options: options).run)
        case .x(let x):
            return (try CredentialFile(name: x.credential, environment: environment),
                    OAuth2SignIn(platform: .x(x), channel: channel, timeout: x.timeout, options: options, environment: environment).run)
        case .linkedin(let linkedIn):
            return (try CredentialFile(name: linkedIn.credential, environment: environment),
                    OAuth2SignIn(platform: .linkedIn(linkedIn), channel: channel, timeout: linkedIn.timeout, options: options, environment: environment).run)
        case .outbox, .command, .webhook:
            throw AuthFailure(AuthFailure.invalidInput, """
                channel \(channel) is of kind \(settings.kind.rawValue), which signs in to nothing; pacer auth works for \
                mastodon, bluesky, x and linkedin channels
                """)
        }
    }
}
