/// Operations on doubles rounded once to the posit format: the exact result (integer
/// arithmetic, as ``FloatRounder`` computes it) rounded in the rounder's mode. NaN, infinite
/// operands and results without a real value give NaN (NaR); an exact zero is +0.
///
/// - Precondition: the format's values are doubles (`precision ≤ 53`: every posit but
///   `posit64`); otherwise results are their nearest doubles.
extension PositRounder: ScalarArithmetic {
    /// An exact result rounded in the rounder's mode, as a double.
    @inlinable
    func rounded(_ result: ExactResult, randomWord: UInt64) -> Double {
        switch result {
        case .notANumber, .infinity: .nan
        case .zero: 0
        case .finite(let exact): format.nearestDouble(ofCode: format.code(of: exact, mode: mode, randomWord: randomWord))
        }
    }

    public func round(head: Double, tail: Double, randomWord: UInt64 = 0) -> Double {
        rounded(.sum(head, tail, roundingTowardNegative: false), randomWord: randomWord)
    }

    public func sum(_ a: Double, _ b: Double, randomWord: UInt64 = 0) -> Double {
        rounded(.sum(a, b, roundingTowardNegative: false), randomWord: randomWord)
    }

    public func difference(_ a: Double, _ b: Double, randomWord: UInt64 = 0) -> Double {
        rounded(.sum(a, -b, roundingTowardNegative: false), randomWord: randomWord)
    }

    public func product(_ a: Double, _ b: Double, randomWord: UInt64 = 0) -> Double {
        rounded(.product(a, b), randomWord: randomWord)
    }

    public func quotient(_ a: Double, _ b: Double, randomWord: UInt64 = 0) -> Double {
        rounded(.quotient(a, b), randomWord: randomWord)
    }

    public func squareRoot(_ a: Double, randomWord: UInt64 = 0) -> Double {
        rounded(.squareRoot(a), randomWord: randomWord)
    }

    public func fusedMultiplyAdd(_ a: Double, _ b: Double, _ c: Double, randomWord: UInt64 = 0) -> Double {
        rounded(.fusedMultiplyAdd(a, b, c, roundingTowardNegative: false), randomWord: randomWord)
    }

    /// The exact sum rounded once in the rounder's mode (an exact zero sum is +0).
    public func round(_ sum: ExactSum, randomWord: UInt64 = 0) -> Double {
        rounded(sum.exactResult(roundingTowardNegative: false), randomWord: randomWord)
    }
}
