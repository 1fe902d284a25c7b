import Synchronization

/// How many ``RoundingContext``s are running anywhere: while none is, an operation skips the
/// task-local lookup and rounds to nearest-even.
@usableFromInline
let activeRoundingContexts = Atomic<Int>(0)

/// The rounding mode, overflow behaviour, random stream and exception counters that the
/// operations of typed scalars (``Minifloat`` and ``Posit``) use while a block of code runs.
///
/// ```swift
/// let context = try RoundingContext(mode: .stochastic(), seed: 7)
/// let sum = context.run {
///     var s: BFloat16 = 0
///     for _ in 0..<100_000 { s += 0.001 }   // every += rounded stochastically
///     return s
/// }
/// ```
///
/// Outside any context, operations round to nearest-even with each format's default
/// overflow behaviour. Contexts nest (the innermost wins) and follow structured concurrency
/// (they are task-local: child tasks inherit them). The one global is a count of running
/// contexts, which lets operations outside any context skip the task-local lookup; it never
/// changes a result.
///
/// Stochastic modes draw word `i` of ``RandomStream`` (seeded with ``seed``) for the `i`-th stochastic
/// operation of the context, so the same operations in the same order give the same bits.
/// Tasks that share one context interleave their draws; give each parallel task its own
/// context (e.g. seed `base &+ taskIndex`) for results that do not depend on scheduling.
///
/// A synchronous ``run(_:)`` resolves the context once for its body (see the Guide): the
/// operations it calls find the context and the format's plan in a thread-local record.
///
/// Literals (`0.1 as BFloat16`) and constants such as `.pi` always round to nearest-even
/// (toward zero for `.pi`), so a program's constants do not change with the context.
public final class RoundingContext: Sendable {
    /// The mode of every operation in the context.
    public let mode: RoundingMode
    /// The overflow behaviour, where the format can show it (a format without infinity
    /// keeps its default under `.infinity`); nil: each format's default.
    public let overflow: OverflowBehavior?
    /// The seed of the stochastic stream (random when not given, so that a run can be
    /// repeated by passing it back).
    public let seed: UInt64
    /// Whether operations count the IEEE 754 exceptions they signal (see ``exceptions``).
    /// Off by default: counting takes every operation through its exact path.
    public let countsExceptions: Bool

    @usableFromInline let stream: RandomStream
    @usableFromInline let draws = Atomic<UInt64>(0)
    @usableFromInline let counts = Mutex(ExceptionCounts())
    /// The plans of the formats operated on in resolved runs, by their storage's address.
    let formatPlans = Mutex<[UnsafeMutableRawPointer: ResolvedContext.FormatPlan]>([:])

    /// The context that the current task runs in, if any.
    public static var current: RoundingContext? { bound }

    /// Bound only by ``run(_:)``, so that a resolved run's thread-local record and this
    /// value always name the same context.
    @TaskLocal static var bound: RoundingContext?

    /// Creates a context.
    ///
    /// - Throws: ``FormatError/invalidRoundingMode(_:)`` for stochastic rounding with random
    ///   bits outside 1...52.
    public init(
        mode: RoundingMode = .toNearestOrEven, overflow: OverflowBehavior? = nil, seed: UInt64? = nil,
        countsExceptions: Bool = false
    ) throws(FormatError) {
        try mode.validate()
        self.mode = mode
        self.overflow = overflow
        self.seed = seed ?? UInt64.random(in: .min ... .max)
        self.countsExceptions = countsExceptions
        stream = RandomStream(seed: self.seed)
    }

    /// Runs `body` with this context as ``current``.
    ///
    /// The body runs on one thread, so the context is resolved once for it: its operations
    /// find the context and the format's plan without a task-local lookup.
    public func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        activeRoundingContexts.add(1, ordering: .relaxed)
        defer { activeRoundingContexts.subtract(1, ordering: .relaxed) }
        if countsExceptions {
            return try ResolvedContext.runUnresolved { try RoundingContext.$bound.withValue(self, operation: body) }
        }
        return try ResolvedContext.run(self) { try RoundingContext.$bound.withValue(self, operation: body) }
    }

    /// Runs the asynchronous `body` with this context as ``current`` (child tasks inherit it).
    public func run<Result>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async rethrows -> Result {
        activeRoundingContexts.add(1, ordering: .relaxed)
        defer { activeRoundingContexts.subtract(1, ordering: .relaxed) }
        return try await RoundingContext.$bound.withValue(self, operation: body)
    }

    /// The exceptions counted so far (all zero unless ``countsExceptions``).
    public var exceptions: ExceptionCounts { counts.withLock { $0 } }

    /// How many random words stochastic operations have drawn so far: exact once the
    /// context's runs have returned, if they ran one at a time (a synchronous run claims
    /// indices in blocks and gives back the unused end of the last one unless another run
    /// has claimed since).
    public var randomWordsDrawn: UInt64 { draws.load(ordering: .relaxed) }

    /// The mode and random word of the next operation of a scalar type that rounds its own
    /// codes (``Posit``) in the current context, nil outside any: a word is drawn only in
    /// stochastic modes. Posits always saturate, so ``overflow`` does not apply to them, and
    /// they signal no IEEE 754 exceptions.
    @inlinable
    static func nextRounding() -> (mode: RoundingMode, randomWord: UInt64)? {
        guard activeRoundingContexts.load(ordering: .relaxed) != 0 else { return nil }
        if let record = ResolvedContext.current(slot: resolvedContextSlot) { return record.pointee.nextRounding() }
        guard let context = current else { return nil }
        guard context.mode.isStochastic else { return (context.mode, 0) }
        return (context.mode, context.stream.word(at: context.draws.wrappingAdd(1, ordering: .relaxed).oldValue))
    }

    /// The plan of `arithmetic`'s format in this context's mode and overflow behaviour.
    @usableFromInline
    func plan(for arithmetic: FormatArithmetic) -> RoundingPlan {
        var plan = arithmetic.plan
        if mode.isStochastic { plan.setRandomBits(mode) }
        if let overflow, arithmetic.allows(overflow) { plan.setOverflow(overflow) }
        return plan
    }

    /// The plan of `arithmetic`'s format in this context, made once and kept.
    func formatPlan(for arithmetic: FormatArithmetic) -> ResolvedContext.FormatPlan {
        formatPlans.withLock { plans in
            let key = arithmetic.storage.toOpaque()
            if let known = plans[key] { return known }
            let made = ResolvedContext.FormatPlan(plan: plan(for: arithmetic), facts: arithmetic.facts)
            plans[key] = made
            return made
        }
    }

    /// The operation's exact result rounded once in this context, found without a resolved
    /// run (an asynchronous body, or a context that counts exceptions).
    @inlinable
    func perform(_ operation: some ArithmeticOperation, with arithmetic: FormatArithmetic) -> Double {
        let plan = plan(for: arithmetic)
        let randomWord = mode.isStochastic
            ? stream.word(at: draws.wrappingAdd(1, ordering: .relaxed).oldValue) : 0
        if countsExceptions { return performCounting(operation, plan: plan, randomWord: randomWord) }
        return plan.withKernel(mode: mode, RoundedOperation(operation, randomWord: randomWord, facts: arithmetic.facts))
    }

    /// The operation rounded through its exact path, its exceptions counted.
    @usableFromInline
    func performCounting(_ operation: some ArithmeticOperation, plan: RoundingPlan, randomWord: UInt64) -> Double {
        let (value, raised) = plan.withKernel(mode: mode, ReportedOperation(operation, randomWord: randomWord))
        if !raised.isEmpty { counts.withLock { $0.count(raised) } }
        return value
    }
}

/// Runs `body` in a new ``RoundingContext``: `withRounding(.towardZero) { … }`.
///
/// - Throws: what `body` throws, or ``FormatError/invalidRoundingMode(_:)``.
public func withRounding<Result>(
    _ mode: RoundingMode, overflow: OverflowBehavior? = nil, seed: UInt64? = nil,
    _ body: () throws -> Result
) throws -> Result {
    try RoundingContext(mode: mode, overflow: overflow, seed: seed).run(body)
}
