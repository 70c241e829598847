import ArgumentParser
import PacerProtocol

/// The exit statuses of `pacer`, stable and documented (README, `pacer --help`).
enum CLIExit {
    static let usage: Int32 = 64
    static let invalidInput: Int32 = 65
    static let notFound: Int32 = 66
    static let refused: Int32 = 67
    static let daemonUnreachable: Int32 = 69
    static let daemonFailed: Int32 = 70
    static let temporaryFailure: Int32 = 75
    static let protocolMismatch: Int32 = 76
    static let permissionDenied: Int32 = 77

    static let summary = """
          0  success
         64  usage error
         65  invalid input (empty text, unknown channel, bad --at, a bad post file,
             a channel setting pacer auth needs)
         66  no such post
         67  refused by a rule or by the post's state (too long, near-duplicate,
             --strict unmet, rm or edit of a published post), or pacer auth's
             credential exists (--force replaces it)
         69  pacerd is not reachable
         70  pacerd failed to carry out the request (pacer auth: the platform's
             answer was unusable)
         75  pacerd is busy or the connection broke before its reply, or pacer
             auth had no answer in time; try again
         76  pacer and pacerd speak different protocol versions
         77  permission denied (pacer auth: access not granted, or refused by
             the platform)
        """

    /// The exit status for an error the daemon replied with.
    static func code(for error: ErrorCode) -> Int32 {
        switch error {
        case .invalidInput, .invalidRequest, .tooLarge: invalidInput
        case .notFound: notFound
        case .conflict, .refused: refused
        case .unsupportedVersion: protocolMismatch
        case .permissionDenied: permissionDenied
        case .internalError: daemonFailed
        case .busy: temporaryFailure
        }
    }
}
