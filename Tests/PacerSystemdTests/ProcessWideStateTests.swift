import Testing

/// The suites that change process-wide state — environment variables (which `sd_notify`,
/// `sd_watchdog_enabled` and `sd_listen_fds` read), file descriptor 3 — or that spawn processes
/// (which read the environment while it is copied). `setenv` is not safe against concurrent readers
/// of the environment, so these never run concurrently with each other; they are nested here, in
/// extensions in their own files.
@Suite(.serialized)
enum ProcessWideStateTests {}
