import ChopBlocks
import ChopFormats
import ChopTestSupport
import Foundation
import Testing

/// `chop` on every kind of file a user has, and on the bad ones: each bad
/// input shows its exit status, its one-line message, and the output left untouched.
@Suite("chop on files")
struct FileCommandTests {
    /// A directory with an output file that must survive every failure.
    static func workspace() throws -> URL {
        let directory = try ChopBinary.temporaryDirectory()
        try Data("previous output".utf8).write(to: directory.appendingPathComponent("out.npy"))
        try Data("previous output".utf8).write(to: directory.appendingPathComponent("out.csv"))
        return directory
    }

    static func expectUntouched(_ directory: URL, besides inputs: [String], _ comment: Comment) throws {
        #expect(try Data(contentsOf: directory.appendingPathComponent("out.npy")) == Data("previous output".utf8), comment)
        #expect(try Data(contentsOf: directory.appendingPathComponent("out.csv")) == Data("previous output".utf8), comment)
        #expect(ChopBinary.listing(directory) == (inputs + ["out.csv", "out.npy"]).sorted(), comment)
    }

    static func npy(descr: String, shape: String, payload: Int) -> Data {
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + dict.utf8.count + 1) % 64 != 0 { dict += " " }
        dict += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(dict.utf8.count), 0])
        data.append(contentsOf: Array(dict.utf8))
        data.append(Data(count: payload))
        return data
    }

    @Test("bad binary inputs: exit 65, one line naming the file and problem, output untouched", arguments: [
        ("truncated.npy", npy(descr: "<f8", shape: "(4,)", payload: 29), "truncated.npy: the header's shape [4] needs 32 bytes of float64 data, but the file has 29"),
        ("lying.npy", npy(descr: "<f8", shape: "(1000,)", payload: 32), "lying.npy: the header's shape [1000] needs 8000 bytes"),
        ("ints.npy", npy(descr: "<i4", shape: "(4,)", payload: 16), "ints.npy: dtype '<i4' is not supported"),
        ("objects.npy", npy(descr: "|O", shape: "(4,)", payload: 32), "objects.npy: dtype '|O' is not supported"),
        ("garbage.npy", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }), "garbage.npy: not an .npy file"),
        ("empty.npy", Data(), "empty.npy: the file ends inside the .npy magic"),
        ("half.f32", Data(count: 6), "half.f32: 6 bytes is not a whole number of 4-byte elements"),
    ])
    func badBinaryInputs(_ name: String, _ contents: Data, _ message: String) throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try contents.write(to: directory.appendingPathComponent(name))
        for output in ["out.npy", "out.csv"] {
            let result = ChopInProcess.run([name, "-o", output, "--format", "e4m3fn"], in: directory)
            #expect(result.status == 65, "\(name): \(result.standardError)")
            #expect(result.standardError.hasPrefix("chop: error: \(message)"), "\(result.standardError)")
            #expect(result.standardError.filter { $0 == "\n" }.count == 1, "one line: \(result.standardError)")
        }
        try Self.expectUntouched(directory, besides: [name], "\(name)")
    }

    @Test("bad text: a word in a column of numbers fails naming line and column; ragged rows are kept")
    func text() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("x,y\n1,2\n3,four\n".utf8).write(to: directory.appendingPathComponent("word.csv"))
        let failure = ChopInProcess.run(["word.csv", "-o", "out.csv", "--format", "bf16"], in: directory)
        #expect(failure.status == 65)
        #expect(failure.standardError == "chop: error: word.csv:3:2: 'four' is not a number, but column 2 holds numbers\n")
        try Self.expectUntouched(directory, besides: ["word.csv"], "word.csv")

        try Data("1.1,2.2\n3.3\n4.4,5.5,6.6\n".utf8).write(to: directory.appendingPathComponent("ragged.csv"))
        let ragged = ChopInProcess.run(["ragged.csv", "--format", "e5m2"], in: directory)
        #expect(ragged.status == 0 && ragged.standardOutput == "1.0,2.0\n3.5\n4.0,6.0,7.0\n", "\(ragged)")
    }

    @Test("empty files: .npy is bad data; empty text and raw files give empty outputs")
    func emptyFiles() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["empty.csv", "empty.f64", "empty.txt"] {
            try Data().write(to: directory.appendingPathComponent(name))
            let result = ChopInProcess.run([name, "-o", "result-\(name)", "--format", "bf16"], in: directory)
            #expect(result.status == 0, "\(name): \(result.standardError)")
            #expect(try Data(contentsOf: directory.appendingPathComponent("result-\(name)")).isEmpty)
        }
        try Data().write(to: directory.appendingPathComponent("empty2.csv"))
        let toNPY = ChopInProcess.run(["empty2.csv", "-o", "empty.npy", "--format", "bf16"], in: directory)
        #expect(toNPY.status == 0)
        #expect(try SimpleNPY.read(directory.appendingPathComponent("empty.npy")).shape == [0])
    }

    @Test("binary garbage read as text: no crash; either rounded or refused with a location")
    func garbageText() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = Xoshiro256(seed: 77)
        for trial in 0..<5 {
            let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let name = "garbage\(trial).txt"
            try Data(bytes).write(to: directory.appendingPathComponent(name))
            let result = ChopInProcess.run([name, "-o", "out.csv", "--format", "bf16"], in: directory)
            #expect(result.status == 0 || result.status == 65, "\(name): status \(result.status)")
            if result.status == 65 {
                #expect(result.standardError.contains("\(name):") && result.standardError.contains("is not a number"))
                #expect(try Data(contentsOf: directory.appendingPathComponent("out.csv")) == Data("previous output".utf8))
            } else {
                try Data("previous output".utf8).write(to: directory.appendingPathComponent("out.csv"))
            }
            try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        try Self.expectUntouched(directory, besides: [], "garbage")
    }

    @Test("a single long line streams: peak memory does not grow with the line's length")
    func longLine() throws {
        // A line of 1 MB and one of 6 MB, both many chunks long: holding the line (or its
        // numbers) would add at least 5 MB to the peak. (A 2 GB line was checked by hand with a
        // release build: see the README.)
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let block = Data((0..<(1 << 18)).flatMap { _ in Array("1.1,".utf8) })  // 1 MB
        var peaks: [Int] = []
        for megabytes in [1, 6] {
            let input = directory.appendingPathComponent("line\(megabytes).csv")
            var data = Data(capacity: megabytes << 20 + 4)
            for _ in 0..<megabytes { data.append(block) }
            data.append(Data("1.1\n".utf8))
            try data.write(to: input)
            let output = directory.appendingPathComponent("out\(megabytes).csv")
            let stats = directory.appendingPathComponent("stats\(megabytes).json")
            // A process of its own: the peak is the process's.
            let result = try ChopBinary.run(
                ["round", input.path, "-o", output.path, "--format", "e5m2", "--chunk-size", "10000", "--stats-json", stats.path])
            #expect(result.status == 0)
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: stats)) as? [String: Any]
            peaks.append(try #require(object?["peak_memory_kb"] as? Int))
            let written = try Data(contentsOf: output)
            #expect(written.count == data.count && written.prefix(8) == Data("1.0,1.0,".utf8))
        }
        #expect(peaks[1] - peaks[0] < 3_000, "peaks \(peaks) kB for lines of 1 and 6 MB")
    }

    @Test("standard input and output")
    func standardStreams() throws {
        let result = ChopInProcess.run(["-", "--format", "e4m3fn"], input: Data("# comment\n0.1 300\n464 1e-3\n".utf8))
        #expect(result.status == 0)
        #expect(result.standardOutput == "# comment\n0.1015625 288\n448 0.001953125\n")
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write([0.1, 300, 464, 1e-3], shape: [2, 2], to: directory.appendingPathComponent("in.npy"))
        let toStdout = ChopInProcess.run(["in.npy", "-o", "-", "--format", "e4m3fn"], in: directory)
        #expect(toStdout.standardOutput == "0.1015625,288.0\n448.0,0.001953125\n")
        let codes = ChopInProcess.run(["in.npy", "-o", "-", "--format", "e4m3fn", "--codes"], in: directory)
        #expect(codes.standardOutput == "0x1d,0x79\n0x7e,0x01\n")
        let decoded = ChopInProcess.run(["decode", "-", "--format", "e4m3fn"], input: Data(codes.standardOutput.utf8))
        #expect(decoded.standardOutput == "0.1015625,288.0\n448.0,0.001953125\n")
    }

    @Test("an output without an extension has the input's type")
    func outputTypeDefaultsToInput() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write([0.1, 464], shape: [2], to: directory.appendingPathComponent("in.npy"))
        #expect(ChopInProcess.run(["in.npy", "-o", "plain", "--format", "e4m3fn"], in: directory).status == 0)
        #expect(try SimpleNPY.read(directory.appendingPathComponent("plain")).values == [0.1015625, 448])
        try Data("x\n0.1\n".utf8).write(to: directory.appendingPathComponent("in.csv"))
        #expect(ChopInProcess.run(["in.csv", "-o", "text", "--format", "e4m3fn"], in: directory).status == 0)
        #expect(try String(contentsOf: directory.appendingPathComponent("text"), encoding: .utf8) == "x\n0.1015625\n")
    }

    @Test("--stats and --stats-json")
    func statistics() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write([464, 470, 1e-5, 2, .nan], shape: [5], to: directory.appendingPathComponent("in.npy"))
        let result = ChopInProcess.run(
            ["in.npy", "-o", "out.npy", "--format", "e4m3fn", "--stats", "--stats-json", "stats.json"], in: directory)
        #expect(result.status == 0)
        #expect(result.standardError.contains("overflowed           1 (to Inf 0, to NaN 1, saturated 0)"), "\(result.standardError)")
        #expect(result.standardError.contains("underflowed to zero  1"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("stats.json")))
        let object = try #require(json as? [String: Any])
        #expect(object["elements"] as? Int == 5 && object["overflow_to_nan"] as? Int == 1 && object["nan_in"] as? Int == 1)
        #expect(object["max_abs_error"] as? Double == 16 && object["format"] as? String == "e4m3fn")
        #expect(object["seed"] is NSNull)
    }

    @Test("compare: exit 0 within the tolerance, 1 beyond it")
    func compare() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write([1, 1.125, 448], shape: [3], to: directory.appendingPathComponent("reference.npy"))
        try Data("1\n1.25\n448\n".utf8).write(to: directory.appendingPathComponent("kernel.csv"))
        let strict = ChopInProcess.run(["compare", "kernel.csv", "reference.npy", "--format", "e4m3fn"], in: directory)
        #expect(strict.status == 1)
        #expect(strict.standardOutput.contains("3 elements, 1 mismatches") && strict.standardOutput.contains("  1: 1.25, 1.125, 1"))
        let lenient = ChopInProcess.run(
            ["compare", "kernel.csv", "reference.npy", "--format", "e4m3fn", "--max-ulps", "1", "--json"], in: directory)
        #expect(lenient.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lenient.standardOutput.utf8)) as? [String: Any])
        #expect(object["max_ulps"] as? Double == 1 && object["passed"] as? Bool == true)
    }

    @Test("formats and info")
    func formatsAndInfo() throws {
        let table = ChopInProcess.run(["formats"])
        #expect(table.status == 0)
        for preset in FloatFormat.presets { #expect(table.standardOutput.contains(preset.name)) }
        let json = ChopInProcess.run(["formats", "--json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(array.count == FloatFormat.presets.count + PositFormat.presets.count + BlockFormat.presets.count)
        let e4m3 = try #require(array.first { $0["name"] as? String == "e4m3fn" })
        #expect(e4m3["max"] as? Double == 448 && e4m3["emax"] as? Int == 8 && e4m3["infinity"] as? Bool == false)
        #expect(e4m3["family"] as? String == "float" && e4m3["min_subnormal"] as? Double == 0x1p-9)
        let posit = try #require(array.first { $0["name"] as? String == "posit16" })
        #expect(posit["es"] as? Int == 2 && posit["max"] as? Double == 0x1p56 && posit["bits"] as? Int == 16)
        let nvfp4 = try #require(array.first { $0["name"] as? String == "nvfp4" })
        #expect(nvfp4["block_size"] as? Int == 16 && nvfp4["tensor_scale"] as? Bool == true && nvfp4["element_max"] as? Double == 6)
        let info = ChopInProcess.run(["info", "e4m3fn"])
        #expect(info.status == 0 && info.standardOutput.contains("448") && info.standardOutput.contains("bias 7"))
        let custom = ChopInProcess.run(["info", "--precision", "4", "--emax", "7", "--emin", "-6", "--no-subnormals"])
        #expect(custom.status == 0 && custom.standardOutput.contains("240"))
        #expect(ChopInProcess.run(["info", "nope"]).status == 64)
    }

    @Test("shell completions are generated for bash, zsh and fish")
    func completions() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = ChopInProcess.run(["--generate-completion-script", shell])
            #expect(result.status == 0 && result.standardOutput.contains("chop") && result.standardOutput.contains("round"))
        }
    }

    @Test(
        "a progress line on a terminal, none otherwise",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a pseudo-terminal"))
    func progress() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("big.f64")
        try [Double](repeating: 1.1, count: 3 << 20).withUnsafeBytes { try Data($0).write(to: input) }
        let command = "CHOP_PROGRESS_AFTER=0 \(ChopBinary.url.path) round \(input.path) -o \(directory.path)/out.f64 --format bf16"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", command, "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("of 3.1 M elements (") && text.contains("s left"), "\(text.debugDescription)")
        let quiet = ChopInProcess.run(["round", input.path, "-o", "\(directory.path)/out2.f64", "--format", "bf16"])
        #expect(quiet.standardError.isEmpty)
    }

    @Test("numpy.load reads what chop writes", .enabled(if: PythonNumpy.isAvailable, "needs python3 with numpy"))
    func numpyReads() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("a,b,c\n0.1,300,-2\n464,1e-3,nan\n".utf8).write(to: directory.appendingPathComponent("in.csv"))
        for arguments in [
            ["in.csv", "-o", "values.npy", "--format", "e4m3fn"],
            ["in.csv", "-o", "codes.npy", "--format", "e4m3fn", "--codes"],
            ["in.csv", "-o", "half-codes.npy", "--format", "binary16", "--codes"],
            ["values.npy", "-o", "again.csv", "--format", "e4m3fn"],
        ] {
            #expect(ChopInProcess.run(arguments, in: directory).status == 0, "\(arguments)")
        }
        let script = """
            import numpy as np
            v = np.load('values.npy'); c = np.load('codes.npy'); h = np.load('half-codes.npy')
            print(v.dtype, v.shape, c.dtype, c.shape, h.dtype)
            print(','.join(repr(float(x)) for x in v.ravel()))
            print(','.join(hex(int(x)) for x in c.ravel()))
            print(np.array_equal(np.loadtxt('again.csv', delimiter=','), v, equal_nan=True))
            """
        let lines = try PythonNumpy.run(script, in: directory).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.first == "float64 (2, 3) uint8 (2, 3) uint16")
        #expect(lines.dropFirst().first == "0.1015625,288.0,-2.0,448.0,0.001953125,nan")
        #expect(lines.dropFirst(2).first == "0x1d,0x79,0xc0,0x7e,0x1,0x7f")
        #expect(lines.last == "True")
    }
}
