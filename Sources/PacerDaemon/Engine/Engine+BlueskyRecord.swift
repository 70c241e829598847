import PacerChannels
import PacerCore

/// The add-time side of ``BlueskyRecordLimits``: the text's UTF-8 bytes and the tags that a
/// Bluesky record cannot hold are refused when the post is queued, by the same function the
/// Bluesky channel asks before it publishes.
extension Engine {
    /// Refuses `composition` when a Bluesky channel among `channels` could not carry it, each
    /// channel checked with its own text (the `[text]` override, else the post's).
    func checkBlueskyRecord(_ composition: Composition, channels: [String]) throws {
        let findings = channels.flatMap { name -> [String] in
            guard config.channel(named: name)?.kind == .bluesky else { return [] }
            let override = composition.overrides[name]
            let violations = BlueskyRecordLimits.violations(text: override ?? composition.text, tags: composition.tags)
            return violations.map { composition.naming(override == nil ? "\(name): \($0)" : "\(name) ([text] override): \($0)") }
        }
        if !findings.isEmpty { throw RequestError.beyondBlueskyRecord(findings) }
    }
}
