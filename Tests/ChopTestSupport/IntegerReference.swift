import ChopBlocks
import ChopFormats

/// An independent reference for integer quantization (the Contracts article (Block and integer formats)): groups from
/// multi-indices, and `v / s` rounded to an integer by exact comparisons of `v` with `m·s`
/// (the product as an exact pair from a fused multiply-add), never by dividing.
public enum IntegerReference {
    /// The sign of `v - m·s`, exactly.
    public static func compare(_ v: Double, _ m: Double, _ s: Double) -> Int {
        let p = m * s
        let e = (-p).addingProduct(m, s)  // m·s = p + e exactly
        // Within a factor of two of p, v - p is exact (Sterbenz); elsewhere it dwarfs e.
        let d = v - p
        if d > e { return 1 }
        if d < e { return -1 }
        return 0
    }

    /// `v / s` (s > 0) rounded to an integer in a deterministic mode.
    public static func roundQuotient(_ v: Double, _ s: Double, _ mode: RoundingMode) -> Double {
        var k = (v / s).rounded(.down)
        while compare(v, k, s) < 0 { k -= 1 }
        while compare(v, k + 1, s) >= 0 { k += 1 }  // now k·s ≤ v < (k+1)·s
        if compare(v, k, s) == 0 { return k }
        let twiceAbove = compare(2 * v, 2 * k + 1, s)  // v against (k + 1/2)·s
        let negative = v < 0
        switch mode {
        case .toNearestOrEven:
            return twiceAbove < 0 ? k : twiceAbove > 0 ? k + 1 : (k.truncatingRemainder(dividingBy: 2) == 0 ? k : k + 1)
        case .toNearestOrAwayFromZero: return twiceAbove < 0 ? k : twiceAbove > 0 ? k + 1 : (negative ? k : k + 1)
        case .towardZero: return negative ? k + 1 : k
        case .awayFromZero: return negative ? k : k + 1
        case .up: return k + 1
        case .down: return k
        case .toOdd: return k.truncatingRemainder(dividingBy: 2) != 0 ? k : k + 1
        case .stochastic, .stochasticEqual: preconditionFailure("deterministic modes only")
        }
    }

    /// The dequantized values of `values` (row-major `shape`) under `format` and `granularity`.
    public static func quantize(
        _ values: [Double], shape: [Int], format: IntegerFormat, granularity: Granularity, mode: RoundingMode
    ) -> [Double] {
        let groups = MultiIndexGroups.group(count: values.count, shape: shape) { index in
            switch granularity {
            case .tensor: []
            case .channel(let axis): [index[axis]]
            case .block(let size, let axis): index.enumerated().map { $0.offset == axis ? $0.element / size : $0.element }
            }
        }
        var result = [Double](repeating: 0, count: values.count)
        let range = format.codeRange
        let (low, high) = (Double(range.lowerBound), Double(range.upperBound))
        for members in groups {
            let finite = members.map { values[$0] }.filter(\.isFinite)
            let lo = min(finite.min() ?? 0, 0)
            let hi = max(finite.max() ?? 0, 0)
            var scale: Double
            var zeroPoint = 0.0
            switch format {
            case .symmetric: scale = max(-lo, hi) / high
            case .asymmetric:
                scale = (hi - lo) / high
                if scale > 0 { zeroPoint = min(max(roundQuotient(-lo, scale, .toNearestOrEven), 0), high) }
            case .fixed(_, let f): scale = Double(sign: .plus, exponent: -f, significand: 1)
            }
            for i in members {
                let v = values[i]
                if v.isNaN { result[i] = .nan; continue }
                if scale == 0 { result[i] = 0; continue }
                let k = v.isInfinite ? v : roundQuotient(v, scale, mode)
                let code = min(max(k + zeroPoint, low), high)
                result[i] = (code - zeroPoint) * scale
            }
        }
        return result
    }
}
