import ChopFormats
import ChopIO
import ChopTestSupport
import Foundation
import Testing

/// Every I/O type in and out, codes and their round trips, statistics and comparisons.
@Suite("File kinds, codes, statistics, comparisons")
struct FileKindsTests {
    static let values: [Double] = {
        var generator = Xoshiro256(seed: 12)
        let specials: [Double] = [0, -0.0, .infinity, .nan, 1e-9, -7.25, 1000, 0.1]
        return specials + (0..<92).map { _ in Double.random(in: -500...500, using: &generator) }
    }()

    static func temporaryDirectory() throws -> URL { try ChopBinary.temporaryDirectory() }

    /// Writes `values` in the kind of `name`: .npy (float64), raw .f64, or CSV (one per line).
    static func write(_ values: [Double], to url: URL) throws {
        switch url.pathExtension {
        case "npy": try SimpleNPY.write(values, shape: [values.count], to: url)
        case "f64": try values.withUnsafeBytes { try Data($0).write(to: url) }
        default: try Data(values.map { "\($0)\n" }.joined().utf8).write(to: url)
        }
    }

    /// Reads values back from any kind, independently of ChopIO.
    static func readValues(_ url: URL) throws -> [Double] {
        let data = try Data(contentsOf: url)
        switch url.pathExtension {
        case "npy": return try SimpleNPY.read(url).values
        case "f64": return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        case "f32": return data.withUnsafeBytes { $0.bindMemory(to: Float.self).map(Double.init) }
        default:
            return String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "," })
                .map { Double($0.trimmingCharacters(in: .whitespaces))! }
        }
    }

    @Test("every input type to every output type gives the core's rounding", arguments: ["npy", "f64", "csv", "txt"])
    func conversions(_ inputKind: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.\(inputKind)")
        try Self.write(Self.values, to: input)
        let rounder = try FloatRounder(format: .bfloat16, mode: .stochastic())
        let expected = rounder.rounded(Self.values, seed: 9)
        for outputKind in ["npy", "f64", "f32", "csv", "tsv", "txt"] {
            let output = directory.appendingPathComponent("out.\(outputKind)")
            try RoundingJob(input: input.path, output: output.path, rounder: rounder, seed: 9, chunkElements: 7).run()
            let results = try Self.readValues(output)
            #expect(zip(results, expected).allSatisfy(sameValue) && results.count == expected.count, "\(inputKind) → \(outputKind)")
        }
    }

    @Test("codes round trip through every code type: npy, raw and hex text", arguments: [
        FloatFormat.e4m3fn, .binary16, .tf32, .binary32, .binary64, .e2m1,
    ])
    func codesRoundTrip(_ format: FloatFormat) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.npy")
        let finite = Self.values.filter { format.hasNaN || !$0.isNaN }
        try SimpleNPY.write(finite, shape: [finite.count], to: input)
        let rounder = try FloatRounder(format: format, overflow: format.hasInfinity ? .infinity : format.hasNaN ? .nan : .saturate)
        let expected = rounder.rounded(finite)
        let width = format.bitWidth <= 8 ? 8 : format.bitWidth <= 16 ? 16 : format.bitWidth <= 32 ? 32 : 64
        for codes in ["codes.npy", "codes.u\(width)", "codes.csv"] {
            let codesURL = directory.appendingPathComponent(codes)
            try RoundingJob(input: input.path, output: codesURL.path, rounder: rounder, writesCodes: true).run()
            if codes.hasSuffix(".npy") {
                let header = String(decoding: try Data(contentsOf: codesURL).prefix(80), as: UTF8.self)
                #expect(header.contains(width == 8 ? "'|u1'" : "'<u\(width / 8)'"), "\(header)")
            }
            let decoded = directory.appendingPathComponent("decoded.npy")
            try DecodeJob(input: codesURL.path, output: decoded.path, format: format).run()
            let back = try SimpleNPY.read(decoded).values
            #expect(zip(back, expected).allSatisfy(sameValue) && back.count == expected.count, "\(format) via \(codes)")
        }
    }

    @Test("decoding refuses codes that are not encodings, naming the element")
    func badCodes() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("codes.csv")
        try Data("0x7e\n0x1ff\n".utf8).write(to: input)
        do {
            try DecodeJob(input: input.path, output: nil, format: FloatFormat.e4m3fn).run()
            Issue.record("0x1ff decoded in an 8-bit format")
        } catch {
            #expect(error.message == "element 1: 0x1ff is not an encoding of e4m3fn", "\(error.message)")
        }
        let values = directory.appendingPathComponent("values.npy")
        try SimpleNPY.write([1.0], shape: [1], to: values)
        do {
            try DecodeJob(input: values.path, output: nil, format: FloatFormat.e4m3fn).run()
            Issue.record("float64 data decoded as codes")
        } catch {
            #expect(error.kind == .usage && error.message.contains("not codes"))
        }
        let binary16 = try FloatRounder(format: .binary16)
        do {
            try RoundingJob(input: values.path, output: directory.appendingPathComponent("x.u8").path, rounder: binary16, writesCodes: true).run()
            Issue.record("16-bit codes written to .u8")
        } catch {
            #expect(error.kind == .usage && error.message.contains("at least 16 bits"), "\(error.message)")
        }
    }

    @Test("big-endian and Fortran-order .npy: values decoded, header kept")
    func npyVariants() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let values: [Double] = [0.1, -2.5, 300, 1e-3, 65519, -0.0]
        let header = NPYHeader(storage: ElementStorage(.float64, bigEndian: true), isFortranOrder: true, shape: [2, 3])
        var data = Data(header.serialized())
        for value in values { withUnsafeBytes(of: value.bitPattern.bigEndian) { data.append(contentsOf: $0) } }
        let input = directory.appendingPathComponent("in.npy")
        try data.write(to: input)
        let output = directory.appendingPathComponent("out.npy")
        try RoundingJob(input: input.path, output: output.path, rounder: try FloatRounder(format: .binary16)).run()
        let written = try Data(contentsOf: output)
        let (parsed, offset) = try NPYHeader.parse(bytes: Array(written))
        #expect(parsed == header)
        let results = (0..<6).map { i in
            Double(bitPattern: UInt64(bigEndian: written[(offset + 8 * i)..<(offset + 8 * i + 8)].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
        }
        #expect(results.map(\.bitPattern) == values.map { FloatFormat.binary16.round($0).bitPattern })
    }

    @Test("statistics count each case as defined")
    func statistics() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.npy")
        // e4m3fn, saturating: 464 rounds to 448 (no overflow), 470 and 1e6 overflow and saturate,
        // 1e-5 underflows to zero, 0.01 becomes subnormal, 2 and -0 are unchanged, NaN and -∞ in.
        let values: [Double] = [464, 470, 1e6, 1e-5, 0.01, 2, -0.0, .nan, -.infinity, 0.1]
        try SimpleNPY.write(values, shape: [values.count], to: input)
        let rounder = try FloatRounder(format: .e4m3fn, overflow: .saturate)
        let summary = try RoundingJob(input: input.path, output: nil, rounder: rounder, collectsStatistics: true)
            .run()
        let s = try #require(summary.statistics)
        #expect(s.count == 10 && s.nanIn == 1 && s.nanOut == 1 && s.infinityIn == 1 && s.infinityOut == 0)
        #expect(s.overflowed == 2 && s.saturated == 2 && s.overflowToInfinity == 0 && s.overflowToNaN == 0)
        #expect(s.underflowToZero == 1 && s.becameSubnormal == 1 && s.unchanged == 2)
        #expect(s.maxAbsoluteError == 1e6 - 448)
        #expect(s.absoluteErrorCount == 8 && s.relativeErrorCount == 7)
        let naN = try FloatRounder(format: .e4m3fn)
        let other = try RoundingJob(input: input.path, output: nil, rounder: naN, collectsStatistics: true).run()
        #expect(other.statistics?.overflowToNaN == 2 && other.statistics?.nanOut == 4)
    }

    @Test("compare counts ulps between a kernel's output and the reference")
    func compare() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = directory.appendingPathComponent("reference.npy")
        let kernel = directory.appendingPathComponent("kernel.csv")
        // e4m3fn values; the kernel is one step off at index 1 and two at index 3 (across a
        // binade: 1.875, 2, 2.25), and NaN where the reference is finite at index 4.
        try SimpleNPY.write([1, 1.125, 448, 1.875, 3], shape: [5], to: reference)
        try Data("1\n1.25\n448\n2.25\nnan\n".utf8).write(to: kernel)
        let report = try CompareJob(values: kernel.path, reference: reference.path, format: FloatFormat.e4m3fn).run()
        #expect(report.count == 5 && report.mismatches == 3)
        #expect(report.maxUlps == .infinity)
        #expect(report.firstMismatches.map(\.index) == [1, 3, 4])
        #expect(report.firstMismatches.map(\.ulps) == [1, 2, .infinity])
        #expect(report.histogram == [2, 1, 1, 0, 0, 0, 0, 0, 1])
        #expect(report.meanUlps == 3.0 / 4)
        // A value that is not in the format: fractional ulps.
        #expect(FloatFormat.e4m3fn.ulpDistance(1.0625, from: 1) == 0.5)
        let short = directory.appendingPathComponent("short.csv")
        try Data("1\n2\n".utf8).write(to: short)
        #expect(throws: ChopIOError.self) { try CompareJob(values: short.path, reference: reference.path, format: FloatFormat.e4m3fn).run() }
    }
}

@Suite("Rounding statistics")
struct RoundingStatisticsMergeTests {
    @Test("merging the statistics of two parts gives those of the whole: every count, the maxima, the error sums")
    func merge() throws {
        let rounder = try FloatRounder(format: .e4m3fn, overflow: .saturate)
        // Specials, overflow, underflow, subnormals and ordinary values in both parts.
        let inputs: [Double] = [464, 470, 1e6, 1e-5, 0.01, 2, -0.0, .nan, -.infinity, 0.1, 3.3, -700, 1e-3, 17.5, .infinity, 0.3]
        func statistics(_ part: ArraySlice<Double>) -> RoundingStatistics {
            let values = Array(part)
            let outputs = rounder.rounded(values, seed: 0)
            let unbounded = rounder.unboundedTwin.rounded(values, seed: 0)
            var s = RoundingStatistics()
            values.withUnsafeBufferPointer { x in
                outputs.withUnsafeBufferPointer { y in
                    unbounded.withUnsafeBufferPointer { s.add(inputs: x, outputs: y, unbounded: $0, format: .e4m3fn) }
                }
            }
            return s
        }
        let whole = statistics(inputs[...])
        for cut in [0, 5, 9, 16] {
            var merged = statistics(inputs[..<cut])
            merged.merge(statistics(inputs[cut...]))
            var same = merged
            // Error sums may differ in their last bits: the parts add in another order.
            #expect(abs(same.sumAbsoluteError - whole.sumAbsoluteError) <= 1e-12 * whole.sumAbsoluteError, "cut \(cut)")
            #expect(abs(same.sumRelativeError - whole.sumRelativeError) <= 1e-12 * whole.sumRelativeError, "cut \(cut)")
            (same.sumAbsoluteError, same.sumRelativeError) = (whole.sumAbsoluteError, whole.sumRelativeError)
            #expect(same == whole, "cut \(cut)")
            #expect(whole.count == 16 && whole.overflowed == 3 && whole.nanIn == 1)
        }
    }
}
