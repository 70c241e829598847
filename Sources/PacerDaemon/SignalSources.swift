import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The write end of the signal pipe, set once before the first handler is installed and never
/// changed: the only state the signal handler reads.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// The process-wide signal handler: writes the signal's number into the pipe and nothing else
/// (`write(2)` is async-signal-safe; `errno` is restored for the interrupted code). A full pipe
/// drops the byte, which only merges it with the same signals already waiting.
private func writeSignalToPipe(_ number: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = saved
}

/// Signal handling through a self-pipe: `install` sets a `sigaction` handler before it returns,
/// so a signal that arrives the instant after (a SIGTERM right after READY=1) is never lost; the
/// handler runs on the signals' queue, outside the signal context.
///
/// Dispatch signal sources are not used: libdispatch registers them asynchronously on its
/// manager thread, and a signal that came between `signal(SIG_IGN)` and that registration was
/// discarded. On a loaded machine pacerd then ignored a SIGTERM sent right after READY=1.
final class SignalSources: @unchecked Sendable {
    private let queue = DispatchQueue(label: "pacerd.signals")
    /// The handler of each installed signal; read and written on `queue` only.
    private var handlers: [Int32: @Sendable () -> Void] = [:]
    private var reader: DispatchSourceRead?

    /// Installs `handler` for each of `signals`; it runs on the signals' queue, once per arrival
    /// (arrivals of one signal that come before the queue reads them may count as one).
    func install(_ signals: [Int32], handler: @escaping @Sendable () -> Void) {
        queue.sync {
            if reader == nil { openPipe() }
            for number in signals {
                handlers[number] = handler
                var action = sigaction()
                action.__sigaction_handler = .init(sa_handler: writeSignalToPipe)
                action.sa_flags = SA_RESTART
                sigemptyset(&action.sa_mask)
                sigaction(number, &action, nil)
            }
        }
    }

    /// Creates the pipe (both ends close-on-exec and non-blocking) and the read source that hands
    /// each signal to its handler. A process without a free descriptor cannot start, so a failure
    /// here is a programming error, not an input to report.
    private func openPipe() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            preconditionFailure("pipe for the signal handlers failed: \(String(cString: strerror(errno)))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        signalPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        let reader = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: queue)
        reader.setEventHandler { [self] in
            var bytes = [UInt8](repeating: 0, count: 64)
            while true {
                let count = bytes.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                guard count > 0 else { return }
                for byte in bytes.prefix(count) { handlers[Int32(byte)]?() }
            }
        }
        reader.activate()
        self.reader = reader
    }
}
