#if canImport(Glibc)
import Glibc
#endif
import PacerPOSIX

/// Finds the secrets that `credential = "NAME"` names.
///
/// `NAME` is read from `$CREDENTIALS_DIRECTORY/NAME` (systemd's `LoadCredential=`), else from
/// `$XDG_CONFIG_HOME/pacer/credentials/NAME` (default `~/.config/pacer/credentials/NAME`). A file in
/// the config directory must be owned by the user and not readable or writable by group or others;
/// otherwise it is refused with the path, its mode and the command that fixes it. In both places
/// only a regular file is read (a FIFO, a device or a directory is refused without being waited on).
/// Surrounding white space (a trailing newline) is not part of the secret. The X and LinkedIn
/// channels read theirs as an ``OAuthToken``: a bare token, or a JSON object with what renews it.
public struct CredentialStore: Sendable {
    /// `$CREDENTIALS_DIRECTORY`, when systemd set it.
    public let systemdDirectory: String?
    /// `$XDG_CONFIG_HOME/pacer/credentials` (or `$HOME/.config/pacer/credentials`).
    public let configDirectory: String?

    /// The largest credential file read.
    static let maxBytes = 64 * 1024

    /// Reads the locations from an environment such as `ProcessInfo.processInfo.environment`.
    public init(environment: [String: String]) {
        systemdDirectory = environment["CREDENTIALS_DIRECTORY"].flatMap { $0.isEmpty ? nil : $0 }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            configDirectory = config + "/pacer/credentials"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            configDirectory = home + "/.config/pacer/credentials"
        } else {
            configDirectory = nil
        }
    }

    /// The secret named `name`.
    public func secret(named name: String) throws(CredentialError) -> Secret {
        let file = try contents(named: name)
        let text = String(decoding: file.bytes, as: UTF8.self).trimmingWhitespace()
        guard !text.isEmpty else { throw .empty(name, path: file.path) }
        return Secret(text)
    }

    /// The bytes of the file that holds credential `name`, as read, and its path.
    func contents(named name: String) throws(CredentialError) -> (bytes: [UInt8], path: String) {
        guard Self.isValidName(name) else { throw .invalidName(name) }
        var tried: [String] = []
        if let systemdDirectory {
            let path = systemdDirectory + "/" + name
            tried.append(path)
            // systemd owns that directory and its modes; only existence matters there.
            if Files.exists(path) { return (try read(name, path: path, checkingOwnership: false), path) }
        }
        if let configDirectory {
            let path = configDirectory + "/" + name
            tried.append(path)
            if Files.exists(path) { return (try read(name, path: path, checkingOwnership: true), path) }
        }
        throw .notFound(name, tried: tried)
    }

    /// Whether `name` can only ever name a file directly in the credential directories.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name.utf8.count <= 255
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    private func read(_ name: String, path: String, checkingOwnership: Bool) throws(CredentialError) -> [UInt8] {
        let fd: Int32
        var info = stat()
        do throws(SystemCallError) {
            // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
            fd = try systemCall("open", path) { open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW) }
        } catch {
            throw .unreadable(name, path: path, error: error.description)
        }
        defer { close(fd) }
        do throws(SystemCallError) {
            try systemCall("fstat", path) { fstat(fd, &info) }
        } catch {
            throw .unreadable(name, path: path, error: error.description)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .notRegular(name, path: path, kind: Self.kind(of: info.st_mode))
        }
        if checkingOwnership {
            try Self.checkOwnership(name, path: path, info: info)
        }
        do throws(SystemCallError) {
            return try SmallFile.readAll(fd, path: path, limit: Self.maxBytes)
        } catch {
            throw .unreadable(name, path: path, error: error.description)
        }
    }

    /// What a file that is not a regular one is, for an error message.
    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }

    private static func checkOwnership(_ name: String, path: String, info: stat) throws(CredentialError) {
        let mode = info.st_mode & 0o7777
        let modeText = "0" + String(mode, radix: 8)
        let uid = geteuid()
        guard info.st_uid == uid else {
            throw .insecure(name, path: path, reason: "is owned by uid \(info.st_uid), not by you (uid \(uid))",
                            fix: "chown \(uid) \(path) && chmod 600 \(path)")
        }
        guard mode & 0o077 == 0 else {
            throw .insecure(name, path: path, reason: "has mode \(modeText), so group or others can read it",
                            fix: "chmod 600 \(path)")
        }
    }
}

extension String {
    /// This text without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
