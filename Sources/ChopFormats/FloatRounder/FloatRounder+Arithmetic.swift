/// Emulated arithmetic on the runtime path: each operation's exact result rounded once to
/// the rounder's format, in its mode, with its overflow behaviour.
///
/// ```swift
/// let e5m2 = try FloatRounder(format: .e5m2, mode: .towardZero)
/// e5m2.sum(1, -0x1p-40)              // 0.875: the exact 1 - 2^-40, truncated
/// let up = try FloatRounder(format: .bfloat16, mode: .up)
/// up.quotient(1, 3)                   // 0.333984375
/// ```
///
/// Operands are any doubles (they need not be values of the format); the result is
/// `round(exact)`, never `round(round₆₄(exact))`, in every mode, stochastic ones included
/// (which read the top bits of `randomWord`, as ``round(_:randomWord:)`` does).
///
/// Special operands follow IEEE 754: NaN propagates; `∞ - ∞`, `0 × ∞`, `0/0`, `∞/∞`,
/// `√(negative)`, `remainder(x, 0)` and `remainder(∞, y)` give NaN; a nonzero number over
/// zero gives ±∞; an exact zero sum is +0, or -0 when both operands are -0 or the mode is
/// ``RoundingMode/down``; `√-0` is -0. Infinite results then follow the overflow behaviour
/// like any infinite input (NaN in `fn` formats, ±max when saturating).
///
/// The variants with `exceptions` add the IEEE 754 exceptions the operation signals (see
/// ``ExceptionFlags``); they always take the exact path, so they cost more.
extension FloatRounder {
    /// `a + b`, rounded once.
    @inlinable
    public func sum(_ a: Double, _ b: Double, randomWord: UInt64 = 0) -> Double {
        perform(SumOperation(a, b), randomWord: randomWord)
    }

    /// `a + b`, rounded once; the exceptions it signals are added to `exceptions`.
    @inlinable
    public func sum(_ a: Double, _ b: Double, randomWord: UInt64 = 0, exceptions: inout ExceptionFlags) -> Double {
        perform(SumOperation(a, b), randomWord: randomWord, exceptions: &exceptions)
    }

    /// `a - b`, rounded once.
    @inlinable
    public func difference(_ a: Double, _ b: Double, randomWord: UInt64 = 0) -> Double {
        perform(SumOperation(a, -b), randomWord: randomWord)
    }

    /// `a - b`, rounded once; the exceptions it signals are added to `exceptions`.
    @inlinable
    public func difference(_ a: Double, _ b: Double, randomWord: UInt64 = 0, exceptions: inout ExceptionFlags) -> Double {
        perform(SumOperation(a, -b), randomWord: randomWord, exceptions: &exceptions)
    }

    /// `a × b`, rounded once.
    @inlinable
    public func product(_ a: Double, _ b: Double, randomWord: UInt64 = 0) -> Double {
        perform(ProductOperation(a, b), randomWord: randomWord)
    }

    /// `a × b`, rounded once; the exceptions it signals are added to `exceptions`.
    @inlinable
    public func product(_ a: Double, _ b: Double, randomWord: UInt64 = 0, exceptions: inout ExceptionFlags) -> Double {
        perform(ProductOperation(a, b), randomWord: randomWord, exceptions: &exceptions)
    }

    /// `a / b`, rounded once.
    @inlinable
    public func quotient(_ a: Double, _ b: Double, randomWord: UInt64 = 0) -> Double {
        perform(QuotientOperation(a, b), randomWord: randomWord)
    }

    /// `a / b`, rounded once; the exceptions it signals are added to `exceptions`.
    @inlinable
    public func quotient(_ a: Double, _ b: Double, randomWord: UInt64 = 0, exceptions: inout ExceptionFlags) -> Double {
        perform(QuotientOperation(a, b), randomWord: randomWord, exceptions: &exceptions)
    }

    /// `√a`, rounded once.
    @inlinable
    public func squareRoot(_ a: Double, randomWord: UInt64 = 0) -> Double {
        perform(SquareRootOperation(a), randomWord: randomWord)
    }

    /// `√a`, rounded once; the exceptions it signals are added to `exceptions`.
    @inlinable
    public func squareRoot(_ a: Double, randomWord: UInt64 = 0, exceptions: inout ExceptionFlags) -> Double {
        perform(SquareRootOperation(a), randomWord: randomWord, exceptions: &exceptions)
    }

    /// `a × b + c`, rounded once.
    @inlinable
    public func fusedMultiplyAdd(_ a: Double, _ b: Double, _ c: Double, randomWord: UInt64 = 0) -> Double {
        perform(FusedMultiplyAddOperation(a, b, c), randomWord: randomWord)
    }

    /// `a × b + c`, rounded once; the exceptions it signals are added to `exceptions`.
    @inlinable
    public func fusedMultiplyAdd(
        _ a: Double, _ b: Double, _ c: Double, randomWord: UInt64 = 0, exceptions: inout ExceptionFlags
    ) -> Double {
        perform(FusedMultiplyAddOperation(a, b, c), randomWord: randomWord, exceptions: &exceptions)
    }

    /// IEEE 754's `remainder`: `a - n·b` with `n` the integer nearest `a / b` (ties to even),
    /// exact in binary64, rounded (which changes it only in formats without subnormals).
    @inlinable
    public func remainder(_ a: Double, dividingBy b: Double, randomWord: UInt64 = 0) -> Double {
        perform(RemainderOperation(a, b, truncating: false), randomWord: randomWord)
    }

    /// `remainder(_:dividingBy:)`; the exceptions it signals are added to `exceptions`.
    @inlinable
    public func remainder(
        _ a: Double, dividingBy b: Double, randomWord: UInt64 = 0, exceptions: inout ExceptionFlags
    ) -> Double {
        perform(RemainderOperation(a, b, truncating: false), randomWord: randomWord, exceptions: &exceptions)
    }

    /// C's `fmod`: `a - n·b` with `n` the integer part of `a / b`, rounded as
    /// ``remainder(_:dividingBy:randomWord:)`` is.
    @inlinable
    public func truncatingRemainder(_ a: Double, dividingBy b: Double, randomWord: UInt64 = 0) -> Double {
        perform(RemainderOperation(a, b, truncating: true), randomWord: randomWord)
    }

    /// `x` rounded, the exceptions it signals added to `exceptions`: a conversion.
    @inlinable
    public func round(_ x: Double, randomWord: UInt64 = 0, exceptions: inout ExceptionFlags) -> Double {
        perform(ConversionOperation(x), randomWord: randomWord, exceptions: &exceptions)
    }

    /// An integer of any width rounded once (not through `Double`, which would round
    /// integers above 2^53 first).
    @inlinable
    public func round(_ n: some BinaryInteger, randomWord: UInt64 = 0) -> Double {
        perform(IntegerConversionOperation(n), randomWord: randomWord)
    }

    @inlinable
    func perform(_ operation: some ArithmeticOperation, randomWord: UInt64, facts: OperandFacts = .none) -> Double {
        withKernel(RoundedOperation(operation, randomWord: randomWord, facts: facts))
    }

    @inlinable
    func perform(
        _ operation: some ArithmeticOperation, randomWord: UInt64, exceptions: inout ExceptionFlags
    ) -> Double {
        let (value, raised) = withKernel(ReportedOperation(operation, randomWord: randomWord))
        exceptions.formUnion(raised)
        return value
    }
}
