#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Foundation
import PacerPOSIX
import Synchronization

/// Ends what command programs leave behind: processes they started that outlive them, including
/// those that left the program's process group or session (`setsid`, a double fork).
///
/// Before the first program starts, this process becomes a child subreaper
/// (`PR_SET_CHILD_SUBREAPER`): a process whose parent dies is re-parented to it instead of to
/// init. Every program leads a session of its own, and no process can join a session it was not
/// started in, so a child of this process outside this process's own session is a program or
/// something a program left behind. `sweep()` kills and reaps every such child but the programs
/// not yet reaped. Children in this process's own session are never touched: pacerd starts none,
/// but a test process does (Foundation's `Process`) and reaps them itself.
enum Leftovers {
    /// The pids of the programs started and not yet reaped. Its lock also serialises spawning
    /// (pipe creation included) with the sweeps, so a sweep never takes a program that has just
    /// started for a leftover, and a reaped program's pid leaves the set before it can be reused.
    static let programs = Mutex(Set<pid_t>())

    /// How long a sweep goes on while it still finds leftovers (a program's descendants that fork
    /// faster than they die); what is left then is taken by the next sweep.
    static let sweepLimit: TimeInterval = 5

    /// `errno` of making this process a subreaper, once, or 0.
    private static let subreaperError: Int32 = pacer_become_child_subreaper() == 0 ? 0 : errno

    /// Makes this process a child subreaper (process-wide, once); throws when the kernel refuses.
    static func adopt() throws(SystemCallError) {
        guard subreaperError == 0 else {
            throw SystemCallError(operation: "prctl(PR_SET_CHILD_SUBREAPER)", subject: "pacerd", code: subreaperError)
        }
    }

    /// Kills and reaps the leftovers, round after round: killing one hands its own children to
    /// this process. Returns once a round finds none, or after `sweepLimit`.
    static func sweep() {
        let ownSession = getsid(0)
        let giveUp = Date().addingTimeInterval(sweepLimit)
        while true {
            let found = programs.withLock { running in
                let leftovers = children().filter { $0.session != ownSession && !running.contains($0.pid) }
                for child in leftovers {
                    // A pid stays ours until it is reaped here, so neither call can reach another process.
                    if child.isZombie { _ = waitpid(child.pid, nil, WNOHANG) } else { _ = kill(child.pid, SIGKILL) }
                }
                return leftovers.count
            }
            if found == 0 || Date() > giveUp { return }
            usleep(5_000)
        }
    }

    /// A child of this process, as `/proc/<pid>/stat` describes it.
    private struct Child {
        let pid: pid_t
        let session: pid_t
        let isZombie: Bool
    }

    /// This process's children.
    private static func children() -> [Child] {
        let parent = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = pid_t(entry), let stat = try? SmallFile.readText("/proc/\(entry)/stat", limit: 4096),
                  let nameEnd = stat.lastIndex(of: ")")
            else { return nil }
            // After "pid (name)": state, parent, process group, session, … (proc(5)).
            let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
            guard fields.count > 3, pid_t(fields[1]) == parent, let session = pid_t(fields[3]) else { return nil }
            return Child(pid: pid, session: session, isZombie: fields[0] == "Z")
        }
    }
}
