import ChopBlocks
import ChopFormats
import ChopIO
import ChopTensors
import ChopTestSupport
import Foundation
import Testing

/// `chop matmul`: against numpy's own float32 loop, against the (MPFR-checked) library model
/// for the other orders and block inputs, the 4097-ones case, and the refusals.
@Suite("chop matmul")
struct MatmulCommandTests {
    /// `count` values of the form ±i·2^e with i ≤ 15 and -6 ≤ e ≤ 4: values of e4m3fn (at most
    /// 240 < 448) whose products span 2^-12…2^16, so that binary32 sums of 40 of them round.
    static func e4m3Values(_ count: Int, seed: UInt64) -> [Double] {
        var generator = Xoshiro256(seed: seed)
        return (0..<count).map { _ in
            let i = Double(generator.next() % 15 + 1)
            let e = Int(generator.next() % 11) - 6
            return (generator.next() & 1 == 0 ? 1 : -1) * i * Double(sign: .plus, exponent: e, significand: 1)
        }
    }

    /// Column-major file order of a row-major `rows × columns` matrix.
    static func fortran(_ values: [Double], rows: Int, columns: Int) -> [Double] {
        (0..<(rows * columns)).map { position in values[(position % rows) * columns + position / rows] }
    }

    @Test("sequential binary32 accumulation equals numpy's float32 loop (B in Fortran order)", .enabled(if: PythonNumpy.isAvailable, "needs python3 with numpy"))
    func againstNumpy() throws {
        let directory = try ChopBinary.temporaryDirectory()
        let (m, k, n) = (5, 40, 3)
        let a = Self.e4m3Values(m * k, seed: 1)
        let b = Self.e4m3Values(k * n, seed: 2)
        try SimpleNPY.write(a, shape: [m, k], to: directory.appendingPathComponent("A.npy"))
        try SimpleNPY.write(Self.fortran(b, rows: k, columns: n), shape: [k, n], fortranOrder: true, to: directory.appendingPathComponent("B.npy"))
        let result = ChopInProcess.run(
            ["matmul", "A.npy", "B.npy", "-o", "C.npy", "--input-format", "e4m3fn", "--accumulate", "binary32"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let script = """
            import numpy as np
            a = np.load('A.npy'); b = np.load('B.npy'); c = np.load('C.npy')
            assert c.dtype == np.float32 and c.shape == (\(m), \(n))
            ref = np.zeros((\(m), \(n)), dtype=np.float32)
            for i in range(\(m)):
                for j in range(\(n)):
                    s = np.float32(a[i, 0] * b[0, j])
                    for t in range(1, \(k)):
                        s = np.float32(s + np.float32(a[i, t] * b[t, j]))
                    ref[i, j] = s
            exact = a @ b
            print(int(np.array_equal(ref, c)), int(np.array_equal(ref.astype(np.float64), exact)))
            """
        // The products are exact in float32 (4-bit significands); sums round. The second flag
        // shows the case is not trivial: float32 accumulation differs from the exact product.
        let printed = try PythonNumpy.run(script, in: directory)
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines) == "1 0", "\(printed)")
    }

    @Test("4097 ones: 2048 in binary16, 4096 through binary32 stored as binary16")
    func ones() throws {
        let directory = try ChopBinary.temporaryDirectory()
        try SimpleNPY.write([Double](repeating: 1, count: 4097), shape: [1, 4097], to: directory.appendingPathComponent("row.npy"))
        try SimpleNPY.write([Double](repeating: 1, count: 4097), shape: [4097, 1], to: directory.appendingPathComponent("column.npy"))
        let half = ChopInProcess.run(["matmul", "row.npy", "column.npy", "--accumulate", "binary16"], in: directory)
        let wide = ChopInProcess.run(
            ["matmul", "row.npy", "column.npy", "--accumulate", "binary32", "--output-format", "binary16"], in: directory)
        #expect(Double(half.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)) == 2048)
        #expect(Double(wide.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)) == 4096)
    }

    @Test("posit accumulators: sequential posit16 sums stall where posit16 addition does; --order exact is the quire; float32 output")
    func positAccumulators() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write([Double](repeating: 1, count: 4097), shape: [1, 4097], to: directory.appendingPathComponent("row.npy"))
        try SimpleNPY.write([Double](repeating: 1, count: 4097), shape: [4097, 1], to: directory.appendingPathComponent("column.npy"))
        // Each partial sum x + 1 is exact in binary64; posit16's scalar rounding rounds it once.
        var stalled = 1.0
        for _ in 1..<4097 { stalled = PositFormat.posit16.round(stalled + 1, .toNearestOrEven) }
        let sequential = ChopInProcess.run(
            ["matmul", "row.npy", "column.npy", "-o", "s.npy", "--input-format", "posit16", "--accumulate", "posit16"], in: directory)
        #expect(sequential.status == 0, "\(sequential.standardError)")
        let written = try SimpleNPY.read(directory.appendingPathComponent("s.npy"))
        #expect(written.descr == "<f4" && written.values == [stalled] && stalled < 4096)
        let quire = ChopInProcess.run(["matmul", "row.npy", "column.npy", "--accumulate", "posit16", "--order", "exact"], in: directory)
        #expect(Double(quire.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)) == PositFormat.posit16.round(4097, .toNearestOrEven))
        let refused = ChopInProcess.run(["matmul", "row.npy", "column.npy", "--accumulate", "posit16", "--saturate"], in: directory)
        #expect(refused.status == 64 && refused.standardError.contains("posits always saturate"), "\(refused.standardError)")
    }

    @Test("every order, rounded inputs and products, block-format inputs: the library's model", arguments: [
        ["--input-format", "bfloat16", "--accumulate", "bfloat16"],
        ["--input-format", "e4m3fn", "--accumulate", "binary32", "--block-k", "16", "--output-format", "bfloat16"],
        ["--input-format", "binary16", "--accumulate", "binary16", "--order", "pairwise", "--rounding", "toward-zero"],
        ["--input-format", "e5m2", "--accumulate", "tf32", "--order", "blocked:8", "--product-format", "binary16"],
        ["--input-format", "e3m4", "--accumulate", "exact", "--output-format", "binary32"],
        ["--input-format", "mxfp8-e4m3", "--accumulate", "binary32", "--block-k", "32"],
        ["--input-format", "mxfp4", "--accumulate", "binary32"],
        ["--input-format", "nvfp4", "--accumulate", "binary32", "--block-k", "16"],
        ["--input-format", "bfloat16", "--accumulate", "bfloat16", "--rounding", "stochastic", "--seed", "9", "--threads", "2"],
    ])
    func model(_ arguments: [String]) throws {
        let directory = try ChopBinary.temporaryDirectory()
        let (m, k, n) = (6, 64, 5)
        var generator = Xoshiro256(seed: 31)
        let a = (0..<(m * k)).map { _ in Double.random(in: -3...3, using: &generator) }
        let b = (0..<(k * n)).map { _ in Double.random(in: -3...3, using: &generator) }
        try SimpleNPY.write(a, shape: [m, k], to: directory.appendingPathComponent("A.npy"))
        try SimpleNPY.write(Self.fortran(b, rows: k, columns: n), shape: [k, n], fortranOrder: true, to: directory.appendingPathComponent("B.npy"))
        let result = ChopInProcess.run(["matmul", "A.npy", "B.npy", "-o", "C.npy", "--output-type", "float64"] + arguments, in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let (_, shape, got) = try SimpleNPY.read(directory.appendingPathComponent("C.npy"))
        #expect(shape == [m, n])
        // The same computation through the library: inputs rounded (block formats along k),
        // then the model.
        func value(_ option: String) -> String? { arguments.firstIndex(of: option).map { arguments[$0 + 1] } }
        let mode = try RoundingMode(named: value("--rounding") ?? "nearest-even")
        let seed = UInt64(value("--seed") ?? "0")!
        let inputName = value("--input-format")!
        let roundedA: [Double]
        let roundedB: [Double]
        let inputSeeds = (RandomStream(seed: seed).word(at: 2), RandomStream(seed: seed).word(at: 3))
        if let block = try? BlockFormat(named: inputName) {
            let quantizer = try BlockQuantizer(format: block)
            roundedA = try quantizer.quantizeDequantize(a, shape: [m, k], axis: 1, seed: inputSeeds.0)
            roundedB = try quantizer.quantizeDequantize(b, shape: [k, n], axis: 0, seed: inputSeeds.1)
        } else {
            let input = try FloatRounder(format: try FloatFormat(named: inputName))
            roundedA = a.map { input.round($0) }
            roundedB = b.map { input.round($0) }
        }
        let exact = value("--accumulate") == "exact"
        let outputFormat = try FloatFormat(named: value("--output-format") ?? (exact ? "binary64" : value("--accumulate")!))
        let accumulator = try FloatRounder(format: exact ? outputFormat : try FloatFormat(named: value("--accumulate")!), mode: mode)
        let order: SummationOrder = if exact { .exact } else if let chunk = value("--block-k") { .fused(chunk: Int(chunk)!) } else {
            switch value("--order") {
            case "pairwise": .pairwise
            case "blocked:8": .blocked(size: 8)
            default: .sequential
            }
        }
        let products: ProductRounding = try value("--product-format").map { .rounded(try FloatRounder(format: try FloatFormat(named: $0), mode: mode)) } ?? .exact
        let model = MatrixMultiplication(
            accumulator: accumulator, order: order, products: products,
            output: exact ? nil : try FloatRounder(format: outputFormat, mode: mode), seed: seed)
        let expected = try model.multiply(roundedA, roundedB, m: m, k: k, n: n)
        #expect(got.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test("refusals: each a one-line message, exit 64 or 74, and the output untouched")
    func refusals() throws {
        let directory = try ChopBinary.temporaryDirectory()
        try SimpleNPY.write([1, 2, 3, 4, 5, 6], shape: [2, 3], to: directory.appendingPathComponent("A.npy"))
        try SimpleNPY.write([1, 2, 3, 4], shape: [2, 2], to: directory.appendingPathComponent("B.npy"))
        try SimpleNPY.write([1, 2, 3], shape: [3], to: directory.appendingPathComponent("v.npy"))
        try Data([0, 0, 0, 0, 0, 0, 0, 0]).write(to: directory.appendingPathComponent("raw.f64"))
        let previous = Data("previous".utf8)
        let out = directory.appendingPathComponent("C.npy")
        try previous.write(to: out)
        let cases: [([String], Int32, String)] = [
            (["A.npy", "B.npy"], 64, "the inner dimensions 3 and 2 differ"),
            (["A.npy", "v.npy"], 64, "needs 2-D arrays"),
            (["raw.f64", "B.npy"], 64, "raw file without a shape"),
            (["A.npy", "missing.npy"], 74, "missing.npy"),
            (["B.npy", "B.npy", "--order", "blocked:0"], 64, "--order is"),
            (["B.npy", "B.npy", "--accumulate", "binary32", "--output-type", "float16"], 64, "does not fit float16"),
            (["B.npy", "B.npy", "--input-format", "float7"], 64, "--input-format"),
            (["B.npy", "B.npy", "--accumulate", "exact", "--block-k", "4"], 64, "--accumulate exact"),
        ]
        for (arguments, status, message) in cases {
            let result = ChopInProcess.run(["matmul"] + arguments + ["-o", "C.npy"], in: directory)
            #expect(result.status == status, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
            #expect(try Data(contentsOf: out) == previous, "\(arguments) touched the output")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    @Test("--model: batches, a broadcast addend and promotion give the library's block FMA, written as float32")
    func gpuModel() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = Self.e4m3Values(2 * 3 * 64, seed: 5)
        let b = Self.e4m3Values(64 * 4, seed: 6)
        let c: [Double] = [0.5, -1, 2, 0.25]
        try SimpleNPY.write(a, shape: [2, 3, 64], to: directory.appendingPathComponent("A.npy"))
        try SimpleNPY.write(b, shape: [64, 4], to: directory.appendingPathComponent("B.npy"))
        try SimpleNPY.write(c, shape: [4], to: directory.appendingPathComponent("C.npy"))
        let result = ChopInProcess.run(
            ["matmul", "A.npy", "B.npy", "-o", "D.npy", "--model", "h100", "--input-format", "e4m3fn", "--addend", "C.npy",
             "--promote-every", "32"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let written = try SimpleNPY.read(directory.appendingPathComponent("D.npy"))
        let model = try TensorCoreModel.h100.blockFMA(input: .e4m3fn, promoteEvery: 32)
        let expected = try model.matmul(a, shape: [2, 3, 64], b, shape: [64, 4], addend: (c, [4]))
        #expect(written.descr == "<f4" && written.shape == [2, 3, 4] && written.values == expected.values)
        let refusals: [([String], String)] = [
            (["--model", "v100", "--input-format", "bfloat16"], "v100 takes binary16"),
            (["--model", "h100", "--input-format", "e4m3fn", "--accumulate", "binary16"], "--accumulate does not apply to a GPU model"),
            (["--input-format", "e4m3fn", "--addend", "C.npy"], "--addend needs a GPU model"),
            (["--model", "tpu", "--input-format", "e4m3fn"], "not a GPU model"),
            (["--model", "b200", "--input-format", "e4m3fn", "--output-format", "binary16"], "binary32 results"),
        ]
        for (arguments, message) in refusals {
            let refused = ChopInProcess.run(["matmul", "A.npy", "B.npy", "-o", "E.npy"] + arguments, in: directory)
            #expect(refused.status == 64 && refused.standardError.contains(message), "\(arguments): \(refused.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("E.npy").path))
    }
}

/// Tensors read from and written to files.
@Suite("Tensor files")
struct TensorFileTests {
    @Test("a Fortran-order .npy becomes a row-major tensor, rounded once; CSV decimals from their exact value")
    func roundTrip() throws {
        let directory = try ChopBinary.temporaryDirectory()
        // [[1, 2, 3], [4, 5, 0.1]] stored column by column.
        try SimpleNPY.write([1, 4, 2, 5, 3, 0.1], shape: [2, 3], fortranOrder: true, to: directory.appendingPathComponent("m.npy"))
        let half = try TensorPrecision(.binary16)
        let t = try Tensor(contentsOf: directory.appendingPathComponent("m.npy").path, precision: half)
        #expect(t.shape == [2, 3] && t.scalars == [1, 2, 3, 4, 5, 1638 * 0x1p-14])
        // 1.00048828125 = 1 + 2^-11 is the binary16 tie between 1 and 1 + 2^-10; the text
        // 1.000488281250000001 lies above it (its nearest double is the tie itself).
        try Data("1.000488281250000001,1.00048828125\n".utf8).write(to: directory.appendingPathComponent("v.csv"))
        let v = try Tensor(contentsOf: directory.appendingPathComponent("v.csv").path, precision: half)
        #expect(v.scalars == [1 + 0x1p-10, 1])
        try t.write(to: directory.appendingPathComponent("out.npy").path)
        let (_, shape, values) = try SimpleNPY.read(directory.appendingPathComponent("out.npy"))
        #expect(shape == [2, 3] && values == t.scalars)
    }
}
