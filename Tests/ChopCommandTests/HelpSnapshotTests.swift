import ChopTestSupport
import Foundation
import Testing

/// Help texts pinned by snapshot files in `Snapshots/`. A change to the interface shows up
/// here; regenerate with `CHOP_UPDATE_SNAPSHOTS=1 swift test --filter HelpSnapshot` and read
/// the diff before committing it.
@Suite("Help text snapshots")
struct HelpSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test("help texts match their snapshots", arguments: [
        ("chop", ["--help"]), ("round", ["round", "--help"]), ("decode", ["decode", "--help"]),
        ("formats", ["formats", "--help"]), ("info", ["info", "--help"]), ("compare", ["compare", "--help"]),
        ("bench", ["bench", "--help"]), ("matmul", ["matmul", "--help"]),
    ])
    func help(_ name: String, _ arguments: [String]) throws {
        let result = ChopInProcess.run(arguments)
        #expect(result.status == 0)
        let snapshot = Self.directory.appendingPathComponent("\(name).txt")
        if Environment.value("CHOP_UPDATE_SNAPSHOTS") == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(result.standardOutput.utf8).write(to: snapshot)
        }
        let expected = try String(contentsOf: snapshot, encoding: .utf8)
        #expect(result.standardOutput == expected, "help for \(name) changed; see HelpSnapshotTests")
    }
}
