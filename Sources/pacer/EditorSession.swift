import ArgumentParser
import Foundation
import PacerProtocol
#if canImport(Glibc)
import Glibc
#endif

/// Composing a post file in `$VISUAL` / `$EDITOR` (`pacer add --edit`, `pacer edit`).
///
/// The file is written to a private temporary file (mode 0600) and the editor runs on it through
/// `/bin/sh`, as git does, so `EDITOR="code --wait"` works. When pacerd refuses the result (a
/// syntax error, a rule), the editor opens again with the error on top; saving it unchanged then
/// gives up and changes nothing. When pacerd cannot be reached, the file is kept and its path shown.
struct EditorSession {
    /// The post file the editor starts from.
    let initial: String
    /// What the command does when it gives up or nothing changed ("nothing was queued").
    let nothingDone: String

    /// Runs the editor until `submit` accepts the text, or the person gives up. Returns `nil` when
    /// the first save was unchanged (nothing to do).
    func run<Result>(_ submit: (String) throws -> Result) throws -> Result? {
        let path = try Self.makeTemporaryFile()
        var shown = initial
        var afterError = false
        while true {
            try Self.write(shown, to: path)
            try Self.openEditor(on: path)
            let saved = try Self.read(path)
            if saved == shown {
                unlink(path)
                if afterError {
                    Output.error("the post file was saved unchanged after the error; \(nothingDone)")
                    throw ExitCode(CLIExit.invalidInput)
                }
                return nil
            }
            do {
                let result = try submit(saved)
                unlink(path)
                return result
            } catch let error as ErrorReply where error.code == .invalidInput || error.code == .refused {
                Output.error("\(error.message)\n(opening the editor again; save it unchanged to give up)")
                shown = PostFileAnnotation.annotate(saved, error: error.message)
                afterError = true
            } catch let error as ErrorReply {
                Output.error("\(error.message)\nYour text is kept in \(path)")
                throw ExitCode(CLIExit.code(for: error.code))
            } catch {
                Output.error("Your text is kept in \(path)")
                throw error
            }
        }
    }

    /// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
    static var editorCommand: String {
        let environment = ProcessInfo.processInfo.environment
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name], !value.allSatisfy(\.isWhitespace) { return value }
        }
        return "vi"
    }

    /// Runs the editor on `path` and waits for it. It runs in pacer's own process group, so in the
    /// terminal's foreground: Foundation's `Process` starts a child in a group of its own, where a
    /// terminal editor (vim, nano) is stopped by SIGTTOU/SIGTTIN and pacer waited for ever. While
    /// it waits, pacer ignores SIGINT and SIGQUIT, as git does, so a Ctrl-C meant for the editor
    /// does not end pacer under it; the editor starts with them at their defaults.
    private static func openEditor(on path: String) throws {
        let ignored = [SIGINT, SIGQUIT]
        let previous = ignored.map { signal($0, SIG_IGN) }
        defer { for (number, handler) in zip(ignored, previous) { signal(number, handler) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in ignored { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let command: [String] = ["/bin/sh", "-c", "\(editorCommand) \"$1\"", "pacer-editor", path]
        let arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/sh", nil, &attributes, arguments, environ)
        guard spawned == 0 else {
            Output.error("cannot start the editor (\(editorCommand)): \(String(cString: strerror(spawned))); set VISUAL or EDITOR")
            throw ExitCode(CLIExit.usage)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7F == 0
        guard exited, (status >> 8) & 0xFF == 0 else {
            let how = exited ? "exited with status \((status >> 8) & 0xFF)" : "was ended by signal \(status & 0x7F)"
            Output.error("the editor (\(editorCommand)) \(how); nothing was changed. Your text is kept in \(path)")
            throw ExitCode(CLIExit.invalidInput)
        }
    }

    private static func makeTemporaryFile() throws -> String {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/pacer-post-XXXXXX.md".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 3) }
        guard fd >= 0 else {
            Output.error("cannot create a temporary file in \(directory): \(String(cString: strerror(errno))); set TMPDIR to a writable directory")
            throw ExitCode(CLIExit.invalidInput)
        }
        close(fd)
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    private static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            Output.error("cannot write \(path): \(error)")
            throw ExitCode(CLIExit.invalidInput)
        }
    }

    private static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            Output.error("cannot read back \(path) as UTF-8 text; your text is kept there")
            throw ExitCode(CLIExit.invalidInput)
        }
        return text
    }
}

/// Puts an error on top of a post file's front matter as `# error:` comments, replacing earlier ones.
enum PostFileAnnotation {
    static let marker = "# error: "

    static func annotate(_ source: String, error: String) -> String {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let errorLines = error.split(separator: "\n").map { marker + $0 }
        if lines.first?.trimmingCharacters(in: .whitespaces) == "+++" {
            var removed = false
            while lines.count > 1, lines[1].hasPrefix(marker) {
                lines.remove(at: 1)
                removed = true
            }
            if removed, lines.count > 1, lines[1] == "#" { lines.remove(at: 1) }
            lines.insert(contentsOf: errorLines + ["#"], at: 1)
            return lines.joined(separator: "\n")
        }
        return (["+++"] + errorLines + ["+++"] + lines).joined(separator: "\n")
    }
}
