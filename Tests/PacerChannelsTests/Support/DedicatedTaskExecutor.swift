import Dispatch

/// A task executor on a serial dispatch queue of its own, which Dispatch serves with its own
/// threads, apart from Swift's shared cooperative pool.
///
/// The channel tests measure calls against deadlines; the integration tests in the same `swift test`
/// process wait synchronously (for pacerd, for a file) on threads of that pool, and with two cores
/// they can hold all of it for minutes. Work on this executor keeps running meanwhile.
final class DedicatedTaskExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "pacer.channels-tests")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
