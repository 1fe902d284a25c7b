import ChopFormats

/// The hardware loop for the common case of ``MatrixMultiplication``: sequential, exact
/// products, an accumulator rounding to nearest-even, and inputs for which that loop is
/// provably the model.
///
/// Why it is exact: every input is finite with at most `p/2` significant bits (`p` the
/// accumulator's precision) and a binary exponent within ±400, so each product is an exact
/// double of at most `p` bits, far from binary64's limits; the running sum is a value of the
/// accumulator; binary64's nearest sum of two `p`-bit numbers rounded to nearest in `p` bits
/// is their exact sum rounded once when `2p + 2 ≤ 53` (Figueroa's double-rounding theorem;
/// sums far apart in magnitude are decided by the larger term alone). The first product is
/// rounded on its own, as the model's `s₁ = ∘(t₁)` says (which keeps a -0 product's sign).
struct FastAccumulation: Sendable {
    let accumulator: FloatRounder
    /// binary32 to nearest-even with IEEE overflow: the processor's own conversion.
    let isBinary32: Bool

    /// The fast loop for `model` on these inputs, or nil if it is not provably exact.
    init?(_ model: MatrixMultiplication, _ a: [Double], _ b: [Double]) {
        guard model.faults == nil, case .sequential = model.order, case .exact = model.products,
            let accumulator = model.accumulator as? FloatRounder,
            accumulator.mode == .toNearestOrEven, 2 * accumulator.format.precision + 2 <= 53
        else { return nil }
        let maxBits = accumulator.format.precision / 2
        guard Self.fit(a, maxBits), Self.fit(b, maxBits) else { return nil }
        self.accumulator = accumulator
        isBinary32 = accumulator.format == .binary32 && accumulator.overflow == .infinity
    }

    /// Whether every value is finite, with at most `maxBits` significant bits and an
    /// exponent within ±400 (zeros fit).
    static func fit(_ values: [Double], _ maxBits: Int) -> Bool {
        for x in values where x != 0 {
            guard x.isFinite, x.exponent >= -400, x.exponent <= 400 else { return false }
            let significand = x.significandBitPattern | 1 << 52  // normal: exponent ≥ -400
            if 53 - significand.trailingZeroBitCount > maxBits { return false }
        }
        return true
    }

    /// One row of the product (`k > 0`): `out[j] = Σₜ row[t]·columns[j·k + t]`.
    func multiplyRow(_ row: UnsafePointer<Double>, _ columns: UnsafePointer<Double>, k: Int, n: Int, into out: UnsafeMutablePointer<Double>) {
        if isBinary32 {
            Self.multiplyRow(row, columns, k: k, n: n, into: out, Binary32Nearest())
        } else {
            Self.multiplyRow(row, columns, k: k, n: n, into: out, FormatNearest(rounder: accumulator))
        }
    }

    /// Four columns at a time (four independent sums hide the add-and-round latency).
    @inline(__always)
    static func multiplyRow<R: NearestRounding>(
        _ row: UnsafePointer<Double>, _ columns: UnsafePointer<Double>, k: Int, n: Int,
        into out: UnsafeMutablePointer<Double>, _ round: R
    ) {
        var j = 0
        while j + 4 <= n {
            let c0 = columns + j * k, c1 = c0 + k, c2 = c1 + k, c3 = c2 + k
            let a0 = row[0]
            var s0 = round(a0 * c0[0]), s1 = round(a0 * c1[0]), s2 = round(a0 * c2[0]), s3 = round(a0 * c3[0])
            var t = 1
            while t < k {
                let x = row[t]
                s0 = round(s0 + x * c0[t])
                s1 = round(s1 + x * c1[t])
                s2 = round(s2 + x * c2[t])
                s3 = round(s3 + x * c3[t])
                t += 1
            }
            out[j] = s0
            out[j + 1] = s1
            out[j + 2] = s2
            out[j + 3] = s3
            j += 4
        }
        while j < n {
            let c = columns + j * k
            var s = round(row[0] * c[0])
            for t in 1..<k { s = round(s + row[t] * c[t]) }
            out[j] = s
            j += 1
        }
    }
}

/// A rounding to nearest of a double.
protocol NearestRounding {
    func callAsFunction(_ x: Double) -> Double
}

/// binary32, nearest-even, through the processor's conversion.
struct Binary32Nearest: NearestRounding {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { Double(Float(x)) }
}

/// Any format, nearest-even, through the rounding core.
struct FormatNearest: NearestRounding {
    let rounder: FloatRounder
    @inline(__always) func callAsFunction(_ x: Double) -> Double { rounder.round(x) }
}
