import ChopBlocks
import ChopFormats
import ChopTestSupport
import Testing

/// Integer and fixed-point quantization against the Contracts article (Block and integer formats).
@Suite("Integer quantization")
struct IntegerQuantizerTests {
    @Test("names: int<N>, uint<N>, fixed<I>.<F>")
    func names() throws {
        #expect(try IntegerFormat(named: "int8") == .symmetric(bits: 8))
        #expect(try IntegerFormat(named: "UINT4") == .asymmetric(bits: 4))
        #expect(try IntegerFormat(named: "fixed8.8") == .fixed(integerBits: 8, fractionBits: 8))
        for bad in ["int1", "int33", "uint", "fixed8", "fixed0.4", "fixed20.20", "float8"] {
            #expect(throws: BlockError.self) { _ = try IntegerFormat(named: bad) }
        }
    }

    @Test("symmetric int8 and int4: scale amax/qmax, ties to even")
    func symmetric() throws {
        let int8 = try IntegerQuantizer(format: .symmetric(bits: 8))
        let q = try int8.quantize([1, -0.5, 0.25, 0], shape: [4])
        #expect(q.scales == [1.0 / 127])
        // 0.5·127 = 63.5 ties to 64; 0.25·127 = 31.75 rounds to 32.
        #expect(q.codes == [127, -64, 32, 0])
        let s = 1.0 / 127
        let expected: [Double] = [127 * s, -64 * s, 32 * s, 0]
        #expect(q.values == expected)
        let int4 = try IntegerQuantizer(format: .symmetric(bits: 4))
        #expect(try int4.quantize([7, 2.5, 3.5, -7], shape: [4]).codes == [7, 2, 4, -7])
    }

    @Test("asymmetric uint8: zero point, exact zero, range ends")
    func asymmetric() throws {
        let uint8 = try IntegerQuantizer(format: .asymmetric(bits: 8))
        let q = try uint8.quantize([-1, 0, 3], shape: [3])
        let s = 4.0 / 255
        #expect(q.scales == [s] && q.zeroPoints == [64])  // RNE(1/s) = RNE(63.75) = 64
        #expect(q.codes == [0, 64, 255])
        let expected: [Double] = [-64 * s, 0, 191 * s]
        #expect(q.values == expected)
        // All positive: lo = 0, zero point 0.
        #expect(try uint8.quantize([1, 2], shape: [2]).zeroPoints == [0])
    }

    @Test("fixed point: ties, saturation at both ends")
    func fixedPoint() throws {
        let fixed = try IntegerQuantizer(format: .fixed(integerBits: 4, fractionBits: 4))
        let q = try fixed.quantize([1.03125, 100, -100, -0.03125, .infinity], shape: [5])
        let expected: [Double] = [1, 127.0 / 16, -8, 0, 127.0 / 16]
        #expect(q.values == expected)
        let up = try IntegerQuantizer(format: .fixed(integerBits: 4, fractionBits: 4), mode: .up)
        #expect(try up.quantize([1.03125], shape: [1]).values == [1.0625])
    }

    @Test("all-zero groups decode to zeros; NaN stays NaN")
    func zerosAndNaN() throws {
        let int8 = try IntegerQuantizer(format: .symmetric(bits: 8), granularity: .channel(axis: 0))
        let q = try int8.quantize([0, 0, 1, .nan], shape: [2, 2])
        #expect(q.scales == [0, 1.0 / 127])
        #expect(q.values[0] == 0 && q.values[1] == 0 && q.values[2] == 1 && q.values[3].isNaN)
    }

    @Test("random tensors: every format, granularity and deterministic mode agree with the exact reference")
    func randomAgainstReference() throws {
        var generator = Xoshiro256(seed: 77)
        let shape = [4, 6, 9]
        var values = (0..<216).map { _ in Double.random(in: -2...3, using: &generator) * Double.random(in: 0...1, using: &generator) }
        values[10] *= 300
        let formats: [IntegerFormat] = [.symmetric(bits: 8), .symmetric(bits: 4), .asymmetric(bits: 8), .asymmetric(bits: 3),
                                        .fixed(integerBits: 3, fractionBits: 5)]
        let granularities: [Granularity] = [.tensor, .channel(axis: 0), .channel(axis: 2), .block(size: 4, axis: 1), .block(size: 32, axis: 2)]
        let modes: [RoundingMode] = [.toNearestOrEven, .towardZero, .up, .down, .toNearestOrAwayFromZero, .toOdd]
        for format in formats {
            for granularity in granularities {
                for mode in modes {
                    let q = try IntegerQuantizer(format: format, granularity: granularity, mode: mode).quantize(values, shape: shape)
                    let expected = IntegerReference.quantize(values, shape: shape, format: format, granularity: granularity, mode: mode)
                    let bad = zip(q.values, expected).enumerated().filter { !sameValue($0.element.0, $0.element.1) }
                    #expect(bad.isEmpty, "\(format) \(granularity) \(mode): \(bad.prefix(3))")
                }
            }
        }
    }

    @Test("stochastic: reproducible per seed, unbiased (Hoeffding)")
    func stochastic() throws {
        let quantizer = try IntegerQuantizer(format: .symmetric(bits: 8), mode: .stochastic())
        let values = [1.0, 0.3 / 127]  // 0.3 of the way from 0 to 1/127
        #expect(try quantizer.quantize(values, shape: [2], seed: 4) == quantizer.quantize(values, shape: [2], seed: 4))
        let draws = 20_000
        var ups = 0
        for seed in 0..<UInt64(draws) where try quantizer.quantize(values, shape: [2], seed: seed).codes[1] == 1 { ups += 1 }
        #expect(abs(Double(ups) / Double(draws) - 0.3) <= SamplingBounds.hoeffdingTolerance(draws: draws, falseFailure: 1e-9))
    }
}
