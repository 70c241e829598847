import Foundation

/// Runs `work`, which waits for another program (systemd-analyze, ExifTool, ImageMagick), on a
/// thread of its own rather than on Swift's shared pool: its two threads (two cores) are what every
/// other suite's tasks run on.
func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Swift.Result { try work() }) }.start()
    }
}
