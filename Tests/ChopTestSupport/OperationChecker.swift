#if MPFR
@testable import ChopFormats
import MPFROracle

/// Checks emulated operations of one rounder against GNU MPFR, through every path a caller
/// can take: the public runtime API (any doubles), the typed-scalar path (operands known to
/// be values of the format, so more hardware results are taken as exact), and the exact path
/// that reports exceptions, whose flags are checked too in deterministic modes.
public final class OperationChecker {
    public let rounder: FloatRounder
    private let oracle: OracleExpectation
    private let facts: OperandFacts
    public private(set) var failures: [String] = []
    public private(set) var checked = 0

    public init(rounder: FloatRounder) {
        self.rounder = rounder
        oracle = OracleExpectation(format: rounder.format)
        facts = OperandFacts(valuesOf: rounder.format)
    }

    /// Checks `operation` on `a`, `b` (and `c` for the fused multiply-add) in the rounder's
    /// deterministic mode; `operandsAreValues` when they are values of the format (or ±∞,
    /// NaN), so that the typed path applies.
    public func check(
        _ operation: MPFRRounder.Operation, _ a: Double, _ b: Double = 0, _ c: Double = 0, operandsAreValues: Bool = true
    ) {
        let (expected, expectedExceptions) = oracle.expectedWithExceptions(
            operation, a, b, c, mode: rounder.mode, overflow: rounder.overflow)
        compare(operation, a, b, c, randomWord: 0, operandsAreValues: operandsAreValues,
                expected: expected, expectedExceptions: expectedExceptions)
    }

    /// Checks `operation` on `a`, `b` (and `c`) in each checker's deterministic mode, computing
    /// MPFR's exact result once for all of them: the same comparisons as ``check(_:_:_:_:operandsAreValues:)``
    /// on each checker, at a fraction of the oracle's cost.
    ///
    /// - Precondition: the checkers round to one format with one overflow behaviour.
    public static func check(
        _ checkers: [OperationChecker], _ operation: MPFRRounder.Operation, _ a: Double, _ b: Double = 0, _ c: Double = 0,
        operandsAreValues: Bool = true
    ) {
        guard let first = checkers.first else { return }
        let expectations = first.oracle.expectedWithExceptions(
            operation, a, b, c, modes: checkers.map(\.rounder.mode), overflow: first.rounder.overflow)
        for (checker, (expected, exceptions)) in zip(checkers, expectations) {
            precondition(checker.rounder.format == first.rounder.format && checker.rounder.overflow == first.rounder.overflow)
            checker.compare(
                operation, a, b, c, randomWord: 0, operandsAreValues: operandsAreValues, expected: expected,
                expectedExceptions: exceptions)
        }
    }

    /// Checks `operation` in the rounder's stochastic mode with `randomWord` and, where the
    /// result is inexact, with the two words on either side of the exact threshold
    /// `floor(f·2^R)` (the sharpest test of the exact fraction).
    public func checkStochastic(
        _ operation: MPFRRounder.Operation, _ a: Double, _ b: Double = 0, _ c: Double = 0,
        randomWord: UInt64, operandsAreValues: Bool = true
    ) {
        let equal = rounder.mode == .stochasticEqual
        var randomBits = 52
        if case .stochastic(let bits) = rounder.mode { randomBits = bits }
        let stochasticCase = oracle.stochasticCase(operation, a, b, c, randomBits: randomBits, overflow: rounder.overflow)
        var words = [randomWord]
        if stochasticCase.exact == nil && !equal {
            let shift = UInt64(64 - randomBits)
            let threshold = stochasticCase.threshold
            words.append(threshold << shift)
            if threshold > 0 { words.append((threshold - 1) << shift | (randomWord & ((1 << shift) - 1))) }
        }
        for word in words {
            compare(operation, a, b, c, randomWord: word, operandsAreValues: operandsAreValues,
                    expected: stochasticCase.expected(randomWord: word, equalProbabilities: equal), expectedExceptions: nil)
        }
    }

    private func compare(
        _ operation: MPFRRounder.Operation, _ a: Double, _ b: Double, _ c: Double, randomWord w: UInt64,
        operandsAreValues: Bool, expected: Double, expectedExceptions: ExceptionFlags?
    ) {
        // Each case hands its concrete operation to the generic paths, so they run specialized
        // (an existential operation would look up generic metadata on every call).
        switch operation {
        case .sum:
            compare(operation, SumOperation(a, b), rounder.sum(a, b, randomWord: w), a, b, c, w, operandsAreValues, expected, expectedExceptions)
        case .difference:
            compare(operation, SumOperation(a, -b), rounder.difference(a, b, randomWord: w), a, b, c, w, operandsAreValues, expected, expectedExceptions)
        case .product:
            compare(operation, ProductOperation(a, b), rounder.product(a, b, randomWord: w), a, b, c, w, operandsAreValues, expected, expectedExceptions)
        case .quotient:
            compare(operation, QuotientOperation(a, b), rounder.quotient(a, b, randomWord: w), a, b, c, w, operandsAreValues, expected, expectedExceptions)
        case .squareRoot:
            compare(operation, SquareRootOperation(a), rounder.squareRoot(a, randomWord: w), a, b, c, w, operandsAreValues, expected, expectedExceptions)
        case .fusedMultiplyAdd:
            compare(
                operation, FusedMultiplyAddOperation(a, b, c), rounder.fusedMultiplyAdd(a, b, c, randomWord: w), a, b, c, w,
                operandsAreValues, expected, expectedExceptions)
        case .remainder:
            compare(
                operation, RemainderOperation(a, b, truncating: false), rounder.remainder(a, dividingBy: b, randomWord: w), a, b, c, w,
                operandsAreValues, expected, expectedExceptions)
        }
    }

    /// The three paths' results for `core` against MPFR's `expected` (and its exceptions).
    private func compare<Core: ArithmeticOperation>(
        _ operation: MPFRRounder.Operation, _ core: Core, _ publicResult: Double, _ a: Double, _ b: Double, _ c: Double,
        _ w: UInt64, _ operandsAreValues: Bool, _ expected: Double, _ expectedExceptions: ExceptionFlags?
    ) {
        let typedResult = operandsAreValues ? rounder.perform(core, randomWord: w, facts: facts) : publicResult
        var exceptions: ExceptionFlags = []
        let reportedResult = rounder.perform(core, randomWord: w, exceptions: &exceptions)
        checked += 1
        let sameResults = sameValue(publicResult, expected) && sameValue(typedResult, expected)
            && sameValue(reportedResult, expected)
        let sameExceptions = expectedExceptions.map { $0 == exceptions } ?? true
        if (!sameResults || !sameExceptions) && failures.count < 12 {
            let operands = operation == .squareRoot ? describe(a)
                : operation == .fusedMultiplyAdd ? "\(describe(a)), \(describe(b)), \(describe(c))"
                : "\(describe(a)), \(describe(b))"
            failures.append(
                "\(rounder.format) \(rounder.mode) \(rounder.overflow) \(operation)(\(operands)) word \(w): "
                    + "runtime \(describe(publicResult)), typed \(describe(typedResult)), "
                    + "exact \(describe(reportedResult)) \(exceptions); "
                    + "MPFR \(describe(expected)) \(expectedExceptions.map { "\($0)" } ?? "")")
        }
    }
}
#endif
