import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Colour for people at a terminal: only when the stream is a TTY, `TERM` is not `dumb`, and
/// `NO_COLOR` is unset or empty (https://no-color.org). Never in pipes, files or `--json`.
enum Style {
    static let standardOutput = enabled(for: STDOUT_FILENO)
    static let standardError = enabled(for: STDERR_FILENO)

    static func enabled(for descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(descriptor) == 1
    }

    /// A delivery state, coloured by what it asks of the person: green done, yellow waiting on
    /// them, red failed or unsure.
    static func state(_ name: String) -> String {
        switch name {
        case "published": paint(name, "32")
        case "held", "draft": paint(name, "33")
        case "failed", "unknown": paint(name, "31")
        case "cancelled": paint(name, "2")
        default: name
        }
    }

    static func failure(_ text: String) -> String { paint(text, "31") }

    static func heading(_ text: String) -> String { paint(text, "1") }

    private static func paint(_ text: String, _ code: String, enabled: Bool = standardOutput) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The `pacer:` prefix of an error line on stderr.
    static var errorPrefix: String { paint("pacer:", "1;31", enabled: standardError) }
}
