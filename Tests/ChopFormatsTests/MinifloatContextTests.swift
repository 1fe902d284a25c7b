@testable import ChopFormats
import ChopTestSupport
import Testing

/// Rounding contexts: modes, seeds, reproducibility, exception counts, and the values the
/// issue names.
@Suite("Typed scalars: rounding contexts")
struct MinifloatContextTests {
    @Test("known values: rounded once from the exact value, never through a wider format first")
    func knownValues() throws {
        // 1.125 is the midpoint of 1 and 1.25; the double just above it must round up
        // (through binary16 it would be 1.125 and then round to even, 1.0).
        #expect(Float8E5M2(1.125 + 0x1p-30) == 1.25)
        let towardZero = try RoundingContext(mode: .towardZero)
        #expect(towardZero.run { Float8E5M2(1 - 0x1p-40) } == 0.875)
        #expect(try FloatRounder(format: .e5m2, mode: .towardZero).difference(1, 0x1p-40) == 0.875)
        // A Float80 is not rounded to Double first: 1 + 2^-60 rounds up to 1 + 2^-7.
        let up = try RoundingContext(mode: .up)
        #if !(os(Windows) || os(Android)) && (arch(i386) || arch(x86_64))
        #expect(up.run { BFloat16(Float80(1) + 0x1p-60) } == 1 + 0x1p-7)
        #expect(BFloat16(Float80(1) + 0x1p-60) == 1)
        #endif
        // Integers above 2^53 are not rounded to Double first.
        #expect(up.run { Float8E5M2(UInt64(1) << 60 + 1) }.doubleValue == .infinity)
        #expect(up.run { TensorFloat32(UInt64(1) << 60 + 1) }.doubleValue == 0x1.004p60)
        #expect((1 as BFloat16) / 3 == BFloat16(0.333984375))
        #expect(BFloat16(0.1).description == "0.1" && BFloat16(0.1).doubleValue == 0.10009765625)
        #expect(Float8E4M3FN(1000).doubleValue.isNaN && Float8E4M3FN(464) == 448)
        // Literals round to nearest whatever the context; conversions of variables follow it.
        let tenth = 0.1
        #expect(up.run { (BFloat16(0.1), BFloat16(tenth)) } == (0.10009765625, 0.10009765625))
        #expect(try RoundingContext(mode: .down).run { (BFloat16(0.1), BFloat16(tenth)) } == (0.10009765625, 0.099609375))
    }

    @Test("every deterministic mode of a context reaches every operation")
    func modes() throws {
        for mode in RoundingMode.deterministicModes {
            let rounder = try FloatRounder(format: .bfloat16, mode: mode)
            let context = try RoundingContext(mode: mode)
            let (a, b): (BFloat16, BFloat16) = (1.5, 0.3)
            let tenth = 0.1
            let results = context.run { [a + b, a - b, a * b, a / b, b.squareRoot(), b.addingProduct(a, a), BFloat16(tenth)] }
            let expected = [
                rounder.sum(a.doubleValue, b.doubleValue), rounder.difference(a.doubleValue, b.doubleValue),
                rounder.product(a.doubleValue, b.doubleValue), rounder.quotient(a.doubleValue, b.doubleValue),
                rounder.squareRoot(b.doubleValue), rounder.fusedMultiplyAdd(a.doubleValue, a.doubleValue, b.doubleValue),
                rounder.round(0.1),
            ]
            #expect(results.map(\.doubleValue) == expected, "\(mode)")
        }
    }

    @Test("stochastic contexts draw word i of the seed's stream for their i-th operation")
    func stochasticStream() throws {
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 3), .stochasticEqual] {
            let rounder = try FloatRounder(format: .e4m3fn, mode: mode)
            let stream = RandomStream(seed: 7)
            var sampler = OperandSampler(format: .e4m3fn, seed: 11)
            let operands = (0..<5000).map { _ in (sampler.value(), sampler.value()) }
            let context = try RoundingContext(mode: mode, seed: 7)
            let results = context.run {
                operands.map { (Float8E4M3FN($0.0) * Float8E4M3FN($0.1)).doubleValue }
            }
            // Conversions of values are exact but still draw: three words per element.
            let expected = operands.enumerated().map { index, pair in
                rounder.product(pair.0, pair.1, randomWord: stream.word(at: UInt64(3 * index + 2)))
            }
            #expect(zip(results, expected).allSatisfy { sameValue($0, $1) }, "\(mode)")
            #expect(context.randomWordsDrawn == 15000)
        }
    }

    @Test("same seed, same bits; another seed, other bits; contexts on other threads agree")
    func reproducibility() async throws {
        func run(seed: UInt64) throws -> [UInt64] {
            try RoundingContext(mode: .stochastic(), seed: seed).run {
                var sum: Half = 0
                return (1...2000).map { n in
                    sum += Half(1) / Half(n)
                    return sum.bitPattern
                }
            }
        }
        let first = try run(seed: 3)
        #expect(try run(seed: 3) == first)
        #expect(try run(seed: 4) != first)
        let parallel = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<4 { group.addTask { try run(seed: 3) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(parallel.allSatisfy { $0 == first })
        // A context without a seed picks one and says which.
        let unseeded = try RoundingContext(mode: .stochastic())
        #expect(try run(seed: unseeded.seed) == RoundingContext(mode: .stochastic(), seed: unseeded.seed).run {
            var sum: Half = 0
            return (1...2000).map { n in
                sum += Half(1) / Half(n)
                return sum.bitPattern
            }
        })
    }

    @Test("contexts nest, reach child tasks, and end with their block")
    func scoping() async throws {
        let up = try RoundingContext(mode: .up)
        let down = try RoundingContext(mode: .down)
        let third: BFloat16 = 1
        let x = up.run { (third / 3, down.run { third / 3 }, third / 3) }
        #expect(x.0 == x.2 && x.0 > x.1)
        #expect(third / 3 == BFloat16(1.0 / 3))
        let child = await up.run { await Task { third / 3 }.value }
        let structured = await up.run { async let y = third / 3; return await y }
        #expect(structured == x.0)
        #expect(child == x.0)  // an unstructured Task inherits task-locals too
        #expect(RoundingContext.current == nil)
    }

    @Test("overflow behaviour from the context where the format has it")
    func overflow() throws {
        let saturate = try RoundingContext(overflow: .saturate)
        #expect(saturate.run { Half(60000) * Half(2) } == .greatestFiniteMagnitude)
        #expect(saturate.run { Float8E4M3FN(448) * 2 } == 448)
        let infinity = try RoundingContext(overflow: .infinity)
        #expect(infinity.run { Float8E4M3FN(448) * 2 }.doubleValue.isNaN)  // e4m3fn has no ∞: its default
        #expect(Half(60000) * 2 == .infinity)
    }

    @Test("exception counts, and none counted unless asked")
    func exceptions() throws {
        let counting = try RoundingContext(countsExceptions: true)
        counting.run {
            let big: Float8E5M2 = 57344
            _ = big * big  // overflow, inexact
            _ = Float8E5M2(1) / 0  // division by zero
            _ = Float8E5M2(0) / 0  // invalid
            _ = Float8E5M2(0x1p-16) * Float8E5M2(0.75)  // underflow, inexact
            _ = Float8E5M2(1) + 1  // exact: nothing
        }
        #expect(counting.exceptions == ExceptionCounts(invalid: 1, divisionByZero: 1, overflow: 1, underflow: 1, inexact: 2))
        #expect(counting.exceptions.raised == [.invalid, .divisionByZero, .overflow, .underflow, .inexact])
        let quiet = try RoundingContext()
        quiet.run { _ = Float8E5M2(1) / 0 }
        #expect(quiet.exceptions == ExceptionCounts())
    }

    @Test("stochastic rounding of typed sums is unbiased (Hoeffding, false failure < 1e-9)")
    func unbiased() throws {
        // 1 + 2^-10 lies 1/8 of the way from 1 to 1 + 2^-7 in bfloat16.
        let draws = 200_000
        let ups = try RoundingContext(mode: .stochastic(), seed: 99).run {
            (0..<draws).count { _ in BFloat16(1) + BFloat16(0x1p-10) > 1 }
        }
        let tolerance = SamplingBounds.hoeffdingTolerance(draws: draws, falseFailure: 1e-9)
        #expect(abs(Double(ups) / Double(draws) - 0.125) <= tolerance)
        // Equal-probability rounding: one half either way.
        let halves = try RoundingContext(mode: .stochasticEqual, seed: 5).run {
            (0..<draws).count { _ in BFloat16(1) + BFloat16(0x1p-10) > 1 }
        }
        #expect(abs(Double(halves) / Double(draws) - 0.5) <= tolerance)
    }

    @Test("invalid parameters are errors, not traps")
    func invalidParameters() {
        #expect(throws: FormatError.self) { try RoundingContext(mode: .stochastic(randomBits: 0)) }
        #expect(throws: FormatError.self) { try withRounding(.stochastic(randomBits: 60)) { 1 } }
    }
}

@Suite("Typed scalars: conversions")
struct MinifloatConversionTests {
    @Test("to and from integers and other types, through the standard library's generic paths")
    func conversions() throws {
        #expect(Int(BFloat16(3.75)) == 3 && Int(BFloat16(-3.75)) == -3)
        #expect(Int(exactly: BFloat16(3.75)) == nil && Int(exactly: BFloat16(384)) == 384)
        #expect(UInt8(exactly: Float8E5M2(57344)) == nil && Int64(Float8E5M2(57344)) == 57344)
        #expect(BFloat16(exactly: 257) == nil && BFloat16(exactly: 256) == 256)
        #expect(BFloat16(exactly: 0.1) == nil && BFloat16(exactly: 0.5) == 0.5)
        #expect(Float(BFloat16(0.1)) == 0.10009765625 && Double(Half(1) / 3) == 0x1.554p-2)
        // Between formats: exact values move exactly, others round once.
        let (exact, midpoint): (BFloat16, BFloat16) = (1.5, 1.375)
        #expect(Float8E5M2(exact) == 1.5)
        #expect(Float8E5M2(midpoint) == 1.5)
        #expect(Half(Float8E4M3FN(448)) == 448)
        // The standard library's generic conversion reads the fields: it must agree.
        #expect(GenericConversion.float(Half(0.1)) == Float(Half(0.1).doubleValue))
        #expect(GenericConversion.float(BFloat16(-3e38)) == Float(BFloat16(-3e38).doubleValue))
        #expect(GenericConversion.float(Half(0x1p-24)) == 0x1p-24)  // a subnormal of binary16
        #expect(Half(Float80(0.1)) == Half(0.1 as Double))
    }
}

/// Converts through the standard library's generic `BinaryFloatingPoint` initializer, which
/// reads the exponent and significand fields.
enum GenericConversion {
    static func float<T: BinaryFloatingPoint>(_ x: T) -> Float { Float(x) }
}
