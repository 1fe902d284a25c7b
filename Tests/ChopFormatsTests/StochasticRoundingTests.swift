import ChopFormats
import ChopTestSupport
import Testing

/// A point `x = lo + f·(hi - lo)` between two neighbours, with its expected probability of
/// rounding away from zero.
struct FrequencyPoint: CustomStringConvertible {
    let format: FloatFormat
    let x: Double
    let towardZero: Double
    let away: Double
    let probability: Double
    let place: String
    var description: String { "\(format) \(place) x=\(x) P=\(probability)" }
}

/// f values with at most 10 fractional bits, so every implementation using ≥ 10 random
/// bits has probability exactly f.
let testFractions: [Double] = [1.0 / 1024, 1.0 / 16, 1.0 / 4, 1.0 / 2, 3.0 / 4, 1023.0 / 1024]

/// Frequency points in the normal range (above 1), at a binade edge (below 1), next to the
/// greatest finite value, below the least nonzero value, in the subnormal range and on
/// negative values. The brackets are adjacent values from the reference value list.
func frequencyPoints(_ format: FloatFormat) -> [FrequencyPoint] {
    let values = ReferenceDecoder.finiteValues(of: format).filter { $0 >= 0 }
    func next(_ value: Double) -> Double { values.first { $0 > value }! }
    func previous(_ value: Double) -> Double { values.last { $0 < value }! }
    let max = format.greatestFiniteMagnitude
    let least = format.leastNonzeroMagnitude
    var brackets: [(String, Double, Double)] = [
        ("normal", 1, next(1)),
        ("binade edge", previous(1), 1),
        ("next to max", previous(max), max),
    ]
    if format.hasZero { brackets.append(("below least", 0, least)) }
    if format.hasSubnormals && 2 * least < format.leastNormalMagnitude {
        brackets.append(("subnormal", least, 2 * least))
    }
    if format.isSigned { brackets.append(("negative", -1, -next(1))) }
    return brackets.flatMap { place, low, high in
        testFractions.map { f in
            FrequencyPoint(
                format: format, x: low + f * (high - low), towardZero: low, away: high, probability: f, place: place)
        }
    }
}

let stochasticFormats: [FloatFormat] = [
    .binary16, .bfloat16, .e4m3fn, .e5m2, .e2m1, .e8m0,
    try! FloatFormat(precision: 4, maxExponent: 7, hasSubnormals: false),
]

@Suite("Stochastic rounding")
struct StochasticRoundingTests {
    static let draws = 100_000
    /// Hoeffding with N = 100,000 and a false failure of 5e-12 per point: 0.011557 (for the
    /// tests with a few dozen points).
    static let tolerance = SamplingBounds.hoeffdingTolerance(draws: draws, falseFailure: 5e-12)

    /// Rounds `draws` copies of `x` and counts the results away from zero; every result
    /// must be one of the two neighbours.
    static func countAway(
        _ point: FrequencyPoint, rounder: FloatRounder, seed: UInt64, draws: Int = draws
    ) -> (away: Int, strays: [Double]) {
        let results = rounder.rounded([Double](repeating: point.x, count: draws), seed: seed)
        var away = 0
        var strays: [Double] = []
        for value in results {
            if value == point.away { away += 1 } else if value != point.towardZero, strays.count < 3 { strays.append(value) }
        }
        return (away, strays)
    }

    @Test("frequencies match (x - lo)/(hi - lo) within Hoeffding's bound; aggregate χ² fits")
    func frequencies() throws {
        let points = stochasticFormats.flatMap(frequencyPoints)
        // A false failure below 1e-9 over all points together.
        let tolerance = SamplingBounds.hoeffdingTolerance(draws: Self.draws, falseFailure: 1e-9 / Double(points.count))
        var chiSquared = 0.0
        var degrees = 0
        for (index, point) in points.enumerated() {
            let rounder = try FloatRounder(format: point.format, mode: .stochastic())
            let (away, strays) = Self.countAway(point, rounder: rounder, seed: UInt64(index))
            #expect(strays.isEmpty, "\(point): results \(strays) are not neighbours")
            let frequency = Double(away) / Double(Self.draws)
            #expect(abs(frequency - point.probability) < tolerance, "\(point): frequency \(frequency)")
            let variance = Double(Self.draws) * point.probability * (1 - point.probability)
            if variance >= 50 {
                chiSquared += (Double(away) - Double(Self.draws) * point.probability).squared / variance
                degrees += 1
            }
        }
        // Laurent-Massart: P(X ≥ k + 2√(kt) + 2t) ≤ e^-t; t = 23 gives 1e-10.
        let t = 23.0
        let threshold = Double(degrees) + 2 * (Double(degrees) * t).squareRoot() + 2 * t
        #expect(chiSquared < threshold, "χ² = \(chiSquared) over \(degrees) points, threshold \(threshold)")
        #expect(tolerance < 0.012, "too many points for a useful bound: \(points.count)")
    }

    @Test("consecutive outcomes are independent (2x2 table, Pearson χ² below 39.67)")
    func independence() throws {
        let point = frequencyPoints(.bfloat16).first { $0.probability == 0.5 && $0.place == "normal" }!
        let rounder = try FloatRounder(format: .bfloat16, mode: .stochastic())
        let results = rounder.rounded([Double](repeating: point.x, count: Self.draws + 1), seed: 99)
        var table = [[0.0, 0.0], [0.0, 0.0]]
        for (first, second) in zip(results, results.dropFirst()) {
            table[first == point.away ? 1 : 0][second == point.away ? 1 : 0] += 1
        }
        let total = Double(Self.draws)
        var chiSquared = 0.0
        for row in 0..<2 {
            for column in 0..<2 {
                let expected = (table[row][0] + table[row][1]) * (table[0][column] + table[1][column]) / total
                chiSquared += (table[row][column] - expected).squared / expected
            }
        }
        #expect(chiSquared < 39.67, "χ² = \(chiSquared), table \(table)")
    }

    @Test("representable values never move; NaN stays NaN; finite input never gives NaN", arguments: TestFormats.small)
    func exactValuesStay(_ format: FloatFormat) throws {
        let values = ReferenceDecoder.finiteValues(of: format)
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 3), .stochasticEqual] {
            let rounder = try FloatRounder(format: format, mode: mode, overflow: .saturate)
            for seed in 0..<20 as Range<UInt64> {
                let results = rounder.rounded(values, seed: seed)
                #expect(zip(values, results).allSatisfy { sameValue($0, $1) || ($0 == 0 && $1 == 0) }, "\(format) \(mode)")
            }
            #expect(rounder.round(.nan, randomWord: 12345).isNaN)
            var generator = Xoshiro256(seed: 3)
            for _ in 0..<2_000 {
                let x = Double.random(in: -2 * format.greatestFiniteMagnitude...2 * format.greatestFiniteMagnitude, using: &generator)
                #expect(!rounder.round(x, randomWord: generator.next()).isNaN || (!format.isSigned && x <= 0))
            }
        }
    }

    @Test("every draw is one of the directed results", arguments: TestFormats.small)
    func onlyNeighbours(_ format: FloatFormat) throws {
        let inputs = EdgeInputs(format: format, randomCount: 5_000).all.filter { $0.isFinite }
        let overflow = TestFormats.overflowBehaviors(of: format).first!
        let towardZero = try FloatRounder(format: format, mode: .towardZero, overflow: overflow)
        let away = try FloatRounder(format: format, mode: .awayFromZero, overflow: overflow)
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 2), .stochasticEqual] {
            let rounder = try FloatRounder(format: format, mode: mode, overflow: overflow)
            let results = rounder.rounded(inputs, seed: 5)
            var strays: [String] = []
            for (x, result) in zip(inputs, results) {
                let low = towardZero.round(x)
                // Overflow in stochastic modes goes to "∞" like away-from-zero.
                let high = away.round(x)
                if !sameValue(result, low) && !sameValue(result, high) && strays.count < 5 {
                    strays.append("\(describe(x)) → \(describe(result)) not in {\(low), \(high)}")
                }
            }
            #expect(strays.isEmpty, "\(format) \(mode): \(strays)")
        }
    }

    @Test("limited random bits quantize the probability to floor(f·2^R)/2^R")
    func limitedRandomBits() throws {
        let format = FloatFormat.binary16
        let q = format.ulpOfOne
        // (R, f, expected probability)
        let cases: [(Int, Double, Double)] = [
            (1, 0.75, 0.5), (1, 0.25, 0), (2, 1.0 / 16, 0), (4, 0.3125, 0.3125), (4, 0.3, 0.25),
            (8, 1.0 / 1024, 0), (3, 0.99, 0.875), (10, 1.0 / 1024, 1.0 / 1024),
        ]
        for (bits, f, expected) in cases {
            let rounder = try FloatRounder(format: format, mode: .stochastic(randomBits: bits))
            let point = FrequencyPoint(
                format: format, x: 1 + f * q, towardZero: 1, away: 1 + q, probability: expected, place: "R=\(bits)")
            let (away, strays) = Self.countAway(point, rounder: rounder, seed: UInt64(bits))
            #expect(strays.isEmpty)
            if expected == 0 {
                #expect(away == 0, "R=\(bits) f=\(f): \(away) draws rounded up; must be none")
            } else {
                #expect(abs(Double(away) / Double(Self.draws) - expected) < Self.tolerance, "R=\(bits) f=\(f)")
            }
        }
        // f = 2^-(R+2) never rounds up, for every R (between 0 and the least subnormal).
        for bits in 1...RoundingMode.maxRandomBits {
            let rounder = try FloatRounder(format: .bfloat16, mode: .stochastic(randomBits: bits))
            let x = Double(sign: .plus, exponent: -(bits + 2), significand: 1) * FloatFormat.bfloat16.leastNonzeroMagnitude
            let results = rounder.rounded([Double](repeating: x, count: 4_096), seed: UInt64(bits))
            #expect(results.allSatisfy { $0 == 0 }, "R=\(bits)")
        }
    }

    @Test("exact pairs: a tiny tail decides the quantized probability")
    func pairsWithLimitedBits() throws {
        // With R = 4, f = k/16 exactly has P = k/16; the tail moves f just above or below.
        let format = FloatFormat.bfloat16
        let q = format.ulpOfOne
        let rounder = try FloatRounder(format: format, mode: .stochastic(randomBits: 4))
        for k in [1.0, 4, 8, 15] {
            let head = 1 + k / 16 * q
            for (tail, expected) in [(q * 0x1p-53, k / 16), (-q * 0x1p-53, (k - 1) / 16)] {
                var generator = WyRand(seed: UInt64(k))
                var away = 0
                for _ in 0..<Self.draws where rounder.round(head: head, tail: tail, using: &generator) == 1 + q {
                    away += 1
                }
                let frequency = Double(away) / Double(Self.draws)
                #expect(abs(frequency - expected) < Self.tolerance, "k=\(k) tail=\(tail): \(frequency) vs \(expected)")
            }
        }
    }

    @Test("stochastic-equal picks either neighbour with probability 1/2")
    func equalProbabilities() throws {
        for format in [FloatFormat.binary16, .e4m3fn] {
            let rounder = try FloatRounder(format: format, mode: .stochasticEqual)
            for point in frequencyPoints(format) where point.place != "next to max" {
                let adjusted = FrequencyPoint(
                    format: format, x: point.x, towardZero: point.towardZero, away: point.away, probability: 0.5,
                    place: point.place)
                let (away, strays) = Self.countAway(adjusted, rounder: rounder, seed: 17, draws: 20_000)
                let tolerance = SamplingBounds.hoeffdingTolerance(draws: 20_000, falseFailure: 1e-11)
                #expect(strays.isEmpty)
                #expect(abs(Double(away) / 20_000 - 0.5) < tolerance, "\(adjusted)")
            }
        }
    }

    @Test("the same seed gives the same bits for any thread count and chunking; another seed differs")
    func reproducibility() throws {
        var generator = Xoshiro256(seed: 8)
        let values = (0..<100_003).map { _ in Double.random(in: -1000...1000, using: &generator) }
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 5), .stochasticEqual] {
            let rounder = try FloatRounder(format: .bfloat16, mode: mode)
            let reference = rounder.rounded(values, seed: 42, threads: 1)
            for threads in [2, 7] {
                #expect(rounder.rounded(values, seed: 42, threads: threads) == reference, "\(mode) threads=\(threads)")
            }
            for chunk in [1, 1000, 4096, 33_333] {
                var chunked = values
                chunked.withUnsafeMutableBufferPointer { buffer in
                    var start = 0
                    while start < buffer.count {
                        let end = min(start + chunk, buffer.count)
                        rounder.round(UnsafeMutableBufferPointer(rebasing: buffer[start..<end]), seed: 42, firstIndex: start)
                        start = end
                    }
                }
                #expect(chunked == reference, "\(mode) chunk=\(chunk)")
            }
            // Scalars reproduce the array, element by element: with a fresh WyRand where an
            // element takes a whole word, with the element's bits of the shared word otherwise.
            if RandomStream.elementsPerWord(bits: mode.randomBitsPerElement) == 1 {
                var scalar = WyRand(seed: 42)
                #expect(values.prefix(1000).map { rounder.round($0, using: &scalar) } == Array(reference.prefix(1000)))
            } else {
                let stream = RandomStream(seed: 42)
                let scalars = (0..<1000).map {
                    rounder.round(values[$0], randomWord: stream.word(at: UInt64($0), bits: mode.randomBitsPerElement))
                }
                #expect(scalars == Array(reference.prefix(1000)))
            }
            let other = rounder.rounded(values, seed: 43)
            let differing = zip(other, reference).filter { $0 != $1 }.count
            #expect(differing > 1000, "\(mode): seed 43 differs from seed 42 in only \(differing) elements")
        }
    }

    @Test("stagnation: summing 0.001 a hundred thousand times in bfloat16")
    func stagnation() throws {
        // Round to nearest stalls at 0.5, where 0.001 is below half the spacing; stochastic
        // rounding is unbiased and tracks the true sum 100 (Freedman's inequality puts
        // |error| ≥ 50 far below 1e-9).
        let nearest = try FloatRounder(format: .bfloat16, mode: .toNearestOrEven)
        let stochastic = try FloatRounder(format: .bfloat16, mode: .stochastic())
        var nearestSum = 0.0
        var stochasticSum = 0.0
        var generator = WyRand(seed: 2024)
        for _ in 0..<100_000 {
            nearestSum = nearest.round(head: nearestSum, tail: 0.001)
            stochasticSum = stochastic.round(head: stochasticSum, tail: 0.001, using: &generator)
        }
        #expect(nearestSum == 0.5)
        #expect(abs(stochasticSum - 100) < 50, "stochastic sum \(stochasticSum)")
    }
}

extension Double {
    var squared: Double { self * self }
}
