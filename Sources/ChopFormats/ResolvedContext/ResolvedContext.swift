#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``RoundingContext`` resolved for one synchronous `run` on one thread: what every
/// operation of a typed scalar would otherwise look up and prepare again.
///
/// Looking the context up as a task-local value, retaining it, and copying the format's plan
/// into the context's mode cost several times the rounding itself. A synchronous body runs
/// on one thread from start to end, so `run` keeps this record on its stack and puts its
/// address in a thread-local slot for as long as the body runs. An operation reads the slot
/// and rounds with the plan the record keeps for the last format it saw.
///
/// So code that runs on the thread while the body runs without being called by it (a job
/// of another task that a nested run loop runs, a detached task started immediately) rounds
/// in the context too, where a task-local lookup would have found its own. Checking the
/// task on each operation would cost more than the rounding.
///
/// Stochastic draws take indices from blocks the record claims from the context's shared
/// counter, and the run gives back the unclaimed end of its last block when it returns, if
/// no one has claimed since. So a context used by one thread at a time still gives word `i`
/// of its stream to its `i`-th stochastic operation, and ``RoundingContext/randomWordsDrawn``
/// is exact once the runs have returned. A run of the same context nested in another on the
/// same thread shares the enclosing run's block.
///
/// Contexts that count exceptions are not resolved (their operations take the exact path and
/// lock the counts anyway): their runs empty the slot instead, so that inside another
/// context's run they are found by the task-local lookup rather than the outer record.
@usableFromInline
struct ResolvedContext {
    /// The next index to draw and the end of the claimed block.
    @usableFromInline
    struct DrawBlock {
        @usableFromInline var next: UInt64 = 0
        @usableFromInline var end: UInt64 = 0
    }

    /// How many indices one claim takes from the shared counter.
    @usableFromInline static let claimSize: UInt64 = 256

    /// One format's plan in a context's mode and overflow behaviour, kept by the context
    /// (``RoundingContext/formatPlan(for:)``) for as long as it lives.
    ///
    /// The plan lives behind a pointer: a kernel called on it reads it in place, where a
    /// stored property would be copied (some 200 bytes) for every call.
    @usableFromInline
    final class FormatPlan: @unchecked Sendable {
        /// Written once by `init`, read only after.
        @usableFromInline let plan: UnsafeMutablePointer<RoundingPlan>
        @usableFromInline let facts: OperandFacts

        init(plan: RoundingPlan, facts: OperandFacts) {
            self.plan = .allocate(capacity: 1)
            self.plan.initialize(to: plan)
            self.facts = facts
        }

        deinit { plan.deallocate() }
    }

    /// Kept alive by the `run` that owns this record.
    @usableFromInline unowned(unsafe) let context: RoundingContext
    @usableFromInline let mode: RoundingMode
    @usableFromInline let isStochastic: Bool
    /// The thread's record before this run, restored when it returns.
    let previous: UnsafeMutableRawPointer?
    /// This run's draws, or those of an enclosing run of the same context on this thread.
    @usableFromInline let draws: UnsafeMutablePointer<DrawBlock>
    /// The format of the last operation: the address of its ``FormatArithmetic``'s storage.
    @usableFromInline var cachedFormat: UnsafeMutableRawPointer?
    /// That format's plan (nil before the first operation); the context keeps it alive.
    @usableFromInline var cachedPlan: Unmanaged<FormatPlan>?

    /// The record of the innermost synchronous `run` on this thread, if any; `slot` is
    /// ``resolvedContextSlot``, passed in by callers that hold it already.
    @inlinable @inline(__always)
    static func current(slot: pthread_key_t) -> UnsafeMutablePointer<ResolvedContext>? {
        pthread_getspecific(slot)?.assumingMemoryBound(to: ResolvedContext.self)
    }

    /// Runs `body` with `context` resolved for this thread.
    static func run<Result>(_ context: RoundingContext, _ body: () throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: DrawBlock.self, capacity: 1) { ownDraws in
            try withUnsafeTemporaryAllocation(of: ResolvedContext.self, capacity: 1) { buffer in
                let record = buffer.baseAddress!
                let previous = pthread_getspecific(resolvedContextSlot)
                let enclosing = enclosingDraws(of: context, from: previous)
                let draws = enclosing ?? ownDraws.baseAddress!
                if enclosing == nil { draws.initialize(to: DrawBlock()) }
                record.initialize(to: ResolvedContext(
                    context: context, mode: context.mode, isStochastic: context.mode.isStochastic,
                    previous: previous, draws: draws, cachedFormat: nil, cachedPlan: nil))
                pthread_setspecific(resolvedContextSlot, record)
                defer {
                    pthread_setspecific(resolvedContextSlot, previous)
                    if enclosing == nil {
                        // Hand back the unused indices unless another claim came after ours.
                        _ = context.draws.compareExchange(
                            expected: draws.pointee.end, desired: draws.pointee.next, ordering: .relaxed)
                    }
                    record.deinitialize(count: 1)
                }
                return try body()
            }
        }
    }

    /// Runs `body` with no resolved context on this thread (a run of a context that counts
    /// exceptions).
    static func runUnresolved<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = pthread_getspecific(resolvedContextSlot)
        pthread_setspecific(resolvedContextSlot, nil)
        defer { pthread_setspecific(resolvedContextSlot, previous) }
        return try body()
    }

    /// The draws of the innermost run of `context` on this thread, if any.
    private static func enclosingDraws(
        of context: RoundingContext, from slot: UnsafeMutableRawPointer?
    ) -> UnsafeMutablePointer<DrawBlock>? {
        var slot = slot
        while let record = slot?.assumingMemoryBound(to: ResolvedContext.self) {
            if record.pointee.context === context { return record.pointee.draws }
            slot = record.pointee.previous
        }
        return nil
    }

    /// The operation's exact result rounded once in the context of `record`.
    @inlinable @inline(__always)
    static func perform(
        _ operation: some ArithmeticOperation, with arithmetic: FormatArithmetic, in record: UnsafeMutablePointer<Self>
    ) -> Double {
        if record.pointee.cachedFormat != arithmetic.storage.toOpaque() { record.pointee.cache(arithmetic) }
        let randomWord = record.pointee.isStochastic ? record.pointee.nextWord() : 0
        let mode = record.pointee.mode
        return record.pointee.cachedPlan.unsafelyUnwrapped._withUnsafeGuaranteedRef {
            RoundingPlan.withKernel(
                at: $0.plan, mode: mode, RoundedOperation(operation, randomWord: randomWord, facts: $0.facts))
        }
    }

    /// The mode and random word of the next operation of a scalar type that rounds its own
    /// codes (see ``RoundingContext/nextRounding()``).
    @inlinable
    func nextRounding() -> (mode: RoundingMode, randomWord: UInt64) {
        (mode, isStochastic ? nextWord() : 0)
    }

    /// The random word of the next stochastic operation.
    @inlinable @inline(__always)
    func nextWord() -> UInt64 {
        if draws.pointee.next == draws.pointee.end { claim() }
        let index = draws.pointee.next
        draws.pointee.next = index &+ 1
        return context.stream.word(at: index)
    }

    @usableFromInline
    func claim() {
        let start = context.draws.wrappingAdd(Self.claimSize, ordering: .relaxed).oldValue
        draws.pointee = DrawBlock(next: start, end: start &+ Self.claimSize)
    }

    @usableFromInline
    mutating func cache(_ arithmetic: FormatArithmetic) {
        cachedPlan = Unmanaged.passUnretained(context.formatPlan(for: arithmetic))
        cachedFormat = arithmetic.storage.toOpaque()
    }
}

/// The thread-local slot holding the address of the innermost ``ResolvedContext``.
@usableFromInline
let resolvedContextSlot: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key, nil)
    precondition(status == 0, "pthread_key_create failed (\(status)): no thread-local slot for rounding contexts")
    return key
}()

