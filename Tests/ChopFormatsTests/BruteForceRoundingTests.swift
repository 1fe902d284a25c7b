import ChopFormats
import ChopTestSupport
import Testing

/// Every format of at most 8 bits, every deterministic mode and overflow behaviour, against
/// the brute-force reference: all values, all midpoints and the doubles one ulp either
/// side, the overflow and underflow edges, specials and random doubles.
@Suite("Rounding against the brute-force reference")
struct BruteForceRoundingTests {
    @Test("small formats, every deterministic mode and overflow behaviour", arguments: TestFormats.small)
    func smallFormats(_ format: FloatFormat) throws {
        let reference = BruteForceRounder(format: format)
        let inputs = EdgeInputs(format: format, randomCount: 20_000).all
        var failures: [String] = []
        var checked = 0
        for overflow in TestFormats.overflowBehaviors(of: format) {
            for mode in RoundingMode.deterministicModes {
                let rounder = try FloatRounder(format: format, mode: mode, overflow: overflow)
                for x in inputs {
                    let expected = reference.round(x, mode, overflow: overflow)
                    let actual = rounder.round(x)
                    checked += 1
                    if !sameValue(actual, expected), failures.count < 12 {
                        failures.append("\(mode) \(overflow) \(describe(x)) → \(describe(actual)), expected \(describe(expected))")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(format): \(failures.joined(separator: "\n"))")
        #expect(checked > 100_000)
    }

    @Test("exact pairs head + tail round as their exact sum", arguments: TestFormats.small)
    func exactPairs(_ format: FloatFormat) throws {
        // Pairs straddling every midpoint and value by a tiny tail: the tail decides ties.
        let reference = BruteForceRounder(format: format)
        var generator = Xoshiro256(seed: 11)
        var pairs: [(Double, Double)] = []
        let values = reference.magnitudes + [reference.beyondMax]
        for (low, high) in zip(values, values.dropFirst()) {
            for point in [low, (low + high) / 2, high] where point > 0 {
                for tail in [point.ulp / 2, point.ulp / 4, point.ulp * 0x1p-40, -point.ulp / 4, -point.ulp * 0x1p-40] {
                    pairs.append((point, tail))
                    pairs.append((-point, -tail))
                }
            }
        }
        for _ in 0..<5_000 {
            let head = Double.random(in: -2 * reference.beyondMax...2 * reference.beyondMax, using: &generator)
            pairs.append((head, head.ulp * Double.random(in: -0.5...0.5, using: &generator)))
        }
        var failures: [String] = []
        for overflow in TestFormats.overflowBehaviors(of: format) {
            for mode in RoundingMode.deterministicModes {
                let rounder = try FloatRounder(format: format, mode: mode, overflow: overflow)
                for (head, tail) in pairs {
                    // The exact sum is decided by the brute-force reference on whichever double
                    // lies on the same side of every format value: head itself, moved one ulp
                    // toward the tail when the tail is not zero (the format's values are far
                    // coarser than a binary64 ulp, so no value lies in between).
                    let stand = tail == 0 ? head : tail > 0 ? head.nextUp : head.nextDown
                    let expected = reference.round(stand, mode, overflow: overflow)
                    let actual = rounder.round(head: head, tail: tail)
                    if !sameValue(actual, expected), failures.count < 12 {
                        failures.append("\(mode) \(overflow) \(head) + \(tail) → \(describe(actual)), expected \(describe(expected))")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(format): \(failures.joined(separator: "\n"))")
    }
}
