import ChopFormats

/// The block FMA's groups across a whole row of outputs at once (SIMD lanes of independent
/// dot products), in binary64 arithmetic, for the models whose aligned sums fit binary64:
/// alignment with at most 21 extra bits, no sticky bit, the addend aligned with the products.
///
/// Why it is the model (``BlockFMA``'s steps, per output):
/// - A product `a·b` of inputs of at most 12 bits is an exact double. With `Pa = 2^ea` and
///   `Pb = 2^eb` (each input's exponent, at least the input format's emin), the model's
///   product exponent is `Pa·Pb`, its significand product `|a·b| / (Pa·Pb)`, and that reaches 2
///   exactly when `|a·b| ≥ 2·Pa·Pb`: then the term's exponent is `2·Pa·Pb`.
/// - The largest product exponent `PE` and the largest term exponent `PT` over the nonzero
///   products: the largest product (by exponent, then magnitude) reached 2 exactly when
///   `PT = 2·PE`. The addend's exponent is `Pc = max(2^exponent(c), 2^-126)`. Then the
///   register widens by one bit when `PT = 2·PE` and `PE ≥ Pc`, the largest exponent is
///   `L = max(PT, Pc)`, and a unit of the aligned register is `U = L·2^-(23 + bits)`.
/// - Each term's aligned magnitude is `⌊|t|/U⌋` units (truncation; `|t|/U` is exact, a power
///   of two apart), found as `(q + 2^52) - 2^52` less one where that rounded up. Every term is
///   below `2^(25 + bits)` units, so 33 of them and their sum are integers below `2^53`: the
///   binary64 sum is exact, and so is its value `S·U`.
/// - The group's result is that value finished as the model says (zero is +0, `2^(emax+1)`
///   and beyond is infinity, then the group format's rounding and the subnormal flush), and it
///   is the next group's addend. An infinite running value stays what it is (an infinite
///   addend gives that infinity).
extension BlockFMA.Prepared {
    /// Whether ``multiplyRow(_:_:powers:k:n:addends:into:)`` computes this model.
    var alignsInBinary64: Bool {
        guard let extraBits = model.extraBits else { return false }
        return extraBits <= 21 && !model.stickyBit && model.addend == .early
    }

    /// `2^max(exponent(x), emin)` for an input `x`: its exponent as the unit reads it, as a
    /// power of two.
    @inline(__always)
    func exponentPower(_ x: Double) -> Double {
        max(Double(bitPattern: x.bitPattern & 0x7FF0_0000_0000_0000), Self.powerOfTwo(inputMinExponent))
    }

    /// One row of `D = A·B + C`: `row` holds `k` inputs and `b` the `k×n` inputs (row-major),
    /// `powers` their ``exponentPower(_:)``; inputs are values of the input format (subnormals
    /// already zero where the model flushes them), `addends` the row of C; all finite.
    func multiplyRow(
        _ row: UnsafePointer<Double>, _ b: UnsafePointer<Double>, powers: UnsafePointer<Double>, k: Int, n: Int,
        addends: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>
    ) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 5 * n) { buffer in
            let lanes = Lanes(base: buffer.baseAddress!, n: n)
            guard let every = model.promoteEvery else {
                out.update(from: addends, count: n)
                chain(row, b, powers, 0..<k, n: n, running: out, lanes)
                return
            }
            let accumulator = lanes.promoted
            accumulator.update(from: addends, count: n)
            for start in stride(from: 0, to: k, by: every) {
                out.update(repeating: 0, count: n)
                chain(row, b, powers, start..<min(start + every, k), n: n, running: out, lanes)
                for j in 0..<n { accumulator[j] = promoted.sum(accumulator[j], out[j]) }
            }
            for j in 0..<n { out[j] = output.round(accumulator[j]) }
        }
    }

    /// Working rows of `n` values: the largest product and term exponents, the unit and its
    /// reciprocal, and the promoted accumulator.
    struct Lanes {
        let base: UnsafeMutablePointer<Double>
        let n: Int
        var productExponent: UnsafeMutablePointer<Double> { base }
        var termExponent: UnsafeMutablePointer<Double> { base + n }
        var unit: UnsafeMutablePointer<Double> { base + 2 * n }
        var inverseUnit: UnsafeMutablePointer<Double> { base + 3 * n }
        var promoted: UnsafeMutablePointer<Double> { base + 4 * n }
    }

    /// The groups over `range` in order, `running` holding each lane's addend and then result.
    private func chain(
        _ row: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ powers: UnsafePointer<Double>, _ range: Range<Int>, n: Int,
        running: UnsafeMutablePointer<Double>, _ lanes: Lanes
    ) {
        let extraBits = model.extraBits!
        let unitScale = Self.powerOfTwo(-23 - extraBits)
        let addendFloor = Self.powerOfTwo(-126)
        let (pe, pt, unit, inverse) = (lanes.productExponent, lanes.termExponent, lanes.unit, lanes.inverseUnit)
        for start in stride(from: range.lowerBound, to: range.upperBound, by: model.groupSize) {
            let end = min(start + model.groupSize, range.upperBound)
            pe.update(repeating: 0, count: n)
            pt.update(repeating: 0, count: n)
            for t in start..<end {
                let x = row[t]
                let xPower = exponentPower(x)
                let (terms, termPowers) = (b + t * n, powers + t * n)
                for j in 0..<n {
                    let p = x * terms[j]
                    let exponent = xPower * termPowers[j]
                    let term = p.magnitude >= 2 * exponent ? 2 * exponent : exponent
                    // Written as selects of nonnegative values, which vectorise to a mask and
                    // a maximum (`max` would keep its NaN rule).
                    let (e, s) = p != 0 ? (exponent, term) : (0, 0)
                    pe[j] = pe[j] > e ? pe[j] : e
                    pt[j] = pt[j] > s ? pt[j] : s
                }
            }
            // The unit per lane, and the addend aligned first.
            for j in 0..<n {
                let c = running[j]
                let addendExponent = c == 0 ? 0 : max(Double(bitPattern: c.bitPattern & 0x7FF0_0000_0000_0000), addendFloor)
                let widened = pe[j] > 0 && pt[j] == 2 * pe[j] && pe[j] >= addendExponent
                let largest = max(pt[j], addendExponent)
                let u = largest * unitScale * (widened ? 0.5 : 1)
                unit[j] = u
                inverse[j] = largest > 0 ? 1 / u : 0
                pt[j] = Self.alignedUnits(c, inverse[j])  // the running sum, in units, from here on
            }
            let sum = pt
            for t in start..<end {
                let x = row[t]
                let terms = b + t * n
                for j in 0..<n { sum[j] += Self.alignedUnits(x * terms[j], inverse[j]) }
            }
            finish(sum, unit, into: running, n: n)
        }
    }

    /// The group results `sum[j]·unit[j]` finished as ``finish(_:)`` does (its two steps around
    /// one array rounding), lanes whose running value is infinite left alone.
    private func finish(_ sum: UnsafePointer<Double>, _ unit: UnsafePointer<Double>, into running: UnsafeMutablePointer<Double>, n: Int) {
        for j in 0..<n where running[j].isFinite { running[j] = unrounded(sum[j] * unit[j]) }
        groupRounder.round(UnsafeMutableBufferPointer(start: running, count: n), threads: 1)
        guard !model.outputSubnormals else { return }
        for j in 0..<n { running[j] = flushed(running[j]) }
    }

    /// `±⌊|t|/U⌋` for a term `t` and `1/U` (0 when the group has no term): `|t|/U` is below
    /// 2^52, so adding and subtracting 2^52 rounds it to an integer, one too many where it
    /// rounded up.
    @inline(__always)
    static func alignedUnits(_ t: Double, _ inverseUnit: Double) -> Double {
        let q = t.magnitude * inverseUnit
        let nearest = (q + 0x1p52) - 0x1p52
        let units = nearest - (nearest > q ? 1 : 0)
        return t < 0 ? -units : units
    }
}
