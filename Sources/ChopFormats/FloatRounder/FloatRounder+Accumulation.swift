/// Rounded accumulation across independent sums: `result[j] = ∘(sums[j] + x·terms[j])`, the
/// step of a matrix product's inner loop with every add rounded, vectorised across `j`.
///
/// Why it is exact. Each product `x·terms[j]` is an exact double (the caller's precondition),
/// so TwoSum turns `sums[j] + x·terms[j]` into `head + tail` exactly. Rounding that pair to
/// odd in binary64 (`head`, or its neighbour toward `tail` when `head`'s last bit is even and
/// `tail ≠ 0`) and then rounding the result to the format gives the exact sum rounded once,
/// for every deterministic mode, when `p ≤ 51` (Boldo and Melquiond, "Emulation of FMA and
/// correctly rounded sums: proved algorithms using rounding to odd", 2008: 53 ≥ p + 2 bits).
/// The argument: a value or midpoint of the format, or any boundary of a directed mode, is an
/// even multiple of binary64's ulp there, and round-to-odd never lands on one or crosses one.
/// Stochastic rounding with R random bits compares with thresholds that are multiples of
/// `2^-R` quanta, even multiples of that ulp when `R ≤ 52 - p`: the same argument holds.
/// With more random bits, a block holding one of the rare sums that are not exact doubles
/// (`tail ≠ 0`) is done again by the core's exact sum (``sum(_:_:randomWord:)``), so the
/// loop rounds the head itself, which is then the exact sum, without the step to odd.
/// Stochastic-equal rounding only needs the bracket, which round-to-odd keeps.
///
/// An exact zero sum takes IEEE 754's sign for the mode: the hardware adds to nearest, where
/// `x + (-x)` is +0; down computes `-((-s) + (-p))` instead, which is -0 unless both are +0.
extension FloatRounder {
    /// Whether ``accumulate(into:adding:times:count:randomWords:)`` applies to this format:
    /// `p ≤ 51`, and a range whose values and sums with products of inputs of exponent within
    /// ±400 stay normal, finite doubles (`emin - p ≥ -900`, `emax ≤ 1000`).
    public var accumulatesExactly: Bool {
        format.precision <= 51 && format.minExponent - format.precision >= -900 && format.maxExponent <= 1000
    }

    /// The zero `z` with `z + p == p` for every `p` in this mode: -0, or +0 in mode down
    /// (where `-0 + +0` is -0).
    public var accumulationStart: Double { mode == .down ? 0 : -0.0 }

    /// `sums[j] = ∘(sums[j] + x·terms[j])` for `j` in `0..<count`, each sum rounded once in
    /// this rounder's mode with `randomWords[j]` (nil: deterministic modes).
    ///
    /// Start a reduction from ``accumulationStart`` (so that the first step is `∘(p)`, a -0
    /// product included).
    ///
    /// - Precondition: ``accumulatesExactly``; every `x·terms[j]` is an exact double with an
    ///   exponent within ±800 (inputs of at most 26 significant bits and exponents within
    ///   ±400); every `sums[j]` is a value of the format, ±∞ or NaN; `randomWords` is given
    ///   in stochastic modes.
    public func accumulate(
        into sums: UnsafeMutablePointer<Double>, adding x: Double, times terms: UnsafePointer<Double>, count: Int,
        randomWords: UnsafePointer<UInt64>?
    ) {
        guard case .stochastic(let bits) = mode, bits > 52 - format.precision else {
            _ = withKernel(AccumulationVisitor(
                sums: sums, x: x, terms: terms, count: count, randomWords: randomWords, result: sums, roundsHead: false))
            return
        }
        // Too many random bits for round-to-odd: a block with a sum that was not an exact
        // double is done again by the core's exact sum, so the loop keeps the old sums.
        let block = 256
        withUnsafeTemporaryAllocation(of: Double.self, capacity: block) { old in
            for start in stride(from: 0, to: count, by: block) {
                let length = min(block, count - start)
                let previous = old.baseAddress!
                previous.update(from: sums + start, count: length)
                let inexact = withKernel(AccumulationVisitor(
                    sums: previous, x: x, terms: terms + start, count: length, randomWords: randomWords! + start,
                    result: sums + start, roundsHead: true))
                guard inexact else { continue }
                for j in 0..<length {
                    sums[start + j] = sum(previous[j], x * terms[start + j], randomWord: randomWords![start + j])
                }
            }
        }
    }
}

/// The loop of ``FloatRounder/accumulate(into:adding:times:count:randomWords:)`` with the
/// kernel inlined; returns whether any sum was not an exact double. Branch-free, so that it
/// vectorises (`result` is `sums`, or does not overlap it).
struct AccumulationVisitor: KernelVisitor {
    let sums: UnsafePointer<Double>
    let x: Double
    let terms: UnsafePointer<Double>
    let count: Int
    let randomWords: UnsafePointer<UInt64>?
    let result: UnsafeMutablePointer<Double>
    /// Whether the caller does every block with an inexact sum again, so that the loop may
    /// round the head (the exact sum wherever the block is kept) instead of its step to odd.
    let roundsHead: Bool

    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) -> Bool {
        // In place, the loop reads and writes through one pointer: the compiler cannot rule
        // out overlap between two equal pointers, and would not vectorise.
        let inPlace = UnsafePointer(result) == sums
        // Only proportional stochastic rounding with too many bits for the step to odd is
        // done again (the static test keeps the other rules' loops as they are).
        if R.self == StochasticRule.self && roundsHead, let words = randomWords {
            return inPlace
                ? run(kernel, inPlace: true, roundsHead: true) { words[$0] }
                : run(kernel, roundsHead: true) { words[$0] }
        }
        switch (randomWords, inPlace) {
        case (let words?, true): return run(kernel, inPlace: true) { words[$0] }
        case (let words?, false): return run(kernel) { words[$0] }
        case (nil, true): return run(kernel, inPlace: true) { _ in 0 }
        case (nil, false): return run(kernel) { _ in 0 }
        }
    }

    @inline(__always)
    private func run<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, inPlace: Bool = false, roundsHead: Bool = false, _ word: (Int) -> UInt64
    ) -> Bool {
        let down = R.self == DownRule.self
        var inexact: UInt64 = 0
        for j in 0..<count {
            let s = inPlace ? result[j] : sums[j]
            let p = x * terms[j]
            let head = down ? -((-s) + (-p)) : s + p
            // TwoSum: head + tail == s + p exactly (NaN for an infinite head).
            let pPart = head - s
            let tail = (s - (head - pPart)) + (p - pPart)
            // Round to odd: where the tail is nonzero, an even head steps one ulp toward the
            // tail and an odd head stays. In the bit pattern: take 1 off where the tail points
            // toward zero (its sign differs from the head's), then set the last bit. An odd
            // `b` gives `(b - 1) | 1 = b` and `b | 1 = b`; an even one `b - 1` and `b + 1`.
            // "Toward zero" is one comparison: the tail with the head's sign flipped into it is
            // negative (a zero tail never is). A nonzero tail is a multiple of 2^-900 (the
            // precondition), so at least 2^-1022: compared with that, rather than with 0,
            // SSE2 needs one comparison, not two. An infinite or NaN head has a NaN tail,
            // which both ordered comparisons leave alone.
            let bits = head.bitPattern
            let towardZero: UInt64 = Double(bitPattern: tail.bitPattern ^ (bits & (1 << 63))) < 0 ? ~0 : 0
            let inexactMask: UInt64 = tail.magnitude >= 0x1p-1022 ? ~0 : 0
            let odd = Double(bitPattern: (bits &+ towardZero) | (inexactMask & 1))
            inexact |= inexactMask
            result[j] = kernel.round(roundsHead ? head : odd, randomWord: word(j))
        }
        return inexact != 0
    }
}
