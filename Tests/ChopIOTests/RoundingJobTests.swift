import ChopFormats
import ChopIO
import ChopTestSupport
import Foundation
import Testing

@Suite("Rounding files")
struct RoundingJobTests {
    static let values: [Double] = {
        var generator = Xoshiro256(seed: 3)
        let specials: [Double] = [0, -0.0, .infinity, -.nan, 1e300, .leastNonzeroMagnitude]
        var values: [Double] = []
        for index in 0..<1_000 {
            let random = Double.random(in: -300...300, using: &generator)
            values.append(index % 50 == 0 ? specials[index / 50 % 6] : random)
        }
        return values
    }()

    @Test("a float64 .npy keeps its shape and dtype, and every element is the core's rounding")
    func float64File() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.npy")
        let output = directory.appendingPathComponent("out.npy")
        try SimpleNPY.write(Self.values, shape: [10, 5, 20], to: input)
        for mode in [RoundingMode.toNearestOrEven, .towardZero, .stochastic()] {
            let rounder = try FloatRounder(format: .e4m3fn, mode: mode)
            try RoundingJob(input: input.path, output: output.path, rounder: rounder, seed: 5).run()
            let (descr, shape, results) = try SimpleNPY.read(output)
            #expect(descr == "<f8" && shape == [10, 5, 20])
            #expect(zip(results, rounder.rounded(Self.values, seed: 5)).allSatisfy(sameValue), "\(mode)")
        }
        #expect(ChopBinary.listing(directory) == ["in.npy", "out.npy"])
    }

    @Test("chunk size does not change the output, stochastic rounding included")
    func chunking() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.f64")
        try Self.values.withUnsafeBytes { try Data($0).write(to: input) }
        let rounder = try FloatRounder(format: .bfloat16, mode: .stochastic(randomBits: 11))
        var outputs: [Data] = []
        for chunk in [1, 7, 256, 1 << 20] {
            let output = directory.appendingPathComponent("out-\(chunk).f64")
            try RoundingJob(input: input.path, output: output.path, rounder: rounder, seed: 77, chunkElements: chunk).run()
            outputs.append(try Data(contentsOf: output))
        }
        #expect(Set(outputs).count == 1)
        let inMemory = rounder.rounded(Self.values, seed: 77)
        #expect(inMemory.withUnsafeBytes { Data($0) } == outputs[0])
    }

    @Test("float32 and float16 storage round in place of their type; too wide a format is a usage error")
    func narrowStorage() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let singles = Self.values.map { Float($0) }
        let input = directory.appendingPathComponent("in.npy")
        try SimpleNPY.write(singles, shape: [singles.count], to: input)
        let output = directory.appendingPathComponent("out.npy")
        let rounder = try FloatRounder(format: .bfloat16)
        try RoundingJob(input: input.path, output: output.path, rounder: rounder).run()
        let (descr, _, results) = try SimpleNPY.read(output)
        #expect(descr == "<f4")
        #expect(zip(results, try rounder.rounded(singles)).allSatisfy { sameValue($0, Double($1)) })

        // float16 data, via a raw .f16 file: e4m3fn fits, bfloat16 (emax 127) does not.
        let halfInput = directory.appendingPathComponent("in.f16")
        let halves = Self.values.map { try! FloatFormat.binary16.encode(FloatFormat.binary16.round($0)) }
        try halves.map { UInt16($0) }.withUnsafeBytes { try Data($0).write(to: halfInput) }
        let halfOutput = directory.appendingPathComponent("out.f16")
        try RoundingJob(input: halfInput.path, output: halfOutput.path, rounder: try FloatRounder(format: .e4m3fn)).run()
        let codes = try Data(contentsOf: halfOutput).withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
        let decoded = try codes.map { try FloatFormat.binary16.decode(UInt64($0)) }
        let expected = try halves.map { FloatFormat.e4m3fn.round(try FloatFormat.binary16.decode($0)) }
        #expect(zip(decoded, expected).allSatisfy(sameValue))
        do {
            try RoundingJob(input: halfInput.path, output: halfOutput.path, rounder: rounder).run()
            Issue.record("bfloat16 results were written as float16")
        } catch {
            #expect(error.kind == .usage && error.message.contains("does not fit float16"), "\(error)")
        }
    }

    @Test("the output may be the input file")
    func sameFile() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("data.npy")
        try SimpleNPY.write(Self.values, shape: [Self.values.count], to: file)
        let rounder = try FloatRounder(format: .binary16)
        try RoundingJob(input: file.path, output: file.path, rounder: rounder, chunkElements: 100).run()
        #expect(zip(try SimpleNPY.read(file).values, rounder.rounded(Self.values)).allSatisfy(sameValue))
        #expect(ChopBinary.listing(directory) == ["data.npy"])
    }

    @Test("bad inputs fail with their kind and a message naming the file; the output is untouched")
    func badInputs() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.npy")
        try Data("precious".utf8).write(to: output)
        let good = try { () throws -> Data in
            let url = directory.appendingPathComponent("good.npy")
            try SimpleNPY.write([1.0, 2, 3, 4] as [Double], shape: [4], to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            return try Data(contentsOf: url)
        }()
        let cases: [(String, Data, ChopIOError.Kind, String)] = [
            ("truncated.npy", good.prefix(good.count - 3), .badData, "needs 32 bytes"),
            ("long.npy", good + Data([0, 0, 0, 0, 0, 0, 0, 0]), .badData, "needs 32 bytes"),
            ("header.npy", good.prefix(30), .badData, "ends inside"),
            ("empty.npy", Data(), .badData, "ends inside"),
            ("garbage.npy", Data((0..<500).map { UInt8(truncatingIfNeeded: $0 &* 37) }), .badData, "not an .npy"),
            ("odd.f64", Data(count: 13), .badData, "not a whole number"),
            ("data.dat", Data("1,2".utf8), .usage, "cannot tell the file type"),
        ]
        let rounder = try FloatRounder(format: .bfloat16)
        for (name, contents, kind, problem) in cases {
            let input = directory.appendingPathComponent(name)
            try contents.write(to: input)
            do {
                try RoundingJob(input: input.path, output: output.path, rounder: rounder).run()
                Issue.record("\(name) was accepted")
            } catch {
                #expect(error.kind == kind, "\(name): \(error)")
                #expect(error.message.contains(problem), "\(name): \(error.message)")
                if kind == .badData { #expect(error.message.contains(name), "\(name): \(error.message)") }
            }
            try FileManager.default.removeItem(at: input)
            #expect(try Data(contentsOf: output) == Data("precious".utf8), "\(name) touched the output")
            #expect(ChopBinary.listing(directory) == ["out.npy"], "\(name) left \(ChopBinary.listing(directory))")
        }
        // Missing input, and an output in a directory that does not exist: I/O errors.
        do {
            try RoundingJob(input: directory.appendingPathComponent("missing.npy").path, output: output.path, rounder: rounder).run()
            Issue.record("missing input accepted")
        } catch {
            #expect(error.kind == .io && error.message.contains("missing.npy"))
        }
        let source = directory.appendingPathComponent("good.npy")
        try good.write(to: source)
        do {
            try RoundingJob(input: source.path, output: directory.path + "/no/such/dir/out.npy", rounder: rounder).run()
            Issue.record("output into a missing directory accepted")
        } catch {
            #expect(error.kind == .io && error.message.contains("out.npy"))
        }
    }

    @Test("empty and 0-d arrays")
    func emptyAndScalar() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rounder = try FloatRounder(format: .e5m2)
        let cases: [([Double], [Int])] = [([], [0]), ([3.3], []), ([], [4, 0, 2])]
        for (values, shape) in cases {
            let input = directory.appendingPathComponent("in.npy")
            let output = directory.appendingPathComponent("out.npy")
            try SimpleNPY.write(values, shape: shape, to: input)
            try RoundingJob(input: input.path, output: output.path, rounder: rounder).run()
            let result = try SimpleNPY.read(output)
            #expect(result.shape == shape && result.values == values.map { rounder.round($0) })
        }
    }
}
