import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The terminal's settings while a password is read with echo off, for the signal handler that
/// puts them back if the person presses Ctrl-C meanwhile.
nonisolated(unsafe) private var terminalBeforePrompt = termios()

/// Reads a secret such as an app password: from the terminal with echo off when stdin is one,
/// else one line from stdin (so that `pass show bluesky | pacer auth bsky` works).
enum PasswordPrompt {
    static func read(_ prompt: String) throws(AuthFailure) -> String {
        let line: String?
        if isatty(STDIN_FILENO) == 1 {
            Console.write(prompt)
            line = readWithoutEcho()
        } else {
            line = readLine(limit: 4096)
        }
        let secret = line?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !secret.isEmpty else {
            throw AuthFailure(AuthFailure.invalidInput, "no app password was given; type it at the prompt, or pass it as one line on stdin")
        }
        return secret
    }

    private static func readWithoutEcho() -> String? {
        guard tcgetattr(STDIN_FILENO, &terminalBeforePrompt) == 0 else { return readLine(limit: 4096) }
        var quiet = terminalBeforePrompt
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)
        let stopSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
        let previous = stopSignals.map { signal($0, restoreTerminalAndStop) }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &terminalBeforePrompt)
            for (stopSignal, handler) in zip(stopSignals, previous) { signal(stopSignal, handler) }
        }
        return readLine(limit: 4096)
    }

    /// One line from stdin without its line break, read a byte at a time so that nothing after it
    /// is consumed; nil at end of file before any byte.
    private static func readLine(limit: Int) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < limit {
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Puts the terminal's echo back and dies of the signal as if it had not been caught.
private func restoreTerminalAndStop(_ signalNumber: Int32) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &terminalBeforePrompt)
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}
