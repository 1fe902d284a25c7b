/// Rounds values to one ``FloatFormat`` in one ``RoundingMode`` with one
/// ``OverflowBehavior``: the prepared form of the rounding core, for scalars and arrays.
///
/// ```swift
/// let rounder = try FloatRounder(format: .bfloat16, mode: .stochastic())
/// var generator = WyRand(seed: 7)
/// rounder.round(0.1, using: &generator)       // 0.10009765625 or 0.099609375
/// rounder.round(&weights, seed: 7)            // every element, reproducibly
/// ```
///
/// Every result is the exact input rounded once: the core works on the input's bits
/// (never through `Float` or `Float16`), and ``round(head:tail:randomWord:)`` rounds an
/// exact unevaluated sum such as an error-free product.
///
/// Edge cases: NaN gives NaN; infinities and overflow follow ``OverflowBehavior``; zero
/// results keep the input's sign where the format has -0 (`fnuz` and P3109 formats give
/// +0); E8M0 has no zero and no sign, so 0 and negative inputs give NaN and tiny positive
/// ones round to its least value 2^-127; formats without NaN (FP6, FP4) still return NaN for
/// a NaN input at the value level (only encoding it is an error).
@frozen
public struct FloatRounder: Sendable {
    public let format: FloatFormat
    public let mode: RoundingMode
    public let overflow: OverflowBehavior
    @usableFromInline let plan: RoundingPlan

    /// Prepares rounding to `format` in `mode`, with `overflow` (default: the format's
    /// ``FloatFormat/defaultOverflow``).
    ///
    /// - Throws: ``FormatError/unsupportedOverflow(format:behavior:)`` for `infinity` on a
    ///   format without infinity or `nan` on one without NaN, and
    ///   ``FormatError/invalidRoundingMode(_:)`` for stochastic rounding with random bits
    ///   outside 1...52.
    public init(
        format: FloatFormat, mode: RoundingMode = .toNearestOrEven, overflow: OverflowBehavior? = nil
    ) throws(FormatError) {
        let overflow = overflow ?? format.defaultOverflow
        if !format.supports(overflow) {
            throw .unsupportedOverflow(format: format.name, behavior: overflow)
        }
        try mode.validate()
        self.format = format
        self.mode = mode
        self.overflow = overflow
        self.plan = RoundingPlan(format: format, mode: mode, overflow: overflow)
    }

    /// `x` rounded. Stochastic modes use the top bits of `randomWord` (the top R for
    /// ``RoundingMode/stochastic(randomBits:)``, the top one for
    /// ``RoundingMode/stochasticEqual``); deterministic modes ignore it.
    @inlinable
    public func round(_ x: Double, randomWord: UInt64 = 0) -> Double {
        withKernel(ScalarVisitor(value: x, randomWord: randomWord))
    }

    /// `x` rounded, drawing one word from `generator` if the mode is stochastic.
    @inlinable
    public func round(_ x: Double, using generator: inout some RandomNumberGenerator) -> Double {
        round(x, randomWord: mode.isStochastic ? generator.next() : 0)
    }

    /// The exact value `head + tail` rounded once, for example an error-free sum or
    /// product, so that an emulated operation is never rounded twice.
    ///
    /// The pair need not be normalized. If `head + tail` overflows binary64 while both
    /// are finite, the result is the format's overflow for the mode.
    @inlinable
    public func round(head: Double, tail: Double, randomWord: UInt64 = 0) -> Double {
        withKernel(PairVisitor(head: head, tail: tail, randomWord: randomWord))
    }

    /// `head + tail` rounded once, drawing one word from `generator` if the mode is
    /// stochastic.
    @inlinable
    public func round(head: Double, tail: Double, using generator: inout some RandomNumberGenerator) -> Double {
        round(head: head, tail: tail, randomWord: mode.isStochastic ? generator.next() : 0)
    }
}

extension FloatRounder {
    /// The same rounding at unbounded exponent range above: the format's precision, emin and
    /// subnormals with emax 1023, the same mode, overflowing only past binary64. With the same
    /// seed and indices it shows what a value would have been had the format no largest value:
    /// IEEE 754 overflow is that result exceeding the greatest finite value.
    public var unboundedTwin: FloatRounder {
        let wide = try! FloatFormat(
            precision: format.precision, maxExponent: 1023, minExponent: format.minExponent,
            hasSubnormals: format.hasSubnormals, name: format.name + "-unbounded")
        return try! FloatRounder(format: wide, mode: mode, overflow: .infinity)
    }
}

@usableFromInline
struct ScalarVisitor: KernelVisitor {
    @usableFromInline let value: Double
    @usableFromInline let randomWord: UInt64

    @inlinable init(value: Double, randomWord: UInt64) {
        self.value = value
        self.randomWord = randomWord
    }

    @inlinable
    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) -> Double {
        kernel.round(value, randomWord: randomWord)
    }
}

@usableFromInline
struct PairVisitor: KernelVisitor {
    @usableFromInline let head: Double
    @usableFromInline let tail: Double
    @usableFromInline let randomWord: UInt64

    @inlinable init(head: Double, tail: Double, randomWord: UInt64) {
        self.head = head
        self.tail = tail
        self.randomWord = randomWord
    }

    @inlinable
    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) -> Double {
        kernel.round(head: head, tail: tail, randomWord: randomWord)
    }
}
