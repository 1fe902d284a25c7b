import ChopTestSupport
import Foundation
import Testing

/// chop.h from C: CInterface/chop_test.c compiled with the system `cc` against the header and
/// the `CChop` library of this build, then run.
@Suite("The C interface")
struct CInterfaceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The build directory the test bundle is in, where `libCChop` is.
    static let buildDirectory = ChopBinary.url(of: "chop").deletingLastPathComponent()

    static var library: URL? {
        ["libCChop.so", "libCChop.dylib"].map { buildDirectory.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    @Test("a C program including chop.h and linking -lCChop: values, errors, in place, options, pieces, blocks and codes")
    func cProgram() throws {
        let library = try #require(Self.library, "libCChop is not in \(Self.buildDirectory.path): build with --build-tests (Tests/run.sh does)")
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = directory.appendingPathComponent("chop_test")
        let compile = try Self.run("/usr/bin/env", [
            "cc", "-std=c11", "-Wall", "-Wextra", "-Werror",
            "-I", Self.repository.appendingPathComponent("Sources/CChop/include").path,
            Self.repository.appendingPathComponent("Tests/ChopCommandTests/CInterface/chop_test.c").path,
            "-L", library.deletingLastPathComponent().path, "-lCChop", "-Wl,-rpath," + library.deletingLastPathComponent().path,
            "-lm", "-o", program.path,
        ])
        #expect(compile.status == 0, "\(compile.output)")
        let result = try Self.run(program.path, [])
        #expect(result.status == 0 && result.output == "ok\n", "\(result.output)")
    }

    /// Runs a program; its exit status and its standard output and error together.
    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
