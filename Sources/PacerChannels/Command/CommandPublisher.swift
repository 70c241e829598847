#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import PacerCore
import PacerPOSIX

/// `kind = "command"`: runs `argv` (never through a shell) with the text on stdin and the delivery
/// in the environment: `PACER_POST_ID`, `PACER_DELIVERY_ID`, `PACER_CHANNEL`,
/// `PACER_IDEMPOTENCY_KEY`, `PACER_TITLE` (empty when none), `PACER_TAGS` (comma-separated) and
/// `PACER_PLANNED_AT` (ISO 8601), on top of the daemon's own environment less what describes
/// pacerd's service (`ProgramEnvironment`). A post with images or several parts also has
/// `PACER_MANIFEST`, the path of its ``CommandManifest`` (a thread's parts are all on stdin, each
/// after a blank line, for a program that reads the text alone).
///
/// The program's own exit decides: exit 0 → published (the first line of stdout, if any, is the
/// URL); exit 75 (`EX_TEMPFAIL`) → retry; another exit code → failed with the tail of stderr;
/// killed at the `timeout`, or by any signal → `unknown` (it may have published). Nothing it
/// started outlives it (`ChildProcess`). The program cannot prove anything after a crash, so an
/// interrupted delivery is `undetermined`; a program that needs idempotency can key on
/// `PACER_IDEMPOTENCY_KEY`.
public struct CommandPublisher: Publisher {
    public let settings: CommandSettings
    private let environment: [String: String]
    private let logger: Logger

    /// `environment` is what the program inherits, normally the daemon's.
    public init(settings: CommandSettings, environment: [String: String], logger: Logger) {
        self.settings = settings
        self.environment = ProgramEnvironment.inherited(from: environment)
        self.logger = logger
    }

    /// The variables describing `publication`.
    static func variables(for publication: Publication) -> [String: String] {
        [
            "PACER_POST_ID": String(publication.postID),
            "PACER_DELIVERY_ID": String(publication.deliveryID),
            "PACER_CHANNEL": publication.channel,
            "PACER_IDEMPOTENCY_KEY": publication.idempotencyKey,
            "PACER_TITLE": publication.title ?? "",
            "PACER_TAGS": publication.tags.joined(separator: ","),
            "PACER_PLANNED_AT": ISOInstant.format(publication.plannedAt),
        ]
    }

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        let program = settings.argv[0]
        var variables = Self.variables(for: publication)
        var manifest: ManifestFile?
        if publication.hasPartsOrImages {
            do throws(SystemCallError) {
                manifest = try ManifestFile.create(JSONBody.encode(CommandManifest(publication)), in: temporaryDirectory, deliveryID: publication.deliveryID)
            } catch {
                return .retry(reason: "cannot write the manifest for \(program): \(error)", after: nil, status: nil, consumesAttempt: true)
            }
            variables["PACER_MANIFEST"] = manifest?.path
        }
        defer { manifest?.remove() }
        let child = ChildProcess(argv: settings.argv, environment: environment.merging(variables) { $1 },
                                 input: Array(publication.wholeText.utf8), timeout: settings.timeout)
        let output: ChildProcess.Output
        do throws(SystemCallError) {
            output = try await child.run()
        } catch {
            // Nothing ran. A missing or unusable program stays so; anything else may pass.
            if [ENOENT, EACCES, ENOEXEC, ENOTDIR, ELOOP, ENAMETOOLONG].contains(error.code) {
                return .failed(reason: "cannot run \(program): \(String(cString: strerror(error.code)))", status: nil)
            }
            return .retry(reason: "cannot start \(program): \(error)", after: nil, status: nil, consumesAttempt: true)
        }
        let errors = Self.tail(output.stderr)
        logger.debug("\(program) ended: \(output.termination)")
        switch output.termination {
        case .exited(0):
            let firstLine = String(decoding: output.stdout, as: UTF8.self).split(whereSeparator: \.isNewline).first.map { String($0).trimmingWhitespace() }
            return .published(url: firstLine.flatMap { $0.isEmpty ? nil : $0 }, externalID: nil, status: 0)
        case .exited(75):
            return .retry(reason: "\(program) exited with 75 (try again later)\(errors.isEmpty ? "" : ": " + errors)", after: nil, status: 75, consumesAttempt: true)
        case .exited(let code):
            return .failed(reason: "\(program) exited with \(code)\(errors.isEmpty ? "" : ": " + errors)", status: Int(code))
        case .signalled(let signal):
            let name = Self.hardeningSignals[signal]
            let hint = name == nil ? "" : ". If it has a JIT (node, java) or is built for another architecture, pacer.service's "
                + "hardening stops it: see \"Command programs with a JIT\" in docs/systemd.md for the jit.conf drop-in"
            return .unknown(reason: "\(program) was killed by signal \(signal)\(name.map { " (\($0))" } ?? ""); it may have published"
                + (errors.isEmpty ? "" : ": " + errors) + hint)
        case .timedOut:
            return .unknown(reason: "\(program) did not finish within \(settings.timeout) and was killed; it may have published")
        case .lost(let reason):
            return .unknown(reason: "\(program): \(reason); it was killed and may have published")
        }
    }

    /// Where manifests are written: the program's `TMPDIR`, else `/tmp`.
    private var temporaryDirectory: String {
        environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        .undetermined
    }

    /// The signals a program dies of when pacer.service's hardening refuses it something: SIGSYS,
    /// the system-call filter's kill (another architecture's calls), and those of a JIT that cannot
    /// map writable code under `MemoryDenyWriteExecute=` (node traps; others fault).
    static let hardeningSignals: [Int32: String] = [SIGSYS: "SIGSYS", SIGTRAP: "SIGTRAP", SIGILL: "SIGILL", SIGSEGV: "SIGSEGV"]

    /// The last lines of stderr, at most 500 characters on one line.
    static func tail(_ bytes: [UInt8]) -> String {
        let lines = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let joined = lines.suffix(5).joined(separator: " | ")
        return joined.count > 500 ? "…" + String(joined.suffix(500)) : joined
    }
}
