import ChopTestSupport
import Testing

@testable import ChopFormats

/// Stochastic rounding with R ≤ 53 - p random bits rounds by adding the bits to the fraction
/// (``RoundingKernel/roundByCarry(_:randomWord:)``). Its results must be the decision the
/// Contracts article states: away from zero exactly when `(k + 1)·2^-R ≤ (|x| - lo)/(hi - lo)`,
/// `k` the word's top R bits, written out here with the brute-force reference's neighbours.
@Suite("stochastic rounding by carry")
struct StochasticCarryTests {
    /// Which kernel a rounder's array and scalar calls run.
    struct KernelKind: KernelVisitor {
        func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) -> (carries: Bool, shifter: Bool) {
            (R.carriesRandomBits, G.isShifter)
        }
    }

    /// Formats the brute-force reference can list, with every overflow behaviour they take.
    static let formats: [FloatFormat] = TestFormats.all.filter { $0.bitWidth <= 16 }

    @Test("every draw is the stated decision, at and beside each threshold, in every binade", arguments: formats)
    func decisions(format: FloatFormat) throws {
        let reference = BruteForceRounder(format: format)
        let fraction = 53 - format.precision
        let allBits = [1, 2, 7, 8, 13, 16, 21, 32, fraction].filter { $0 <= min(fraction, RoundingMode.maxRandomBits) }
        var generator = WyRand(seed: UInt64(format.precision * 1000 + format.bitWidth))
        // Brackets: all of them for 8-bit formats, a sample spread over the range otherwise, and
        // always the lowest, the subnormal ones and the top one.
        let magnitudes = reference.magnitudes
        let stride = max(1, magnitudes.count / 300)
        var lows = Swift.stride(from: 0, to: magnitudes.count, by: stride).map { magnitudes[$0] }
        lows += magnitudes.prefix(8) + [reference.maxFinite]
        for overflow in TestFormats.overflowBehaviors(of: format) {
            for bits in allBits {
                let rounder = try FloatRounder(format: format, mode: .stochastic(randomBits: bits), overflow: overflow)
                let kind = rounder.withKernel(KernelKind())
                #expect(kind.carries == kind.shifter, "\(format) R=\(bits): the carry kernel runs exactly on shifter geometries")
                var failures: [String] = []
                var inputs: [Double] = []
                func check(_ x: Double, _ word: UInt64) {
                    inputs.append(x)
                    let result = rounder.round(x, randomWord: word)
                    let expected: Double
                    if x.isNaN || (format.specialValues == .unsigned && !(x > 0)) {
                        expected = .nan
                    } else {
                        let (towardZero, away) = reference.stochasticCandidates(x, overflow: overflow)
                        let k = word >> UInt64(64 - bits)
                        let scaled = reference.probabilityAway(x) * Double(sign: .plus, exponent: bits, significand: 1)
                        expected = Double(k + 1) <= scaled ? away : towardZero
                    }
                    if !sameValue(result, expected) && failures.count < 5 {
                        failures.append("x=\(x.bitPattern.hex) word=\(word.hex) → \(result) expected \(expected)")
                    }
                }
                let scale = Double(sign: .plus, exponent: -bits, significand: 1)
                for lo in lows {
                    let q = (magnitudes.first { $0 > lo } ?? reference.beyondMax) - lo
                    let steps: [UInt64] = [0, 1, 2, (1 << UInt64(bits)) - 1, UInt64.random(in: 0..<(1 << UInt64(bits)), using: &generator)]
                    for j in steps {
                        let point = lo + Double(j) * scale * q
                        for x in [point, point.nextUp, point.nextDown, point + q * 0x1p-60, point - q * 0x1p-60] where x >= 0 {
                            // Words whose k is at the decision's edge for this x, and two random ones.
                            let edge = UInt64(reference.probabilityAway(x) * Double(sign: .plus, exponent: bits, significand: 1))
                            for k in [edge &- 1, edge, edge &+ 1].map({ $0 & ((1 << UInt64(bits)) - 1) }) {
                                let word = (k << UInt64(64 - bits)) | (generator.next() >> UInt64(bits))
                                check(x, word)
                                check(-x, word)
                            }
                            check(x, generator.next())
                        }
                    }
                }
                let nans: [UInt64] = [0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0000, 0x7FF0_0000_0000_0001, 0x7FFF_FFFF_FFFF_FFFF, 0x7FFF_FC00_0000_0000]
                let specials = [0, .infinity, .greatestFiniteMagnitude, 0x1p600, .leastNonzeroMagnitude, .leastNormalMagnitude]
                    + nans.map { Double(bitPattern: $0) }
                for x in specials {
                    for word in [0, ~0, generator.next()] as [UInt64] {
                        check(x, word)
                        check(-x, word)
                    }
                }
                #expect(failures.isEmpty, "\(format) \(overflow) R=\(bits): \(failures)")
                // The same inputs through the vectorised array loops (from an index that is not
                // the start of a word, so both the lone elements and the shared words run),
                // against the scalar kernel with each element's bits: the array loops are
                // compiled apart from the scalar call.
                let stream = RandomStream(seed: 9)
                let scalars = inputs.indices.map {
                    rounder.round(inputs[$0], randomWord: stream.word(at: UInt64(3 + $0), bits: bits)).bitPattern
                }
                var array = inputs
                array.withUnsafeMutableBufferPointer { rounder.round($0, seed: 9, firstIndex: 3, threads: 1) }
                let differing = zip(array.map(\.bitPattern), scalars).filter { a, b in
                    a != b && !(Double(bitPattern: a).isNaN && Double(bitPattern: b).isNaN)
                }
                #expect(differing.count == 0, "\(format) \(overflow) R=\(bits): array elements differ from the scalar results")
            }
        }
    }
}

extension UInt64 {
    fileprivate var hex: String { "0x" + String(self, radix: 16) }
}
