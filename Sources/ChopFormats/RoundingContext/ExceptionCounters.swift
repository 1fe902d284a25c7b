import Synchronization

/// A context's exception counters: one atomic count per IEEE 754 exception.
@usableFromInline
final class ExceptionCounters: Sendable {
    let invalid = Atomic<Int>(0)
    let divisionByZero = Atomic<Int>(0)
    let overflow = Atomic<Int>(0)
    let underflow = Atomic<Int>(0)
    let inexact = Atomic<Int>(0)

    @usableFromInline init() {}

    /// Counts one operation that signalled `flags`.
    @usableFromInline
    func record(_ flags: ExceptionFlags) {
        if flags.isEmpty { return }
        if flags.contains(.invalid) { invalid.add(1, ordering: .relaxed) }
        if flags.contains(.divisionByZero) { divisionByZero.add(1, ordering: .relaxed) }
        if flags.contains(.overflow) { overflow.add(1, ordering: .relaxed) }
        if flags.contains(.underflow) { underflow.add(1, ordering: .relaxed) }
        if flags.contains(.inexact) { inexact.add(1, ordering: .relaxed) }
    }

    func snapshot() -> ExceptionCounts {
        ExceptionCounts(
            invalid: invalid.load(ordering: .relaxed), divisionByZero: divisionByZero.load(ordering: .relaxed),
            overflow: overflow.load(ordering: .relaxed), underflow: underflow.load(ordering: .relaxed),
            inexact: inexact.load(ordering: .relaxed))
    }
}
