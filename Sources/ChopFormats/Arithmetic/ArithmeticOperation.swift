/// An arithmetic operation on doubles whose exact result the core rounds once.
///
/// ``exactResult(roundingTowardNegative:)`` is the definition (``ExactResult``, exact integer
/// arithmetic). ``fastResult(_:randomWord:facts:)`` is a shortcut to the same rounding
/// through hardware arithmetic and error-free transformations, taken only where it is
/// provably the same; it returns nil for everything else (special operands, exact zeros,
/// results near binary64's limits, and the rarer cases each operation names).
@usableFromInline
protocol ArithmeticOperation {
    func exactResult(roundingTowardNegative: Bool) -> ExactResult
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double?
}

/// What the operands are known to be, which makes more hardware results exact.
@frozen @usableFromInline
struct OperandFacts: Sendable {
    /// The sum of any two finite values of the format is a double.
    @usableFromInline let sumsAreExact: Bool
    /// The product of any two finite values of the format is a double.
    @usableFromInline let productsAreExact: Bool
    /// Sums, quotients and square roots of values of the format rounded to nearest in
    /// binary64 and then to nearest in the format give the nearest value of the exact result:
    /// `53 ≥ 2p + 2` (Figueroa's theorem on double rounding) and no such result leaves
    /// binary64's normal range.
    @usableFromInline let nearestTwiceIsInnocuous: Bool

    /// Nothing known: any doubles.
    @usableFromInline static let none = OperandFacts(
        sumsAreExact: false, productsAreExact: false, nearestTwiceIsInnocuous: false)

    @inlinable
    init(sumsAreExact: Bool, productsAreExact: Bool, nearestTwiceIsInnocuous: Bool) {
        self.sumsAreExact = sumsAreExact
        self.productsAreExact = productsAreExact
        self.nearestTwiceIsInnocuous = nearestTwiceIsInnocuous
    }

    /// Facts about operands that are values of `format` (or ±∞ or NaN).
    ///
    /// Values are multiples of `2^(emin-p+1)` below `2^(emax+1)`: a sum needs
    /// `emax - emin + p + 1` bits and stays below `2^(emax+2)`; a product has at most `2p`
    /// significant bits, lies below `2^(2·emax+2)` and is a multiple of `2^(2·(emin-p+1))`.
    @usableFromInline
    init(valuesOf format: FloatFormat) {
        let p = format.precision
        let emin = format.minExponent
        let emax = format.maxExponent
        sumsAreExact = emax - emin + p + 1 <= 53 && emax <= 1022
        productsAreExact = 2 * p <= 53 && 2 * emax + 2 <= 1024 && 2 * (emin - p + 1) >= -1074
        // Nonzero quotients of values lie in [2^(emin-p+1) / 2^(emax+1), 2^(emax+1) / 2^(emin-p+1)];
        // sums, products and square roots are inside that range too.
        let spread = (emax + 1) - (emin - p + 1)
        nearestTwiceIsInnocuous = 2 * p + 2 <= 53 && spread <= 1022
    }

    /// Whether the hardware's nearest result may be rounded as if exact under rule `R`.
    @inlinable
    func nearestTwiceIsInnocuous<R: RoundingRule>(_: R.Type) -> Bool {
        nearestTwiceIsInnocuous && (R.self == NearestEvenRule.self || R.self == NearestAwayRule.self)
    }
}

/// Runs an operation with a kernel: the fast path, else the exact result.
@usableFromInline
struct RoundedOperation<Operation: ArithmeticOperation>: KernelVisitor {
    @usableFromInline let operation: Operation
    @usableFromInline let randomWord: UInt64
    @usableFromInline let facts: OperandFacts

    @inlinable
    init(_ operation: Operation, randomWord: UInt64, facts: OperandFacts) {
        self.operation = operation
        self.randomWord = randomWord
        self.facts = facts
    }

    /// Inlined whole, so that a scalar operation reads only the plan's fields it needs; the
    /// exact path stays out of line.
    @inlinable @inline(__always)
    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) -> Double {
        if let result = operation.fastResult(kernel, randomWord: randomWord, facts: facts) { return result }
        return exactPath(kernel)
    }

    @inlinable @inline(never)
    func exactPath<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) -> Double {
        kernel.round(operation.exactResult(roundingTowardNegative: R.self == DownRule.self), randomWord: randomWord)
    }
}

/// Runs an operation with a kernel through the exact result, reporting its exceptions.
@usableFromInline
struct ReportedOperation<Operation: ArithmeticOperation>: KernelVisitor {
    @usableFromInline let operation: Operation
    @usableFromInline let randomWord: UInt64

    @inlinable
    init(_ operation: Operation, randomWord: UInt64) {
        self.operation = operation
        self.randomWord = randomWord
    }

    @inlinable
    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) -> (value: Double, exceptions: ExceptionFlags) {
        kernel.roundReportingExceptions(
            operation.exactResult(roundingTowardNegative: R.self == DownRule.self), randomWord: randomWord)
    }
}

extension RoundingKernel {
    /// Whether `x` (finite) is a value of the format or a midpoint: the only doubles at which
    /// the side of an exact value next to `x` changes a deterministic rounding.
    @inlinable
    func isBoundary(_ x: Double) -> Bool {
        let bracket = Geometry.bracket(x.magnitude, plan)
        return bracket.isExact || bracket.isTie
    }

    /// The exact value `x + δ` rounded in a deterministic mode, where `x = RN(x + δ)` is a
    /// normal double and only whether `δ > 0` (`above`) is known.
    ///
    /// No double lies strictly between `x + δ` and `x`, and every value and midpoint of a
    /// format is a double (or, for p = 53, `x` itself is a value): so unless `x` is a value or
    /// midpoint, `x + δ` rounds as `x` does; otherwise as `x ± ulp(x)/8`, which lies on the
    /// same side of `x` with no boundary in between (`|δ| ≤ ulp(x)/4` below a power of two).
    @inlinable
    func roundNearby(_ x: Double, above: Bool) -> Double {
        guard isBoundary(x) else { return round(x, randomWord: 0) }
        let offset = x.ulp * 0.125
        return round(head: x, tail: above ? offset : -offset, randomWord: 0)
    }
}

/// `a + b`.
@frozen @usableFromInline
struct SumOperation: ArithmeticOperation {
    @usableFromInline let a: Double
    @usableFromInline let b: Double

    @inlinable init(_ a: Double, _ b: Double) { (self.a, self.b) = (a, b) }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult {
        .sum(a, b, roundingTowardNegative: roundingTowardNegative)
    }

    /// The hardware sum (exact for values of small formats), or TwoSum's `s + e`.
    @inlinable @inline(__always)
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? {
        let s = a + b
        // Exact zeros are -0 when rounding toward -∞: the exact path decides.
        if s == 0 && R.self == DownRule.self { return nil }
        if facts.sumsAreExact || facts.nearestTwiceIsInnocuous(R.self) { return kernel.round(s, randomWord: randomWord) }
        guard s.isFinite else { return nil }
        // TwoSum (Knuth): s + e == a + b exactly when s does not overflow.
        let bVirtual = s - a
        let aVirtual = s - bVirtual
        let e = (a - aVirtual) + (b - bVirtual)
        return e == 0 ? kernel.round(s, randomWord: randomWord) : kernel.round(head: s, tail: e, randomWord: randomWord)
    }
}

/// `a × b`.
@frozen @usableFromInline
struct ProductOperation: ArithmeticOperation {
    @usableFromInline let a: Double
    @usableFromInline let b: Double

    @inlinable init(_ a: Double, _ b: Double) { (self.a, self.b) = (a, b) }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult { .product(a, b) }

    /// The hardware product (exact for values of formats with p ≤ 26 and a modest range),
    /// or TwoProduct's `p + e` through a fused multiply-add.
    @inlinable @inline(__always)
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? {
        let p = a * b
        if facts.productsAreExact { return kernel.round(p, randomWord: randomWord) }
        // e = ab - p is a double unless the product is near binary64's underflow.
        guard p.isFinite, p.magnitude >= 0x1p-968 else { return nil }
        let e = (-p).addingProduct(a, b)
        return e == 0 ? kernel.round(p, randomWord: randomWord) : kernel.round(head: p, tail: e, randomWord: randomWord)
    }
}

/// `a / b`.
@frozen @usableFromInline
struct QuotientOperation: ArithmeticOperation {
    @usableFromInline let a: Double
    @usableFromInline let b: Double

    @inlinable init(_ a: Double, _ b: Double) { (self.a, self.b) = (a, b) }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult { .quotient(a, b) }

    /// The hardware quotient `q` and its exact remainder `a - q·b`: an exact quotient rounds
    /// as `q`; otherwise deterministic modes need only the side of `q` the exact value lies
    /// on. Stochastic modes take the exact path (they need the exact fraction).
    @inlinable @inline(__always)
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? {
        let q = a / b
        if q.isFinite && facts.nearestTwiceIsInnocuous(R.self) { return kernel.round(q, randomWord: randomWord) }
        // The remainder is a double unless a or q is near binary64's underflow.
        guard q.isFinite, q.magnitude >= 0x1p-960, a.magnitude >= 0x1p-960, b.isFinite else { return nil }
        let r = a.addingProduct(-q, b)
        if r == 0 { return kernel.round(q, randomWord: randomWord) }
        if R.usesRandomness { return nil }
        // a/b = q + r/b.
        return kernel.roundNearby(q, above: (r > 0) == (b > 0))
    }
}

/// `√a`.
@frozen @usableFromInline
struct SquareRootOperation: ArithmeticOperation {
    @usableFromInline let a: Double

    @inlinable init(_ a: Double) { self.a = a }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult { .squareRoot(a) }

    /// The hardware root `s` and the exact `a - s²`, as for quotients.
    @inlinable @inline(__always)
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? {
        guard a.isFinite, a >= 0x1p-960 else { return nil }
        let s = a.squareRoot()
        if facts.nearestTwiceIsInnocuous(R.self) { return kernel.round(s, randomWord: randomWord) }
        let r = a.addingProduct(-s, s)
        if r == 0 { return kernel.round(s, randomWord: randomWord) }
        if R.usesRandomness { return nil }
        return kernel.roundNearby(s, above: r > 0)
    }
}

/// `a × b + c` with one rounding.
@frozen @usableFromInline
struct FusedMultiplyAddOperation: ArithmeticOperation {
    @usableFromInline let a: Double
    @usableFromInline let b: Double
    @usableFromInline let c: Double

    @inlinable init(_ a: Double, _ b: Double, _ c: Double) { (self.a, self.b, self.c) = (a, b, c) }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult {
        .fusedMultiplyAdd(a, b, c, roundingTowardNegative: roundingTowardNegative)
    }

    /// When the product is a double (always for values of formats with p ≤ 26), the sum's
    /// fast path on `(a·b) + c`.
    @inlinable @inline(__always)
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? {
        guard a.isFinite, b.isFinite, c.isFinite else { return nil }
        let p = a * b
        if p == 0 {
            // A zero product is exact only if an operand is zero (not an underflow).
            guard a == 0 || b == 0 else { return nil }
        } else if !facts.productsAreExact {
            guard p.isFinite, p.magnitude >= 0x1p-968, (-p).addingProduct(a, b) == 0 else { return nil }
        }
        return SumOperation(p, c).fastResult(kernel, randomWord: randomWord, facts: .none)
    }
}

/// IEEE 754's `remainder` (`truncating`: C's `fmod`), exact in binary64 and rounded once
/// (a change only in formats without subnormals).
@frozen @usableFromInline
struct RemainderOperation: ArithmeticOperation {
    @usableFromInline let a: Double
    @usableFromInline let b: Double
    @usableFromInline let truncating: Bool

    @inlinable init(_ a: Double, _ b: Double, truncating: Bool) { (self.a, self.b, self.truncating) = (a, b, truncating) }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult {
        .remainder(a, b, truncating: truncating)
    }

    @inlinable @inline(__always)
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? {
        kernel.round(truncating ? a.truncatingRemainder(dividingBy: b) : a.remainder(dividingBy: b), randomWord: randomWord)
    }
}

/// A double's value rounded: a conversion.
@frozen @usableFromInline
struct ConversionOperation: ArithmeticOperation {
    @usableFromInline let x: Double

    @inlinable init(_ x: Double) { self.x = x }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult { .value(x) }

    @inlinable @inline(__always)
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? {
        kernel.round(x, randomWord: randomWord)
    }
}
