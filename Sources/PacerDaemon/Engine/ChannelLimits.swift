import Foundation
import PacerChannels
import PacerCore

/// The length limit a Mastodon instance announces (`configuration.statuses.max_characters` of
/// `GET /api/v2/instance`, else of `/api/v1/instance`: ``MastodonPublisher/instanceMaxCharacters()``),
/// as learnt for one channel's `base_url`.
struct InstanceLimit: Sendable, Hashable {
    var baseURL: ServiceURL
    var maxCharacters: Int
}

/// The length limits `pacer add` checks texts against.
///
/// A channel's `max_length` wins; otherwise a Mastodon channel uses the limit its instance
/// announces, asked at start-up and after every reload off the engine's queue (neither waits for
/// it); until the instance answers, or when it cannot be reached, the platform's default (500).
extension Engine {
    /// Asks every Mastodon channel's instance for its limit; the answers come back to the queue.
    func learnInstanceLimits() {
        dispatchPrecondition(condition: .onQueue(queue))
        for channel in config.channels {
            guard case .mastodon(let settings) = channel.settings, let publisher = publishers[channel.name] as? MastodonPublisher else { continue }
            Task.detached { [self] in
                let maxCharacters = await publisher.instanceMaxCharacters()
                queue.async { self.learned(maxCharacters, channel: channel.name, baseURL: settings.baseURL) }
            }
        }
    }

    private func learned(_ maxCharacters: Int?, channel name: String, baseURL: ServiceURL) {
        dispatchPrecondition(condition: .onQueue(queue))
        // A reload may have replaced the channel meanwhile: keep only an answer for its current instance.
        guard case .mastodon(let settings)? = config.channel(named: name)?.settings, settings.baseURL == baseURL else { return }
        guard let maxCharacters else {
            instanceLimits[name] = nil
            events.logger.info("the Mastodon instance's length limit is unavailable; pacer add counts 500 characters",
                               metadata: ["channel": .string(name), "host": .string(baseURL.host)])
            return
        }
        instanceLimits[name] = InstanceLimit(baseURL: baseURL, maxCharacters: maxCharacters)
        events.logger.info("the Mastodon instance allows \(maxCharacters) characters per status",
                           metadata: ["channel": .string(name), "host": .string(baseURL.host)])
    }

    /// The limit `pacer add` applies to `channel`: `max_length` when written, else the instance's
    /// limit when known (Mastodon), else the kind's default.
    func maxLength(of channel: ChannelConfig) -> Int? {
        guard channel.ruleTexts["max_length"] == nil, let announced = announcedLimit(of: channel) else { return channel.maxLength }
        return announced
    }

    /// The channel's rules as written, plus the instance's limit when it applies (`pacer channels`).
    func shownRules(of channel: ChannelConfig) -> [String: String] {
        guard channel.ruleTexts["max_length"] == nil, let announced = announcedLimit(of: channel) else { return channel.ruleTexts }
        return channel.ruleTexts.merging(["max_length": "\(announced) (the instance's limit)"]) { $1 }
    }

    private func announcedLimit(of channel: ChannelConfig) -> Int? {
        guard case .mastodon(let settings) = channel.settings, let known = instanceLimits[channel.name],
              known.baseURL == settings.baseURL
        else { return nil }
        return known.maxCharacters
    }
}
