import ChopFormats
import ChopTestSupport
import Testing

/// Array loops of proportional stochastic rounding round most elements by carry alone and
/// send the rest (NaN, overflow, nonzero magnitudes below 2^emin) through the whole kernel.
@Suite("stochastic arrays by carry alone")
struct CarryAloneTests {
    /// Values of the carry's range (zeros, and magnitudes from 2^emin to the greatest finite
    /// value, spread over every binade), with a special value every `spacing` elements:
    /// the blocks between specials take the carry alone, the others mix both.
    static func values(_ format: FloatFormat, count: Int, spacing: Int, seed: UInt64) -> [Double] {
        var generator = WyRand(seed: seed)
        let maxFinite = format.greatestFiniteMagnitude
        let minNormal = Double(sign: .plus, exponent: format.minExponent, significand: 1)
        let specials: [Double] = [
            .nan, .infinity, -.infinity, maxFinite.nextUp, -2 * maxFinite, maxFinite * 1.5,
            minNormal.nextDown, -minNormal / 3, minNormal * 0x1p-30, .leastNonzeroMagnitude, -0x1p-1030,
            maxFinite, -minNormal, Double(bitPattern: 0x7FF0_0000_0000_0001), Double(bitPattern: 0xFFFF_FFFF_FFFF_FFFF),
        ]
        return (0..<count).map { i in
            if i % spacing == spacing - 1 { return specials[(i / spacing) % specials.count] }
            if i % 97 == 0 { return i % 2 == 0 ? 0 : -0.0 }
            let exponent = Int.random(in: format.minExponent...format.maxExponent, using: &generator)
            let significand = Double.random(in: 1..<2, using: &generator)
            let magnitude = min(maxFinite, Double(sign: .plus, exponent: exponent, significand: significand))
            return Bool.random(using: &generator) ? -magnitude : magnitude
        }
    }

    @Test("the same bits as the scalar kernel, for every format and number of random bits, in place or not")
    func matchesTheKernel() throws {
        for format in TestFormats.all {
            for bits in [1, 8, 13, 16, 21, 32, 40, 52] {
                let rounder = try FloatRounder(format: format, mode: .stochastic(randomBits: bits))
                for (spacing, first) in [(5_000, 0), (700, 3), (37, 61)] {
                    let values = Self.values(format, count: 3_001, spacing: spacing, seed: UInt64(bits))
                    let stream = RandomStream(seed: 12)
                    let expected = values.indices.map {
                        rounder.round(values[$0], randomWord: stream.word(at: UInt64(first + $0), bits: bits))
                    }
                    let label = "\(format) R=\(bits) spacing \(spacing)"
                    var output = [Double](repeating: 0, count: values.count)
                    values.withUnsafeBufferPointer { source in
                        output.withUnsafeMutableBufferPointer { rounder.round(source, into: $0, seed: 12, firstIndex: first, threads: 1) }
                    }
                    let bad = values.indices.filter { !sameValue(output[$0], expected[$0]) }
                    #expect(bad.isEmpty, "\(label) out of place: \(bad.prefix(3).map { (values[$0], output[$0], expected[$0]) })")
                    for threads in [1, 2] {
                        var inPlace = values
                        inPlace.withUnsafeMutableBufferPointer { rounder.round($0, seed: 12, firstIndex: first, threads: threads) }
                        #expect(zip(inPlace, expected).allSatisfy(sameValue), "\(label) in place, \(threads) threads")
                    }
                    guard format.precision <= 24, format.maxExponent <= 127 else { continue }
                    // Float data: the values that fit, widened exactly, give the same results.
                    let floats = values.map { Float($0) }
                    let floatExpected = floats.indices.map {
                        Float(rounder.round(Double(floats[$0]), randomWord: stream.word(at: UInt64(first + $0), bits: bits)))
                    }
                    var floatOutput = floats
                    try floatOutput.withUnsafeMutableBufferPointer { try rounder.round($0, seed: 12, firstIndex: first, threads: 1) }
                    #expect(
                        zip(floatOutput, floatExpected).allSatisfy { sameValue(Double($0), Double($1)) }, "\(label) float in place")
                }
            }
        }
    }
}
