import Synchronization

/// One format's emulated arithmetic, prepared once: the format, its nearest-even rounder,
/// the directed rounders `nextUp` needs, and what is known about sums and products of its
/// values (which decides when the hardware result is already exact).
///
/// Every operation of a ``Minifloat`` goes through ``perform(_:)``: nearest-even with the
/// format's default overflow behaviour, or the mode, seed and overflow behaviour of the
/// ``RoundingContext`` the task runs in.
@frozen
public struct FormatArithmetic: Sendable {
    public let format: FloatFormat
    /// Nearest-even with the format's default overflow behaviour: the mode outside any
    /// ``RoundingContext``, and the mode of literals.
    public let nearest: FloatRounder
    /// Toward +∞, overflowing to ∞ where the format has it: for `nextUp`.
    @usableFromInline let upward: FloatRounder
    @usableFromInline let facts: OperandFacts

    /// Prepares the arithmetic of `format`.
    public init(_ format: FloatFormat) {
        self.format = format
        nearest = try! FloatRounder(format: format)
        upward = try! FloatRounder(format: format, mode: .up)
        facts = OperandFacts(valuesOf: format)
    }

    /// Whether `format` has IEEE 754's special values and encoding (bias `2^(k-1) - 1`,
    /// subnormals, ±∞ and NaN at the all-ones exponent): what `BinaryFloatingPoint` assumes.
    public var isIEEEInterchangeLike: Bool {
        format.specialValues == .ieee && format.hasSubnormals
            && format.exponentBias == (1 << (format.exponentBitCount - 1)) - 1
            && format.maxExponent == format.exponentBias
    }

    /// Whether `overflow` is a behaviour the format can show (∞ needs an infinity, NaN a NaN).
    @inlinable
    func allows(_ overflow: OverflowBehavior) -> Bool {
        !(overflow == .infinity && !format.hasInfinity || overflow == .nan && !format.hasNaN)
    }

    /// The operation's exact result rounded once: nearest-even outside a context, else in
    /// the context's mode, overflow behaviour and random stream.
    @inlinable
    func perform(_ operation: some ArithmeticOperation) -> Double {
        if activeRoundingContexts.load(ordering: .relaxed) == 0 {
            return nearest.perform(operation, randomWord: 0, facts: facts)
        }
        return performInContext(operation)
    }

    @inlinable
    func performInContext(_ operation: some ArithmeticOperation) -> Double {
        guard let context = RoundingContext.current else {
            return nearest.perform(operation, randomWord: 0, facts: facts)
        }
        return context.perform(operation, with: self)
    }

    /// `x` rounded to nearest-even, whatever the context: for literals and constants.
    @inlinable
    func nearestValue(_ x: Double) -> Double {
        nearest.round(x)
    }
}
