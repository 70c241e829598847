import PacerChannels
import PacerPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// The file `credential = "NAME"` points to, in `$XDG_CONFIG_HOME/pacer/credentials/` (the
/// directory pacerd reads, ``CredentialStore``): created 0600 in a 0700 directory, all at once.
struct CredentialFile {
    let name: String
    let directory: String
    var path: String { directory + "/" + name }

    init(name: String, environment: [String: String]) throws(AuthFailure) {
        guard let directory = CredentialStore(environment: environment).configDirectory else {
            throw AuthFailure(AuthFailure.invalidInput, "cannot tell where credentials go: set HOME (or XDG_CONFIG_HOME) to an absolute path")
        }
        self.name = name
        self.directory = directory
    }

    /// Fails when the file exists and may not be replaced: before the sign-in, so that nobody
    /// goes through a browser for nothing, and again when writing.
    func checkReplaceable(force: Bool, command: String) throws(AuthFailure) {
        if !force && Files.exists(path) {
            throw AuthFailure(AuthFailure.refused, "\(path) exists; \(command) --force replaces it (the old credential is lost)")
        }
    }

    /// Writes `content` durably. The file appears complete or not at all: it is written under a
    /// temporary name, flushed, and then linked (or, with `force`, renamed) into place, with
    /// SIGINT, SIGTERM and SIGHUP ignored meanwhile (by the whole process: a mask would only hold
    /// for this thread) so that Ctrl-C cannot leave the temporary file behind.
    func write(_ content: String, force: Bool, command: String) throws(AuthFailure) {
        let stopSignals = [SIGINT, SIGTERM, SIGHUP]
        let previous = stopSignals.map { signal($0, SIG_IGN) }
        defer { for (stopSignal, handler) in zip(stopSignals, previous) { signal(stopSignal, handler) } }
        let temporary = "\(directory)/.\(name).\(getpid()).tmp"
        do throws(SystemCallError) {
            try Files.makeDirectories(directory, mode: 0o700)
            try Self.writeFlushed(content + "\n", to: temporary)
        } catch {
            throw Self.cannotStore(error, in: directory)
        }
        // After the rename the name is gone and this does nothing.
        defer { unlink(temporary) }
        if (force ? rename(temporary, path) : link(temporary, path)) != 0 {
            let code = errno
            if code == EEXIST {
                throw AuthFailure(AuthFailure.refused, "\(path) appeared while signing in; nothing was replaced. \(command) --force replaces it")
            }
            throw Self.cannotStore(SystemCallError(operation: force ? "rename" : "link", subject: path, code: code), in: directory)
        }
        do throws(SystemCallError) {
            try Files.syncDirectory(containing: path)
        } catch {
            throw Self.cannotStore(error, in: directory)
        }
    }

    /// Creates `path` (which must not exist) owner-only, writes `content` and flushes it; on
    /// failure nothing is left.
    private static func writeFlushed(_ content: String, to path: String) throws(SystemCallError) {
        let fd = try systemCall("open", path) { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600) }
        defer { close(fd) }
        do throws(SystemCallError) {
            // The mode must not depend on the umask: pacerd refuses anything but owner-only.
            try systemCall("fchmod", path) { fchmod(fd, 0o600) }
            try Files.writeAll(Array(content.utf8), to: fd, subject: path)
            try systemCall("fsync", path) { fsync(fd) }
        } catch {
            unlink(path)
            throw error
        }
    }

    private static func cannotStore(_ error: SystemCallError, in directory: String) -> AuthFailure {
        AuthFailure(AuthFailure.failed, "cannot store the credential: \(error); check that \(directory) is yours and writable")
    }
}
