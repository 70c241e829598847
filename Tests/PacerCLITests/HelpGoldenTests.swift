import ArgumentParser
import Foundation
import Testing
@testable import pacer

/// The second level: every command's help text against a golden file in `Golden/`.
/// After an intended change, regenerate them with `PACER_UPDATE_GOLDEN=1 swift test --filter HelpGoldenTests`.
struct HelpGoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let commands: [(String, any ParsableCommand.Type)] = [
        ("pacer", Pacer.self), ("add", Add.self), ("edit", Edit.self), ("import", Import.self), ("move", Move.self),
        ("drafts", Drafts.self), ("show", Show.self), ("list", List.self), ("history", History.self), ("auth", Auth.self),
    ]

    @Test(arguments: commands.map(\.0))
    func helpMatchesItsGoldenFile(name: String) throws {
        let command = try #require(Self.commands.first { $0.0 == name }?.1)
        let help = Pacer.helpMessage(for: command, columns: 100) + "\n"
        let file = Self.golden.appendingPathComponent("\(name)-help.txt")
        if ProcessInfo.processInfo.environment["PACER_UPDATE_GOLDEN"] == "1" {
            try Data(help.utf8).write(to: file)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(help == expected, "help of \(name) changed; if intended, regenerate with PACER_UPDATE_GOLDEN=1")
    }
}
