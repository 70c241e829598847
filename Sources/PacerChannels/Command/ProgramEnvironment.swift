/// The environment a command channel's program inherits from the daemon: the daemon's own,
/// without what describes pacerd's own service and without any `PACER_*` variable (the delivery's
/// are added per run). docs/channels.md lists what a program sees.
enum ProgramEnvironment {
    /// Variables systemd gives pacerd about pacerd alone: its credentials, its notification socket
    /// and watchdog, the sockets passed to it, its pids, its journal stream (a program's stdout
    /// and stderr are pipes to pacerd) and its memory-pressure notification. A program acting on
    /// them would act as if it were pacer.service.
    static let withheld: Set<String> = [
        "CREDENTIALS_DIRECTORY",
        "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID",
        "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "FDSTORE",
        "MAINPID", "MANAGERPID", "SYSTEMD_EXEC_PID", "PIDFILE",
        "JOURNAL_STREAM",
        "MEMORY_PRESSURE_WATCH", "MEMORY_PRESSURE_WRITE",
    ]

    /// `daemon` without the withheld variables and without `PACER_*` ones.
    static func inherited(from daemon: [String: String]) -> [String: String] {
        daemon.filter { !withheld.contains($0.key) && !$0.key.hasPrefix("PACER_") }
    }
}
