import Foundation
import PacerPOSIX

/// A channel's `token.json`: the tokens a renewal rotated, which replace its credential's.
///
/// It holds the ``OAuthToken`` JSON plus `credential_sha256`, the digest of the credential file the
/// tokens descend from. It counts only while that digest matches the credential as it is now, so a
/// credential written anew (`pacer auth CHANNEL --force`) wins over older rotated tokens. Written
/// atomically and durably, mode 0600, in the channel's state directory; never logged.
struct OAuthTokenFile: Sendable {
    /// `<channel state directory>/token.json`.
    let path: String

    init(directory: String) {
        path = directory + "/token.json"
    }

    /// The rotated token, when the file holds one descended from the credential whose digest is
    /// `credentialSHA256`; nil when there is none, it is unreadable, or it belongs to another credential.
    func load(descendingFrom credentialSHA256: String) -> OAuthToken? {
        guard let text = try? SmallFile.readText(path),
              let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
              object["credential_sha256"] as? String == credentialSHA256
        else { return nil }
        return try? OAuthToken.parse(text)
    }

    /// Replaces the file with `token`, descended from the credential whose digest is `credentialSHA256`:
    /// a fresh 0600 temporary file, `fsync`, `rename`, `fsync` of the directory.
    func save(_ token: OAuthToken, descendingFrom credentialSHA256: String) throws(SystemCallError) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        try Files.makeDirectories(directory, mode: 0o700)
        // A temporary file left by a crash may have any mode; a new one gets 0600.
        try SmallFile.remove(Files.temporaryPath(for: path))
        try Files.writeDurably(token.json(adding: ["credential_sha256": credentialSHA256]), to: path, mode: 0o600)
    }
}
