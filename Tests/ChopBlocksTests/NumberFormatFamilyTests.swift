import ChopBlocks
import ChopFormats
import ChopTestSupport
import Testing

/// One protocol over every family: generic code written once against `NumberFormat` and
/// `FormatRounder` runs on a float, a posit, an integer and a block format.
@Suite("NumberFormat across families")
struct NumberFormatFamilyTests {
    /// What one generic function learns about a format from a sample: the rounded array, its
    /// codes decoded back, and the largest relative error of the rounding.
    struct Summary {
        var rounded: [Double]
        var decoded: [Double]
        var largestRelativeError: Double
        var scope: RoundingScope
    }

    /// Written once over the protocols: round an array, encode and decode it, measure the error.
    static func summarize<Format: NumberFormat>(_ format: Format, _ values: [Double], seed: UInt64) throws -> Summary {
        let rounder = try format.rounder(.toNearestOrEven)
        var rounded = values
        try rounded.withUnsafeMutableBufferPointer { try rounder.round($0, shape: [values.count], seed: seed, threads: 2) }
        let decoded = try rounder.decode(try rounder.encode(values, shape: [values.count], seed: seed))
        let error = zip(values, rounded).map { x, r in x == 0 ? 0 : abs(r - x) / abs(x) }.max() ?? 0
        return Summary(rounded: rounded, decoded: decoded, largestRelativeError: error, scope: rounder.scope)
    }

    static let sample: [Double] = {
        var generator = Xoshiro256(seed: 18)
        return (0..<256).map { _ in Double.random(in: -3...3, using: &generator) } + [0, 1, -1, 0.5, 2.75]
    }()

    @Test("an array of every family: formats, names, code widths")
    func heterogeneousArray() throws {
        let all: [any NumberFormat] = [FloatFormat.e4m3fn, PositFormat.posit16, try IntegerFormat(named: "int8"), BlockFormat.mxfp4]
        #expect(all.map(\.name) == ["e4m3fn", "posit16", "int8", "mxfp4"])
        #expect(all.map(\.family) == [.float, .posit, .integer, .block])
        #expect(all.map(\.bitWidth) == [8, 16, 8, 4])
    }

    @Test("one generic function on a format of every family: decode(encode(x)) is round(x), and the error is within the format's bound")
    func genericOverFamilies() throws {
        let all: [any NumberFormat] = [FloatFormat.e4m3fn, PositFormat.posit16, try IntegerFormat(named: "int8"), BlockFormat.mxfp4]
        // Bounds from each format's numbers, not from the implementation: half an ulp at
        // precision p for e4m3fn (normal range; the sample's smallest magnitudes are above
        // 2^-6 times a few ulps, so the bound is loosened to the subnormal spacing);
        // posit16 has at least 10 fraction bits on [2^-8, 2^8]; int8 is within half a step
        // amax/127 of each value, relative to values of at least ~0.01; mxfp4 elements carry
        // 1 bit, and a value far below its block's amax may flush.
        let summaries = try all.map { try Self.summarize($0, Self.sample, seed: 5) }
        for (format, summary) in zip(all, summaries) {
            let same = zip(summary.rounded, summary.decoded).allSatisfy { $0.bitPattern == $1.bitPattern }
            #expect(same, "\(format.name): decode(encode(x)) differs from round(x)")
        }
        #expect(summaries.map(\.scope) == [.element, .element, .group, .group])
        #expect(summaries[0].largestRelativeError <= 0x1p-4 || Self.sample.contains { abs($0) < 0x1p-6 })
        #expect(summaries[1].largestRelativeError <= 0x1p-11)
        // Each family also agrees with its own scalar or quantizer path.
        let e4m3 = FloatFormat.e4m3fn
        #expect(summaries[0].rounded == Self.sample.map { e4m3.round($0) })
        #expect(summaries[1].rounded == Self.sample.map { PositFormat.posit16.round($0, .toNearestOrEven) })
        let int8 = try IntegerQuantizer(format: .symmetric(bits: 8)).quantize(Self.sample, shape: [Self.sample.count])
        #expect(summaries[2].rounded == int8.values)
        let amax = Self.sample.map(\.magnitude).max()!
        #expect(summaries[2].largestRelativeError > 0 && summaries[2].rounded.indices.allSatisfy {
            abs(summaries[2].rounded[$0] - Self.sample[$0]) <= amax / 127 / 2 * (1 + 0x1p-40)
        })
        let mx = try BlockQuantizer(format: .mxfp4).quantize(Self.sample, shape: [Self.sample.count])
        #expect(summaries[3].rounded == mx.values)
    }

    @Test("the registry names every family, and lists them all for an unknown name")
    func registry() throws {
        #expect(try FormatRegistry.format(named: "E4M3FN") as? FloatFormat == .e4m3fn)
        #expect(try FormatRegistry.format(named: "posit16es1") as? PositFormat == .posit16es1)
        #expect(try FormatRegistry.format(named: "fixed4.4") as? IntegerFormat == .fixed(integerBits: 4, fractionBits: 4))
        #expect(try FormatRegistry.format(named: "uint4") as? IntegerFormat == .asymmetric(bits: 4))
        #expect(try FormatRegistry.format(named: "mxfp4") as? BlockFormat == .mxfp4)
        #expect(try FormatRegistry.format(named: "binary8p3").name == "binary8p3")
        do {
            _ = try FormatRegistry.format(named: "fp5")
            Issue.record("fp5 was accepted")
        } catch {
            for name in ["e4m3fn", "posit16", "int<N>", "fixed<I>.<F>", "mxfp4", "nvfp4"] {
                #expect(error.description.contains(name), "the list lacks \(name): \(error)")
            }
        }
        for impossible in ["int64", "posit80", "e12m3", "fixed0.4"] {
            #expect(throws: FormatError.self, "\(impossible)") { _ = try FormatRegistry.format(named: impossible) }
        }
        #expect(throws: FormatError.unsupportedFamily(format: "int8", family: .integer, need: "a scalar (float or posit) format")) {
            _ = try FormatRegistry.scalarFormat(named: "int8")
        }
    }

    /// The README's generic snippet, kept compiling and true.
    static func roundAll(_ format: some NumberFormat, _ values: inout [Double]) throws {
        let rounder = try format.rounder(.towardZero)
        try values.withUnsafeMutableBufferPointer { try rounder.round($0, shape: [$0.count], seed: 1) }
    }

    @Test("the README's generic snippet: toward zero in every family never grows a magnitude beyond the input's scale")
    func readmeSnippet() throws {
        let mxfp4 = try FormatRegistry.format(named: "mxfp4")
        #expect(mxfp4.name == "mxfp4")
        var values = [0.3, -2.9, 1.0, 5.5]
        try Self.roundAll(FloatFormat.e4m3fn, &values)
        #expect(values == [0.28125, -2.75, 1.0, 5.5])  // e4m3: 0.3 and 2.9 truncated to 3 fraction bits
        var posits = [1.0 / 3]
        try Self.roundAll(PositFormat.posit16, &posits)
        #expect(posits == [0.333251953125])
        var block = [0.3, -2.9, 1.0, 5.5]
        try Self.roundAll(mxfp4, &block)
        // amax 5.5: scale 2^(2 - 2) = 1; e2m1 toward zero: 0, -2, 1, 4.
        #expect(block == [0, -2, 1, 4])
    }

    @Test("shapes that do not hold the values are refused by every family's rounder")
    func badShapes() throws {
        var values = [1.0, 2, 3]
        let all: [any NumberFormat] = [FloatFormat.bfloat16, PositFormat.posit8, IntegerFormat.symmetric(bits: 4), BlockFormat.nvfp4]
        for format in all {
            let rounder = try format.rounder(.towardZero)
            #expect(throws: (any Error).self, "\(format.name)") {
                try values.withUnsafeMutableBufferPointer { try rounder.round($0, shape: [2, 2], seed: 0, threads: 1) }
            }
        }
    }
}
