@testable import ChopFormats
import ChopTestSupport
import Testing

@Suite("Array rounding")
struct ArrayRoundingTests {
    static let inputs: [Double] = {
        var generator = Xoshiro256(seed: 31)
        // The edges of a small format, random doubles across every exponent, any bit patterns.
        return EdgeInputs(format: .e5m2, randomCount: 10_000).all
            + (0..<2_000).map { _ in Double(bitPattern: generator.next()) }
    }()

    @Test("arrays, in place and out of place, equal the scalar core element by element")
    func arraysMatchScalars() throws {
        for format in TestFormats.all {
            for mode in RoundingMode.deterministicModes + [.stochastic(), .stochastic(randomBits: 7), .stochasticEqual] {
                let rounder = try FloatRounder(format: format, mode: mode)
                let stream = RandomStream(seed: 9)
                let expected = Self.inputs.indices.map {
                    rounder.round(Self.inputs[$0], randomWord: stream.word(at: UInt64($0), bits: mode.randomBitsPerElement))
                }
                let copied = rounder.rounded(Self.inputs, seed: 9)
                #expect(zip(copied, expected).allSatisfy(sameValue), "\(format) \(mode) out of place")
                var inPlace = Self.inputs
                inPlace.withUnsafeMutableBufferPointer { rounder.round($0, seed: 9, threads: 3) }
                #expect(zip(inPlace, expected).allSatisfy(sameValue), "\(format) \(mode) in place")
                var output = [Double](repeating: 0, count: Self.inputs.count)
                Self.inputs.withUnsafeBufferPointer { source in
                    output.withUnsafeMutableBufferPointer { rounder.round(source, into: $0, seed: 9, threads: 2) }
                }
                #expect(zip(output, expected).allSatisfy(sameValue), "\(format) \(mode) buffers")
            }
        }
    }

    @Test("block-scaled rounding is round(v / d) × d per element, with each block's divisor, in place or not")
    func scaledBlocks() throws {
        // Powers of two (multiplied by their reciprocal), others (divided), 0, NaN, a
        // subnormal divisor whose reciprocal overflows, and large ones that make least
        // doubles underflow; blocks of 37, the last one short.
        let kinds: [Double] = [0x1p-3, 0.75, 0, .nan, 0x1p-1030, 0x1p1000, 3 * 0x1p-1000, 1, 0x1p600]
        let blockSize = 37
        let values = Self.inputs + [.leastNonzeroMagnitude, -.leastNonzeroMagnitude, 0x1p-1070, -0.0]
        let blocks = (values.count + blockSize - 1) / blockSize
        let divisors = (0..<blocks).map { kinds[$0 % kinds.count] }
        for format in TestFormats.all {
            for mode in RoundingMode.deterministicModes + [.stochastic(), .stochastic(randomBits: 7), .stochasticEqual] {
                let rounder = try FloatRounder(format: format, mode: mode)
                let stream = RandomStream(seed: 4)
                let expected = values.indices.map { i in
                    let (v, d) = (values[i], divisors[i / blockSize])
                    var q = d == 0 ? v * 0 : v / d
                    if q == 0 && v != 0 { q = Double(sign: v.sign, exponent: -1074, significand: 1) }
                    return rounder.round(q, randomWord: stream.word(at: UInt64(100 + i), bits: mode.randomBitsPerElement)) * d
                }
                var output = [Double](repeating: 0, count: values.count)
                var inPlace = values
                values.withUnsafeBufferPointer { source in
                    divisors.withUnsafeBufferPointer { divisors in
                        output.withUnsafeMutableBufferPointer {
                            rounder.roundScaledBlocks(source, into: $0, blockSize: blockSize, divisors: divisors, seed: 4, firstIndex: 100)
                        }
                        inPlace.withUnsafeMutableBufferPointer {
                            rounder.roundScaledBlocks(
                                UnsafeBufferPointer($0), into: $0, blockSize: blockSize, divisors: divisors, seed: 4, firstIndex: 100)
                        }
                    }
                }
                let bad = values.indices.filter { !sameValue(output[$0], expected[$0]) }
                #expect(bad.isEmpty, "\(format) \(mode): \(bad.prefix(3).map { (values[$0], divisors[$0 / blockSize], output[$0], expected[$0]) })")
                #expect(zip(inPlace, expected).allSatisfy(sameValue), "\(format) \(mode) in place")
            }
        }
    }

    @Test("the automatic thread count: one below the crossover, every core from it, a request as given")
    func automaticThreads() {
        #expect(Parallelism.automatic == 0)
        #expect(Parallelism.threads(Parallelism.automatic, elements: Parallelism.crossover - 1) == 1)
        #expect(Parallelism.threads(Parallelism.automatic, elements: Parallelism.crossover) >= 1)
        #expect(Parallelism.threads(3, elements: 10) == 3)
        #expect(Parallelism.threads(1, elements: 1 << 30) == 1)
    }

    @Test("an array above the crossover, rounded with the automatic thread count, equals one thread's bits")
    func automaticThreadsSameBits() throws {
        let count = Parallelism.crossover + 12_345
        var generator = Xoshiro256(seed: 77)
        let values = (0..<count).map { _ in Double(bitPattern: generator.next() >> 2 | 0x3000_0000_0000_0000) * (generator.next() & 1 == 0 ? 1 : -1) }
        for mode in [RoundingMode.toNearestOrEven, .up, .stochastic()] {
            let rounder = try FloatRounder(format: .bfloat16, mode: mode)
            let automatic = rounder.rounded(values, seed: 5)
            let single = rounder.rounded(values, seed: 5, threads: 1)
            #expect(zip(automatic, single).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(mode)")
        }
        var posits = values
        posits.withUnsafeMutableBufferPointer { PositFormat.posit16.round($0) }
        #expect(zip(posits, values).allSatisfy { $0.bitPattern == PositFormat.posit16.round($1).bitPattern })
    }

    @Test("up, down and toward-zero arrays, which round in the hardware's direction, set every thread back to nearest")
    func hardwareDirectionRestored() throws {
        let count = Parallelism.crossover + 999
        var generator = Xoshiro256(seed: 12)
        let values = (0..<count).map { _ in Double(bitPattern: generator.next() >> 2 | 0x3000_0000_0000_0000) * (generator.next() & 1 == 0 ? 1 : -1) }
        let nearest = try FloatRounder(format: .binary16)
        for mode in [RoundingMode.up, .down, .towardZero] {
            for threads in [1, 2, Parallelism.automatic] {
                _ = try FloatRounder(format: .binary16, mode: mode).rounded(values, threads: threads)
                #expect(HardwareDirection.roundsToNearest, "\(mode), \(threads) threads")
                // A thread of the pool left in another direction would round these inexact
                // values by its shifter's addition in that direction.
                let arrays = nearest.rounded(values, threads: threads)
                #expect(zip(arrays, values).allSatisfy { $0.bitPattern == nearest.round($1).bitPattern }, "\(mode), \(threads) threads")
            }
        }
    }

    @Test("Float arrays equal the Double path for every format that fits float32")
    func floatArrays() throws {
        let singles = Self.inputs.map { Float($0) }
        for format in TestFormats.all where format.precision <= 24 && format.maxExponent <= 127 {
            for mode in RoundingMode.deterministicModes + [.stochastic()] {
                let rounder = try FloatRounder(format: format, mode: mode)
                let viaDouble = rounder.rounded(singles.map(Double.init), seed: 4)
                let direct = try rounder.rounded(singles, seed: 4)
                #expect(zip(direct, viaDouble).allSatisfy { sameValue(Double($0), $1) }, "\(format) \(mode)")
            }
        }
    }

    @Test("Float data is refused for formats wider than float32")
    func floatRefused() throws {
        var values: [Float] = [1, 2]
        for format in [FloatFormat.binary64, try FloatFormat(precision: 11, maxExponent: 200)] {
            let rounder = try FloatRounder(format: format)
            #expect(throws: FormatError.self) { try rounder.round(&values) }
        }
    }

    @Test("empty and single-element arrays; more threads than elements")
    func smallArrays() throws {
        let rounder = try FloatRounder(format: .e4m3fn, mode: .stochastic())
        let none: [Double] = []
        let one: [Double] = [448]
        let three: [Double] = [1, 2, 3]
        #expect(rounder.rounded(none, seed: 1, threads: 4) == none)
        #expect(rounder.rounded(one, seed: 1, threads: 4) == one)
        #expect(rounder.rounded(three, seed: 1, threads: 16) == rounder.rounded(three, seed: 1))
    }
}

@Suite("Span rounding")
struct SpanRoundingTests {
    @Test("spans round like arrays, in place and into another span")
    func spans() throws {
        let values = ArrayRoundingTests.inputs
        let rounder = try FloatRounder(format: .e5m2, mode: .stochastic())
        let expected = rounder.rounded(values, seed: 3)
        var inPlace = values
        var span = inPlace.mutableSpan
        rounder.round(&span, seed: 3, threads: 2)
        #expect(zip(inPlace, expected).allSatisfy(sameValue))
        var output = [Double](repeating: 0, count: values.count)
        var destination = output.mutableSpan
        rounder.round(values.span, into: &destination, seed: 3)
        #expect(zip(output, expected).allSatisfy(sameValue))

        let singles = values.map { Float($0) }
        var floats = singles
        var floatSpan = floats.mutableSpan
        try rounder.round(&floatSpan, seed: 3)
        #expect(zip(floats, try rounder.rounded(singles, seed: 3)).allSatisfy { sameValue(Double($0), Double($1)) })
    }
}
