import ArgumentParser
@testable import ChopCommand
import ChopIO
import ChopTestSupport
import Foundation
import Synchronization

/// Runs `chop` inside the test process: the arguments parsed and the command run as the
/// executable's `main` would, with standard output and error captured, standard input
/// given, and relative paths resolved against a directory, all for the calling task only,
/// so tests run side by side. What only a real process shows (the exit status the shell
/// sees, peak memory, standard streams that are pipes) is tested with ``ChopBinary``.
enum ChopInProcess {
    /// Bytes a stream received.
    final class Captured: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        func append(_ buffer: UnsafeRawBufferPointer) { bytes.withLock { $0.append(contentsOf: buffer) } }
        var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
    }

    /// Runs `chop ARGUMENTS` in `directory` with `input` on standard input.
    static func run(_ arguments: [String], input: Data? = nil, in directory: URL? = nil) -> ChopBinary.Result {
        let standardOutput = Captured()
        let standardError = Captured()
        let streams = StandardStreams(
            output: .capture(standardOutput.append), error: .capture(standardError.append), input: input.map { [UInt8]($0) })
        let status: Int32 = StandardStreams.$current.withValue(streams) { () -> Int32 in
            Console.$directory.withValue(directory?.path) { () -> Int32 in runCommand(arguments) }
        }
        // Relative paths were resolved against `directory`; messages show them as typed, as
        // they would be for a process started there.
        let prefix = directory.map { $0.path + "/" } ?? ""
        func asTyped(_ text: String) -> String { prefix.isEmpty ? text : text.replacingOccurrences(of: prefix, with: "") }
        return ChopBinary.Result(status: status, standardOutput: asTyped(standardOutput.text), standardError: asTyped(standardError.text))
    }

    /// Parses and runs the command; its exit status.
    private static func runCommand(_ arguments: [String]) -> Int32 {
        do {
            var command = try ChopTool.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let failure {
            // As ArgumentParser's `main` ends: the message (help and usage included) on
            // standard output for a clean exit, else on standard error.
            let code: Int32 = ChopTool.exitCode(for: failure).rawValue
            let message: String = ChopTool.fullMessage(for: failure)
            if !message.isEmpty {
                if code == 0 { Console.print(message) } else { StandardError.print(message) }
            }
            return code
        }
    }
}
