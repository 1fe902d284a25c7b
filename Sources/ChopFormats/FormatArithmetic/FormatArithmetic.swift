import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One format's emulated arithmetic, prepared once: the rounding plans of nearest-even and
/// of `up` (for `nextUp`), what is known about sums and products of its values (which decides
/// when the hardware result is already exact), and the format itself.
///
/// Every operation of a ``Minifloat`` goes through it: nearest-even with the
/// format's default overflow behaviour, or the mode, seed and overflow behaviour of the
/// ``RoundingContext`` the task runs in.
///
/// A trivially copyable pointer to constants that are never freed (one set per
/// `FormatArithmetic` created): reading it from a format type's `static let` costs neither
/// reference counting nor a copy, either of which would dominate a rounded `+`.
@frozen
public struct FormatArithmetic: @unchecked Sendable {
    /// The prepared constants; never freed (one per `FormatArithmetic` created).
    @usableFromInline let storage: Unmanaged<ArithmeticStorage>

    /// Prepares the arithmetic of `format`. Create it once per format (a `static let`).
    public init(_ format: FloatFormat) {
        storage = .passRetained(ArithmeticStorage(format))
    }

    /// Reads the constants without reference counting (they are never freed).
    @inlinable @inline(__always)
    func withStorage<Result>(_ body: (ArithmeticStorage) -> Result) -> Result {
        storage._withUnsafeGuaranteedRef(body)
    }

    /// Nearest-even with the format's default overflow behaviour.
    @inlinable var plan: RoundingPlan { withStorage { $0.plan } }
    @inlinable var facts: OperandFacts { withStorage { $0.facts } }
    /// Whether `-x` is the sign bit flipped (signed formats with -0): else it is rounded.
    @inlinable var negationIsExact: Bool { withStorage { $0.negationIsExact } }

    /// The format.
    public var format: FloatFormat { withStorage { $0.format } }

    /// Whether the format has IEEE 754's special values and encoding (bias `2^(k-1) - 1`,
    /// subnormals, ±∞ and NaN at the all-ones exponent): what `BinaryFloatingPoint` assumes.
    public var isIEEEInterchangeLike: Bool {
        let format = format
        return format.specialValues == .ieee && format.hasSubnormals
            && format.exponentBias == (1 << (format.exponentBitCount - 1)) - 1
            && format.maxExponent == format.exponentBias
    }

    /// Whether `overflow` is a behaviour the format can show (``FloatFormat/supports(_:)``).
    @inlinable
    func allows(_ overflow: OverflowBehavior) -> Bool {
        withStorage { $0.format.supports(overflow) }
    }

    /// The operation's exact result rounded once: nearest-even outside a context, else in
    /// the context's mode, overflow behaviour and random stream.
    @inlinable @inline(__always)
    func perform(_ operation: some ArithmeticOperation) -> Double {
        if activeRoundingContexts.load(ordering: .relaxed) == 0 {
            return performNearest(operation)
        }
        return performInContext(operation)
    }

    @inlinable
    func performInContext(_ operation: some ArithmeticOperation) -> Double {
        if let record = ResolvedContext.current(slot: withStorage { $0.contextSlot }) {
            return ResolvedContext.perform(operation, with: self, in: record)
        }
        guard let context = RoundingContext.current else { return performNearest(operation) }
        return context.perform(operation, with: self)
    }

    /// The operation rounded to nearest-even, whatever the context: for literals, constants
    /// and exactness checks.
    @inlinable @inline(__always)
    func performNearest(_ operation: some ArithmeticOperation) -> Double {
        withStorage { $0.plan.withNearestEvenKernel(RoundedOperation(operation, randomWord: 0, facts: $0.facts)) }
    }

    /// `x` rounded to nearest-even, whatever the context.
    @inlinable
    func nearestValue(_ x: Double) -> Double {
        withStorage { $0.plan.withNearestEvenKernel(ScalarVisitor(value: x, randomWord: 0)) }
    }

    /// `x` rounded up (toward +∞).
    @inlinable
    func upwardValue(_ x: Double) -> Double {
        withStorage { $0.upwardPlan.withKernel(mode: .up, ScalarVisitor(value: x, randomWord: 0)) }
    }
}

/// The constants of ``FormatArithmetic``.
@usableFromInline
final class ArithmeticStorage: Sendable {
    /// Nearest-even with the format's default overflow behaviour.
    @usableFromInline let plan: RoundingPlan
    /// Toward +∞, overflowing to ∞ where the format has it.
    @usableFromInline let upwardPlan: RoundingPlan
    @usableFromInline let facts: OperandFacts
    @usableFromInline let negationIsExact: Bool
    @usableFromInline let format: FloatFormat
    /// ``resolvedContextSlot``, copied here so that an operation in a context reads it with
    /// the format's constants rather than through a lazily initialised global.
    @usableFromInline let contextSlot: pthread_key_t

    init(_ format: FloatFormat) {
        plan = RoundingPlan(format: format, mode: .toNearestOrEven, overflow: format.defaultOverflow)
        upwardPlan = RoundingPlan(format: format, mode: .up, overflow: format.defaultOverflow)
        facts = OperandFacts(valuesOf: format)
        negationIsExact = format.isSigned && format.hasNegativeZero
        self.format = format
        contextSlot = resolvedContextSlot
    }
}
