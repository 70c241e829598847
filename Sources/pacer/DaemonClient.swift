import ArgumentParser
import Foundation
import PacerCore
import PacerProtocol
#if canImport(Glibc)
import Glibc
#endif

/// Sends one request to pacerd and turns every failure into a message on stderr and an exit status.
enum DaemonClient {
    /// `forPeople`: the reply's strings have their control characters made visible
    /// (``ControlCharacterEscaping``), as everything printed for a person must; JSON output and
    /// post files for an editor take the reply as it is.
    static func send<Result: Decodable & Sendable>(_ request: Request, expecting: Result.Type, forPeople: Bool) throws -> Result {
        let reply = try reply(request, expecting: Result.self, forPeople: forPeople)
        do {
            return try reply.get()
        } catch {
            Output.error(ControlCharacters.escaped(error.message, keepingLineBreaks: true))
            throw ExitCode(CLIExit.code(for: error.code))
        }
    }

    /// The daemon's reply, its error included (the caller decides what to do with it); an
    /// unreachable daemon or a protocol mismatch is reported here and ends the command.
    static func reply<Result: Decodable & Sendable>(
        _ request: Request, expecting: Result.Type, forPeople: Bool, timeoutSeconds: Int = 30
    ) throws -> Reply<Result> {
        let paths: PacerPaths
        do {
            paths = try PacerPaths.resolve(environment: ProcessInfo.processInfo.environment, userID: getuid())
        } catch {
            Output.error(error.description)
            throw ExitCode(CLIExit.daemonUnreachable)
        }
        let reply: Reply<Result>
        do {
            reply = try ControlClient(socketPath: paths.controlSocket, timeoutSeconds: timeoutSeconds).send(request, expecting: Result.self, escapingControlCharacters: forPeople)
        } catch let .unreachable(path, error) {
            Output.error("""
                pacerd is not running (nothing answers at \(path): \(error)).
                Start it with:  systemctl --user start pacer
                or run it in a terminal:  pacerd
                """)
            throw ExitCode(CLIExit.daemonUnreachable)
        } catch let .connectionLost(detail) {
            Output.error("""
                pacerd ended the connection without a whole reply (\(detail)).
                It may be busy or restarting: try again in a moment; `pacer doctor` checks it.
                """)
            throw ExitCode(CLIExit.temporaryFailure)
        } catch {
            Output.error(error.description)
            throw ExitCode(CLIExit.protocolMismatch)
        }
        return reply
    }
}
