#if canImport(Glibc)
import Glibc
#endif

/// Opens the authorization URL with `xdg-open` when there is a display to show it on
/// (`$DISPLAY` or `$WAYLAND_DISPLAY`). It never fails the sign-in: the URL is printed anyway.
enum BrowserLauncher {
    /// Whether `xdg-open` was started; the browser itself may still fail to appear.
    static func open(_ url: String, environment: [String: String]) -> Bool {
        guard !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // It must not read the terminal (a prompt may follow) nor write into pacer's output.
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group: Ctrl-C in the terminal stops pacer, not the browser it started.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("xdg-open"), strdup(url), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        return posix_spawnp(&pid, "xdg-open", &actions, &attributes, argv, envp) == 0
    }
}
