import ChopFormats
import ChopTestSupport
import Foundation
import Testing

/// The `chop` executable as a process, for what only a process shows: the exit status the
/// shell sees, standard streams that are pipes, help on standard output, and an output file
/// left untouched when a run fails. Everything else is tested in-process (``ChopInProcess``).
@Suite("chop, the process")
struct EndToEndTests {
    @Test("text from a standard-input pipe to a standard-output pipe; codes back through decode")
    func pipes() throws {
        let result = try ChopBinary.run(["-", "--format", "e4m3fn"], input: Data("# comment\n0.1 300\n464 1e-3\n".utf8))
        #expect(result.status == 0 && result.standardError.isEmpty, "\(result.standardError)")
        #expect(result.standardOutput == "# comment\n0.1015625 288\n448 0.001953125\n")
        let codes = try ChopBinary.run(["-", "--format", "bfloat16", "--codes"], input: Data("1 -2.5\n".utf8))
        let decoded = try ChopBinary.run(["decode", "-", "--format", "bfloat16"], input: Data(codes.standardOutput.utf8))
        #expect(codes.standardOutput == "0x3f80 0xc020\n" && decoded.standardOutput == "1.0 -2.5\n", "\(codes.standardOutput)\(decoded.standardOutput)")
    }

    @Test("exit statuses: 0 with help on standard output, 64 for usage, 65 for bad data with the output untouched")
    func exitStatuses() throws {
        let help = try ChopBinary.run(["round", "--help"])
        #expect(help.status == 0 && help.standardOutput.contains("USAGE: chop round") && help.standardError.isEmpty)
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("previous output".utf8).write(to: directory.appendingPathComponent("out.npy"))
        try Data("not numpy".utf8).write(to: directory.appendingPathComponent("in.npy"))
        let usage = try ChopBinary.run(["in.npy", "-o", "out.npy", "--format", "nosuch"], in: directory)
        #expect(usage.status == 64 && usage.standardError.contains("nosuch"), "\(usage.standardError)")
        let bad = try ChopBinary.run(["in.npy", "-o", "out.npy", "--format", "bf16"], in: directory)
        #expect(bad.status == 65 && bad.standardError == "chop: error: in.npy: not an .npy file (bad magic)\n", "\(bad.standardError)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("out.npy")) == Data("previous output".utf8))
        #expect(ChopBinary.listing(directory) == ["in.npy", "out.npy"])
    }
}
