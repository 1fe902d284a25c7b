import ChopBlocks
import ChopFormats
import ChopTestSupport
import Foundation
import Testing

/// `chop` run as a user would (in-process, see ``ChopInProcess``): exit codes, messages, files produced and
/// files left untouched.
@Suite("chop, the command")
struct CommandTests {
    @Test("round keeps dtype and shape; the default subcommand is round")
    func roundsNPY() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.npy")
        let values: [Double] = (0..<24).map { Double($0) * 0.37 - 4 }
        try SimpleNPY.write(values, shape: [2, 3, 4], to: input)
        for arguments in [["round", "in.npy", "-o", "out.npy", "--format", "bf16"], ["in.npy", "-o", "out.npy", "-f", "bfloat16"]] {
            let result = ChopInProcess.run(arguments, in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            let output = try SimpleNPY.read(directory.appendingPathComponent("out.npy"))
            #expect(output.descr == "<f8" && output.shape == [2, 3, 4])
            #expect(output.values == values.map { FloatFormat.bfloat16.round($0) })
        }
        let singles = directory.appendingPathComponent("single.npy")
        try SimpleNPY.write(values.map { Float($0) }, shape: [24], to: singles)
        let result = ChopInProcess.run(["round", "single.npy", "-o", "single-out.npy", "--format", "e4m3fn"], in: directory)
        #expect(result.status == 0)
        let output = try SimpleNPY.read(directory.appendingPathComponent("single-out.npy"))
        #expect(output.descr == "<f4" && output.values == values.map { FloatFormat.e4m3fn.round(Double(Float($0))) })
    }

    @Test("without -o the values are printed, a row per line")
    func printsValues() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write([1 / 3, 464, 1000, -0.0], shape: [2, 2], to: directory.appendingPathComponent("in.npy"))
        let result = ChopInProcess.run(["in.npy", "--format", "e4m3fn"], in: directory)
        #expect(result.status == 0)
        #expect(result.standardOutput == "0.34375,448.0\nnan,-0.0\n")
    }

    @Test("stochastic rounding prints its seed, and --seed repeats a run")
    func seeds() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write((0..<1000).map { Double($0) * 0.001 + 1 }, shape: [1000], to: directory.appendingPathComponent("in.npy"))
        let first = ChopInProcess.run(["in.npy", "-o", "a.npy", "--format", "bf16", "--rounding", "stochastic"], in: directory)
        #expect(first.status == 0)
        let seed = try #require(first.standardError.split(separator: " ").first { UInt64($0) != nil }.map(String.init))
        let again = ChopInProcess.run(
            ["in.npy", "-o", "b.npy", "--format", "bf16", "--rounding", "stochastic", "--seed", seed], in: directory)
        #expect(again.status == 0 && again.standardError.isEmpty)
        let a = try Data(contentsOf: directory.appendingPathComponent("a.npy"))
        #expect(a == (try Data(contentsOf: directory.appendingPathComponent("b.npy"))))
        _ = ChopInProcess.run(
            ["in.npy", "-o", "c.npy", "--format", "bf16", "--rounding", "5", "--seed", "1", "--threads", "3"], in: directory)
        #expect(a != (try Data(contentsOf: directory.appendingPathComponent("c.npy"))))
    }

    @Test("--first-index: pieces of an array rounded as separate files equal one run over the whole (npy and text, floats, posits and blocks)")
    func firstIndexPieces() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let values: [Double] = (0..<1000).map { 1 + Double($0) * 1.3e-4 }
        try SimpleNPY.write(values, shape: [1000], to: directory.appendingPathComponent("whole.npy"))
        try SimpleNPY.write(Array(values[..<400]), shape: [400], to: directory.appendingPathComponent("head.npy"))
        try SimpleNPY.write(Array(values[400...]), shape: [600], to: directory.appendingPathComponent("tail.npy"))
        try Data(values[400...].map { "\($0)\n" }.joined().utf8).write(to: directory.appendingPathComponent("tail.csv"))
        for format in ["e4m3fn", "posit8"] {
            let options = ["--format", format, "--rounding", "stochastic", "--seed", "3"]
            for (input, output, first) in [("whole.npy", "w.npy", "0"), ("head.npy", "h.npy", "0"), ("tail.npy", "t.npy", "400"),
                                           ("tail.csv", "t.csv", "400")] {
                let result = ChopInProcess.run(["round", input, "-o", output, "--first-index", first] + options, in: directory)
                #expect(result.status == 0, "\(result.standardError)")
            }
            let whole = try SimpleNPY.read(directory.appendingPathComponent("w.npy")).values
            let head = try SimpleNPY.read(directory.appendingPathComponent("h.npy")).values
            let tail = try SimpleNPY.read(directory.appendingPathComponent("t.npy")).values
            let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent("t.csv")), as: UTF8.self)
            #expect(head + tail == whole, "\(format)")
            #expect(text.split(separator: "\n").map { Double($0)! } == tail, "\(format)")
            #expect(Set(whole).count > 1 && whole != values.map { try! FormatRegistry.scalarFormat(named: format).round($0, .toNearestOrEven) })
        }
        // Block formats: pieces that hold whole blocks of 32.
        try SimpleNPY.write(Array(values[..<384]), shape: [384], to: directory.appendingPathComponent("head32.npy"))
        try SimpleNPY.write(Array(values[384...]), shape: [616], to: directory.appendingPathComponent("tail32.npy"))
        for (input, output, first) in [("whole.npy", "bw.npy", "0"), ("head32.npy", "bh.npy", "0"), ("tail32.npy", "bt.npy", "384")] {
            let result = ChopInProcess.run(
                ["round", input, "-o", output, "--format", "mxfp4", "--rounding", "stochastic", "--seed", "3", "--first-index", first],
                in: directory)
            #expect(result.status == 0, "\(result.standardError)")
        }
        let blockWhole = try SimpleNPY.read(directory.appendingPathComponent("bw.npy")).values
        let blockPieces = try ["bh.npy", "bt.npy"].flatMap { try SimpleNPY.read(directory.appendingPathComponent($0)).values }
        #expect(blockPieces == blockWhole)
        let negative = ChopInProcess.run(["round", "whole.npy", "-o", "n.npy", "--format", "e4m3fn", "--first-index", "-1"], in: directory)
        #expect(negative.status == 64 && negative.standardError.contains("--first-index"), "\(negative.standardError)")
    }

    @Test("usage errors exit 64 and list the valid names", arguments: [
        (["in.npy", "--format", "fp7"], "unknown format 'fp7'", "e4m3fn"),
        (["in.npy", "--format", "bf16", "--rounding", "sideways"], "unknown rounding mode 'sideways'", "stochastic-equal"),
        (["in.npy", "--format", "bf16", "--overflow", "wrap"], "unknown overflow behaviour 'wrap'", "saturate"),
        (["in.npy", "--format", "e4m3fn", "--overflow", "infinity"], "no infinity", "e4m3fn"),
        (["in.npy", "--precision", "11"], "--emax", "--precision"),
        (["in.npy", "--format", "bf16", "--precision", "11", "--emax", "15"], "either --format", "--precision"),
        (["in.npy", "--precision", "60", "--emax", "15"], "precision 60", "1...53"),
        (["in.npy", "--format", "bf16", "--rounding", "up", "--random-bits", "4"], "random bits", "stochastic"),
        (["in.dat", "--format", "bf16"], "cannot tell the file type", ".npy"),
        (["in.npy"], "missing --format", "--format"),
    ])
    func usageErrors(_ arguments: [String], _ message: String, _ alsoMentions: String) throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write([1.0], shape: [1], to: directory.appendingPathComponent("in.npy"))
        try Data("1".utf8).write(to: directory.appendingPathComponent("in.dat"))
        let result = ChopInProcess.run(arguments, in: directory)
        #expect(result.status == 64, "\(arguments): \(result.status) \(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardError.contains(alsoMentions), "\(result.standardError)")
    }

    @Test("bad data exits 65, I/O problems 74; the output is never touched and no temporary file remains")
    func dataAndIOErrors() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("keep me".utf8).write(to: directory.appendingPathComponent("out.npy"))
        try Data("not numpy at all".utf8).write(to: directory.appendingPathComponent("bad.npy"))
        try Data(count: 9).write(to: directory.appendingPathComponent("odd.f64"))
        let cases: [([String], Int32, String)] = [
            (["bad.npy", "-o", "out.npy", "--format", "bf16"], 65, "bad.npy: not an .npy file"),
            (["odd.f64", "-o", "out.npy", "--format", "bf16"], 65, "odd.f64: 9 bytes"),
            (["missing.npy", "-o", "out.npy", "--format", "bf16"], 74, "missing.npy: cannot open"),
        ]
        for (arguments, status, message) in cases {
            let result = ChopInProcess.run(arguments, in: directory)
            #expect(result.status == status, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "one line: \(result.standardError)")
            #expect(try Data(contentsOf: directory.appendingPathComponent("out.npy")) == Data("keep me".utf8))
            #expect(ChopBinary.listing(directory) == ["bad.npy", "odd.f64", "out.npy"])
        }
    }

    @Test("bench --json prints one object with the contract's keys")
    func benchJSON() throws {
        let result = ChopInProcess.run(
            ["bench", "--format", "e4m3fn", "--rounding", "stochastic", "--count", "10000", "--threads", "2", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "e4m3fn")
        #expect(object["rounding"] as? String == "stochastic")
        #expect(object["count"] as? Int == 10_000)
        #expect(object["threads"] as? Int == 2)
        #expect((object["elements_per_second"] as? Double ?? 0) > 0)
        #expect((object["copy_elements_per_second"] as? Double ?? 0) > 0)
        let float32 = ChopInProcess.run(["bench", "--format", "bf16", "--count", "1000", "--input", "f32", "--json"])
        #expect(float32.status == 0 && float32.standardOutput.contains("\"input\": \"f32\""))
        #expect(ChopInProcess.run(["bench", "--format", "binary64", "--count", "1000", "--input", "f32"]).status == 64)
    }

    @Test("bench --kernel dot times an emulated dot product; formats without a typed scalar are refused")
    func benchDot() throws {
        let result = ChopInProcess.run(
            ["bench", "--kernel", "dot", "--format", "bf16", "--rounding", "stochastic", "--seed", "3", "--count", "1000", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["kernel"] as? String == "dot" && object["format"] as? String == "bfloat16")
        #expect((object["operations_per_second"] as? Double ?? 0) > 0)
        #expect((object["result"] as? Double)?.isFinite == true)
        let again = ChopInProcess.run(
            ["bench", "--kernel", "dot", "--format", "bf16", "--rounding", "stochastic", "--seed", "3", "--count", "1000", "--json"])
        let result1 = object["result"] as? Double
        let result2 = (try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: Any])?["result"] as? Double
        #expect(result1 == result2, "same seed, same emulated result")
        let refused = ChopInProcess.run(["bench", "--kernel", "dot", "--format", "binary64", "--count", "10"])
        #expect(refused.status == 64 && refused.standardError.contains("typed scalar"))
        #expect(ChopInProcess.run(["bench", "--kernel", "gemm"]).status == 64)
        // --kernel matmul: an emulated matrix product, reported as multiply-adds per second.
        let matmul = ChopInProcess.run(["bench", "--kernel", "matmul", "--format", "bf16", "--size", "16", "--runs", "5", "--json"])
        #expect(matmul.status == 0, "\(matmul.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(matmul.standardOutput.utf8)) as? [String: Any]
        #expect(report?["kernel"] as? String == "matmul" && report?["accumulate"] as? String == "binary32")
        #expect((report?["multiply_adds_per_second"] as? Double ?? 0) > 0)
    }

    @Test("bench --format mxfp4 times block quantize-dequantize")
    func benchBlocks() throws {
        let result = ChopInProcess.run(["bench", "--format", "mxfp4", "--count", "1000", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "mxfp4" && (object["elements_per_second"] as? Double ?? 0) > 0)
        #expect(ChopInProcess.run(["bench", "--format", "nvfp4", "--kernel", "dot", "--count", "10"]).status == 64)
    }

    @Test("bench on integer and fixed-point formats: quantize-dequantize against a copy")
    func benchIntegers() throws {
        for format in ["int8", "uint4", "fixed4.4"] {
            let result = ChopInProcess.run(["bench", "--format", format, "--count", "1000", "--json"])
            #expect(result.status == 0, "\(result.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(object["format"] as? String == format && (object["elements_per_second"] as? Double ?? 0) > 0)
        }
        let refused = ChopInProcess.run(["bench", "--format", "int8", "--kernel", "dot", "--count", "10"])
        #expect(refused.status == 64 && refused.standardError.contains("int8"))
        #expect(ChopInProcess.run(["bench", "--format", "int99", "--count", "10"]).status == 64)
    }

    @Test("bench --kernel scalar times the one-value API of floats and posits, in deterministic modes")
    func benchScalar() throws {
        for format in ["e4m3fn", "posit16"] {
            let result = ChopInProcess.run(
                ["bench", "--kernel", "scalar", "--format", format, "--rounding", "up", "--count", "1000", "--json"])
            #expect(result.status == 0, "\(result.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(object["format"] as? String == format && object["kernel"] as? String == "scalar")
            #expect((object["elements_per_second"] as? Double ?? 0) > 0 && (object["prepared_elements_per_second"] as? Double ?? 0) > 0)
        }
        #expect(ChopInProcess.run(["bench", "--kernel", "scalar", "--rounding", "stochastic", "--count", "10"]).status == 64)
    }

    @Test("info on a block format prints its element and scale numbers and its rule")
    func infoBlocks() throws {
        let mx = ChopInProcess.run(["info", "mxfp4"])
        #expect(mx.status == 0, "\(mx.standardError)")
        #expect(mx.standardOutput.contains("element e2m1") && mx.standardOutput.contains("scale e8m0"))
        #expect(mx.standardOutput.contains("blocks of 32") && mx.standardOutput.contains("4.25 bits per element"))
        let nv = ChopInProcess.run(["info", "NVFP4"])
        #expect(nv.status == 0 && nv.standardOutput.contains("blocks of 16") && nv.standardOutput.contains("G = amax_tensor / (448 · 6)"))
        #expect(ChopInProcess.run(["info", "mxfp5"]).status == 64)
    }

    @Test("info on integer, fixed-point and posit formats; an unknown name lists every family")
    func infoEveryFamily() throws {
        let int8 = ChopInProcess.run(["info", "int8"])
        #expect(int8.status == 0 && int8.standardOutput.contains("8-bit codes -127...127"), "\(int8.standardError)")
        #expect(int8.standardOutput.contains("s = amax / 127"))
        let fixed = ChopInProcess.run(["info", "--format", "fixed4.4"])
        #expect(fixed.status == 0 && fixed.standardOutput.contains("values -8...7.9375 in steps of 2^-4"), "\(fixed.standardError)")
        #expect(!fixed.standardOutput.contains("groups"))
        let posit = ChopInProcess.run(["info", "posit8"])
        // 1/3 in posit8: 3 fraction bits at scale -2, 2.67 eighths: down 0.3125, up 0.34375.
        #expect(posit.status == 0 && posit.standardOutput.contains("0.333333          0.34375       0.3125   0.34375     0.3125"))
        let unknown = ChopInProcess.run(["info", "fp5"])
        #expect(unknown.status == 64)
        for name in ["e4m3fn", "posit<N>es<E>", "int<N>", "fixed<I>.<F>", "nvfp4"] {
            #expect(unknown.standardError.contains(name), "\(name) missing from: \(unknown.standardError)")
        }
        #expect(ChopInProcess.run(["info", "int40"]).status == 64)
    }

    @Test("--threads and --output-type mean the same in every command: N or auto; one list of types; bad values exit 64")
    func sharedOptions() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write([1, 2, 3, 4], shape: [2, 2], to: directory.appendingPathComponent("m.npy"))
        let commands: [[String]] = [
            ["round", "m.npy", "-o", "r.npy", "--format", "bfloat16"],
            ["matmul", "m.npy", "m.npy", "-o", "p.npy", "--accumulate", "bfloat16"],
            ["bench", "--format", "e4m3fn", "--count", "1000"],
        ]
        for command in commands {
            for threads in ["auto", "0", "2"] {
                let run = ChopInProcess.run(command + ["--threads", threads], in: directory)
                #expect(run.status == 0, "\(command[0]) --threads \(threads): \(run.standardError)")
            }
            let bad = ChopInProcess.run(command + ["--threads", "-1"], in: directory)
            #expect(bad.status == 64 && bad.standardError.contains("--threads"), "\(command[0]): \(bad.standardError)")
        }
        for command in commands.prefix(2) {
            let typed = ChopInProcess.run(command + ["--output-type", "f32"], in: directory)
            #expect(typed.status == 0, "\(command[0]): \(typed.standardError)")
            let written = try SimpleNPY.read(directory.appendingPathComponent(command[0] == "round" ? "r.npy" : "p.npy"))
            #expect(written.descr == "<f4", "\(command[0])")
            // numpy has no bfloat16 (<f2 would be read as float16): not an output type.
            let bfloat = ChopInProcess.run(command + ["--output-type", "bf16", "-o", "b.npy"], in: directory)
            #expect(bfloat.status == 64 && bfloat.standardError.contains("'float64', 'float32' or 'float16'"), "\(command[0]): \(bfloat.standardError)")
            let bad = ChopInProcess.run(command + ["--output-type", "float8"], in: directory)
            #expect(bad.status == 64 && bad.standardError.contains("--output-type"), "\(command[0]): \(bad.standardError)")
        }
    }
}
