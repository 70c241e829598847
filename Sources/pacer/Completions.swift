import ArgumentParser
import Foundation
import PacerProtocol
#if canImport(Glibc)
import Glibc
#endif

/// Dynamic shell completion: post ids and channel names, asked of the running pacerd. When it
/// does not answer (within a second), completion offers nothing rather than an error.
enum Completions {
    static let postIDs = CompletionKind.custom { _, _, prefix in
        let posts: [PostView] = ask(.list) ?? []
        return posts.map { String($0.id) }.filter { $0.hasPrefix(prefix) }
    }

    static let channels = CompletionKind.custom { _, _, prefix in
        let channels: [ChannelView] = ask(.channels) ?? []
        return channels.map(\.name).filter { $0.hasPrefix(prefix) }
    }

    private static func ask<Result: Decodable & Sendable>(_ request: Request) -> Result? {
        guard let paths = try? PacerPaths.resolve(environment: ProcessInfo.processInfo.environment, userID: getuid()),
              let reply = try? ControlClient(socketPath: paths.controlSocket, timeoutSeconds: 1).send(request, expecting: Result.self)
        else { return nil }
        return try? reply.get()
    }
}
