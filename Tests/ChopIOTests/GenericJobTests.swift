import ChopBlocks
import ChopFormats
import ChopIO
import ChopTestSupport
import Foundation
import Testing

/// One job rounds, encodes and decodes files for every family: what it writes equals what the
/// rounder does to the same array in memory.
@Suite("One job for every family")
struct GenericJobTests {
    static let shape = [6, 40]
    static let values: [Double] = {
        var generator = Xoshiro256(seed: 41)
        return (0..<240).map { index in
            index % 37 == 0 ? 0 : Double.random(in: -6...6, using: &generator) * (index % 5 == 0 ? 1e-3 : 1)
        }
    }()

    /// One rounder of every family, in a variety of modes, axes and tiles.
    static let rounders: [(String, any FormatRounder)] = [
        ("e4m3fn stochastic", try! FloatRounder(format: .e4m3fn, mode: .stochastic(randomBits: 13))),
        ("posit16 toward zero", try! PositRounder(format: .posit16, mode: .towardZero)),
        ("posit8 stochastic", try! PositRounder(format: .posit8, mode: .stochastic())),
        ("int8 per channel, stochastic", try! IntegerQuantizer(format: .symmetric(bits: 8), granularity: .channel(axis: 0), mode: .stochastic())),
        ("uint4 in blocks of 8 down the columns", try! IntegerQuantizer(format: .asymmetric(bits: 4), granularity: .block(size: 8, axis: 0))),
        ("fixed4.4", try! IntegerQuantizer(format: .fixed(integerBits: 4, fractionBits: 4), mode: .down)),
        ("mxfp4 down the columns", try! BlockRounder(format: .mxfp4, axis: 0)),
        ("nvfp4 in 4×16 tiles, stochastic", try! BlockRounder(format: .nvfp4, mode: .stochastic(), tile: (4, 16))),
    ]

    @Test("values, codes and decoded codes equal the rounder's in memory, for any thread count and chunk size",
          arguments: rounders.indices)
    func everyFamily(_ index: Int) throws {
        let (name, rounder) = Self.rounders[index]
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.npy")
        try SimpleNPY.write(Self.values, shape: Self.shape, to: input)
        var expected = Self.values
        try expected.withUnsafeMutableBufferPointer { try rounder.round($0, shape: Self.shape, seed: 9, threads: 1) }
        let encoded = try rounder.encode(Self.values, shape: Self.shape, seed: 9)

        for (threads, chunk) in [(1, 1 << 20), (2, 7)] {
            let output = directory.appendingPathComponent("out-\(threads).npy")
            let summary = try RoundingJob(
                input: input.path, output: output.path, rounder: rounder, seed: 9, threads: threads, chunkElements: chunk
            ).run()
            #expect(summary.count == 240 && summary.shape == Self.shape)
            let (_, shape, values) = try SimpleNPY.read(output)
            #expect(shape == Self.shape)
            #expect(zip(values, expected).allSatisfy(sameValue), "\(name), \(threads) threads")
        }

        let codes = directory.appendingPathComponent("codes.npy")
        try RoundingJob(input: input.path, output: codes.path, rounder: rounder, seed: 9, writesCodes: true).run()
        let written = try SimpleNPY.read(codes)
        #expect(written.shape == Self.shape && written.values == encoded.codes.map { Double($0) }, "\(name)")
        let decoded = directory.appendingPathComponent("decoded.npy")
        try DecodeJob(input: codes.path, output: decoded.path, rounder: rounder).run()
        #expect(zip(try SimpleNPY.read(decoded).values, expected).allSatisfy(sameValue), "\(name)")
    }

    @Test("statistics come back for every family: element counts, or blocks for block formats",
          arguments: rounders.indices)
    func statistics(_ index: Int) throws {
        let (name, rounder) = Self.rounders[index]
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.npy")
        try SimpleNPY.write(Self.values, shape: Self.shape, to: input)
        let summary = try RoundingJob(input: input.path, output: nil, rounder: rounder, collectsStatistics: true).run { _, _ in }
        if rounder is BlockRounder {
            #expect(summary.blockStatistics?.elements == 240 && summary.statistics == nil, "\(name)")
        } else {
            #expect(summary.statistics?.count == 240 && summary.blockStatistics == nil, "\(name)")
        }
    }

    /// A rounder the file jobs do not know.
    struct Halving: FormatRounder {
        var format: FloatFormat { .binary16 }
        var mode: RoundingMode { .toNearestOrEven }
        var scope: RoundingScope { .element }
        func round(_ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, firstIndex: Int, threads: Int) {
            for index in values.indices { values[index] /= 2 }
        }
        func round(_ values: UnsafeMutableBufferPointer<Double>, piece: ArrayPiece, seed: UInt64, firstIndex: Int, threads: Int) {
            round(values, shape: piece.shape, seed: seed, firstIndex: firstIndex, threads: threads)
        }
        func scaleCount(shape: [Int]) -> Int { 0 }
        func encode(_ values: [Double], shape: [Int], seed: UInt64, firstIndex: Int) -> EncodedArray {
            EncodedArray(shape: shape, codes: [])
        }
        func decode(_ encoded: EncodedArray) -> [Double] { [] }
    }

    @Test("a rounder of an unknown type, and scales given to a format without them, are usage errors; nothing is written")
    func refusals() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.npy")
        try SimpleNPY.write(Self.values, shape: Self.shape, to: input)
        let output = directory.appendingPathComponent("out.npy").path
        #expect(throws: ChopIOError(.usage, "files cannot be rounded with a Halving (binary16)")) {
            try RoundingJob(input: input.path, output: output, rounder: Halving()).run()
        }
        #expect(throws: ChopIOError(.usage, "e4m3fn has no scales to read")) {
            try DecodeJob(input: input.path, output: output, rounder: FloatRounder(format: .e4m3fn), scales: "s.npy").run()
        }
        #expect(throws: ChopIOError(.usage, "int8 has no zero points to read")) {
            try DecodeJob(
                input: input.path, output: output, rounder: IntegerQuantizer(format: .symmetric(bits: 8)), zeroPoints: "z.npy"
            ).run()
        }
        // numpy has no bfloat16 dtype: a .npy of bfloat16 bits would read as float16.
        #expect(throws: ChopIOError.self) {
            try RoundingJob(input: input.path, output: output, rounder: FloatRounder(format: .bfloat16), outputStorage: ElementStorage(.bfloat16)).run()
        }
        #expect(ChopBinary.listing(directory) == ["in.npy"])
    }

    @Test("request problems are values: the reason carries the axis, shape, element or format, and the message names no option")
    func structuredReasons() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.npy")
        try SimpleNPY.write(Self.values, shape: Self.shape, to: input)
        let output = directory.appendingPathComponent("out.npy").path
        let cases: [(RoundingJob, ChopIOError.Reason)] = [
            (RoundingJob(input: input.path, output: output, rounder: try BlockRounder(format: .mxfp4, axis: 2)),
             .axisOutside(axis: 2, shape: Self.shape)),
            (RoundingJob(input: input.path, output: output, rounder: try IntegerQuantizer(format: .symmetric(bits: 8), granularity: .channel(axis: -3))),
             .axisOutside(axis: -3, shape: Self.shape)),
            (RoundingJob(input: input.path, output: nil, rounder: try BlockRounder(format: .nvfp4), writesCodes: true),
             .scalesNeedOutputFile(format: "nvfp4")),
            (RoundingJob(input: input.path, output: directory.appendingPathComponent("out.u8").path, rounder: try FloatRounder(format: .e4m3fn)),
             .valuesInCodeFile(path: directory.appendingPathComponent("out.u8").path)),
        ]
        for (job, reason) in cases {
            #expect {
                try job.run()
            } throws: { error in
                guard let error = error as? ChopIOError else { return false }
                return error.kind == .usage && error.reason == reason && error.message == reason.message && !error.message.contains("--")
            }
        }
        // A posit16 value that float16 cannot hold: the element, the value, the type and the format.
        let tiny = directory.appendingPathComponent("tiny.npy")
        try SimpleNPY.write([1, 0x1p-40], shape: [2], to: tiny)
        let half = RoundingJob(
            input: tiny.path, output: output, rounder: try PositRounder(format: .posit16), outputStorage: ElementStorage(.float16))
        #expect(throws: ChopIOError(.usage, ChopIOError.Reason.notStorable(element: 1, value: 0x1p-40, storage: "binary16", results: "posit16").message,
                                    reason: .notStorable(element: 1, value: 0x1p-40, storage: "binary16", results: "posit16"))) {
            try half.run()
        }
        #expect(ChopBinary.listing(directory) == ["in.npy", "tiny.npy"])
    }
}
