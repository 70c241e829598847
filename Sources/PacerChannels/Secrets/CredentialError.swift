/// A credential that cannot be used: missing, not a regular file, unreadable, readable by other users,
/// or not of the form its use needs.
/// The message names the credential and the paths tried, never the secret.
public struct CredentialError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Code: Sendable, Equatable {
        case invalidName, notFound, insecure, notRegular, unreadable, empty, malformed
    }

    private let code: Code
    /// What went wrong and how to fix it.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func invalidName(_ name: String) -> CredentialError {
        .init(.invalidName, "credential name \"\(name)\" must be a plain file name (letters, digits, '.', '_', '-')")
    }

    static func notFound(_ name: String, tried paths: [String]) -> CredentialError {
        .init(.notFound, "credential \"\(name)\" not found; looked in \(paths.joined(separator: " and "))")
    }

    static func insecure(_ name: String, path: String, reason: String, fix: String) -> CredentialError {
        .init(.insecure, "credential \"\(name)\": \(path) \(reason); refused. Fix: \(fix)")
    }

    static func notRegular(_ name: String, path: String, kind: String) -> CredentialError {
        .init(.notRegular, "credential \"\(name)\": \(path) is \(kind), not a regular file; refused. Fix: store the secret in a regular file at \(path)")
    }

    static func unreadable(_ name: String, path: String, error: String) -> CredentialError {
        .init(.unreadable, "credential \"\(name)\": cannot read \(path): \(error)")
    }

    static func notWebhookSecret(_ name: String, problem: String) -> CredentialError {
        .init(.malformed, "credential \"\(name)\" is not a Standard Webhooks secret: \(problem); refused. Fix: write whsec_ and the base64 of at least 24 random bytes into it, e.g. printf 'whsec_%s\\n' \"$(head -c 32 /dev/urandom | base64)\", and give the receiver the same text")
    }

    /// A credential that starts with `{` but is not the OAuth token object Pacer reads.
    static func malformed(_ name: String, path: String, problem: String) -> CredentialError {
        .init(.malformed, "credential \"\(name)\": \(path) starts with \"{\" but \(problem); write either the bare access token or "
              + "a JSON object with \"access_token\" (pacer auth writes it)")
    }

    static func empty(_ name: String, path: String) -> CredentialError {
        .init(.empty, "credential \"\(name)\": \(path) is empty")
    }
}
