import ChopBlocks
import ChopFormats

/// An independent, slow reference for block quantization (the Contracts article (Block and integer formats)), written from the
/// contract with exact comparisons only: blocks found from multi-indices, the shared exponent
/// by comparing with powers of two, scales and elements by comparing the value with candidate
/// products `m·D` (exact: few-bit candidates times few-bit divisors), never by dividing.
public enum BlockReference {
    /// The dequantized values of `values` (row-major `shape`) quantized along `axis` in a
    /// deterministic `mode`.
    public static func quantize(
        _ values: [Double], shape: [Int], axis: Int, format: BlockFormat, mode: RoundingMode, tensorAmax: Double? = nil
    ) -> [Double] {
        // A block: the multi-index with its axis coordinate divided by the block size.
        let blocks = MultiIndexGroups.group(count: values.count, shape: shape) { index in
            var key = index
            key[axis] /= format.blockSize
            return key
        }
        let elementMax = format.element.greatestMagnitude
        var tensorScale = 1.0
        if format.hasTensorScale {
            let amax = tensorAmax ?? values.filter(\.isFinite).map(\.magnitude).max() ?? 0
            tensorScale = nearestBinary32(amax, over: format.scale.format.greatestFiniteMagnitude * elementMax)
        }
        var elementMagnitudes: [Double] = []
        if case .float(let element) = format.element { elementMagnitudes = BruteForceRounder(format: element).magnitudes }
        let scaleMagnitudes = format.scale == .e8m0 ? [] : BruteForceRounder(format: format.scale.format).magnitudes
        var result = [Double](repeating: 0, count: values.count)
        for members in blocks {
            if members.contains(where: { !values[$0].isFinite }) {
                for i in members { result[i] = .nan }
                continue
            }
            let amax = members.map { values[$0].magnitude }.max()!
            let divisor: Double
            if format.scale == .e8m0 {
                var shared = -127
                if amax > 0 {
                    var e = -1100
                    while Double(sign: .plus, exponent: e + 1, significand: 1) <= amax { e += 1 }
                    shared = min(max(e - format.element.maxExponent, -127), 127)
                }
                divisor = Double(sign: .plus, exponent: shared, significand: 1)
            } else {
                let scale = roundQuotient(amax, by: elementMax * tensorScale, candidates: scaleMagnitudes, mode: .toNearestOrEven)
                divisor = scale * tensorScale
            }
            for i in members {
                let v = values[i]
                switch format.element {
                case .float(let element):
                    if divisor == 0 {
                        result[i] = v.sign == .minus && element.hasNegativeZero ? -0.0 : 0
                        continue
                    }
                    let q = roundQuotient(v, by: divisor, candidates: elementMagnitudes, mode: mode)
                    result[i] = (q == 0 && !element.hasNegativeZero ? 0 : q) * divisor
                case .integer8(let symmetric):
                    let integers = (0...255).map(Double.init)
                    let k = roundQuotient(v, by: divisor / 64, candidates: integers, mode: mode)
                    let clamped = min(max(k, symmetric ? -127 : -128), 127)
                    result[i] = clamped == 0 ? 0 : clamped * divisor / 64
                }
            }
        }
        return result
    }

    /// `v / d` rounded to the nonnegative `candidates` (ascending, 0 first) in a deterministic
    /// mode, saturating at the last; the sign is `v`'s. Decided by exact products `m·d`.
    public static func roundQuotient(_ v: Double, by d: Double, candidates: [Double], mode: RoundingMode) -> Double {
        let a = v.magnitude
        let negative = v.sign == .minus
        var low = 0
        while low + 1 < candidates.count && candidates[low + 1] * d <= a { low += 1 }
        let lo = candidates[low]
        let magnitude: Double
        if lo * d == a || low + 1 == candidates.count {
            magnitude = lo
        } else {
            let hi = candidates[low + 1]
            let midpoint = (lo + hi) / 2 * d
            switch mode {
            case .toNearestOrEven: magnitude = a < midpoint ? lo : a > midpoint ? hi : (low % 2 == 0 ? lo : hi)
            case .toNearestOrAwayFromZero: magnitude = a < midpoint ? lo : hi
            case .towardZero: magnitude = lo
            case .awayFromZero: magnitude = hi
            case .up: magnitude = negative ? lo : hi
            case .down: magnitude = negative ? hi : lo
            case .toOdd: magnitude = low % 2 == 1 ? lo : hi
            case .stochastic, .stochasticEqual: preconditionFailure("deterministic modes only")
            }
        }
        return negative ? -magnitude : magnitude
    }

    /// `a / b` rounded to nearest-even binary32, decided by exact comparisons.
    static func nearestBinary32(_ a: Double, over b: Double) -> Double {
        let guess = Float(a / b)
        var best = Double(guess)
        for candidate in [guess.nextDown, guess, guess.nextUp] where candidate >= 0 {
            let c = Double(candidate)
            // Nearer when |a - c·b| is smaller: compare against the midpoints exactly.
            if c == best { continue }
            let midpoint = (c + best) / 2 * b
            let cIsBelow = c < best
            let aIsOnCsSide = cIsBelow ? a < midpoint : a > midpoint
            let tieToC = a == midpoint && candidate.significandBitPattern & 1 == 0
            if aIsOnCsSide || tieToC { best = c }
        }
        return best
    }
}
