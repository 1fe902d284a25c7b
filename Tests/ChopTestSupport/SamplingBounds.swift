#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounds for statistical tests that make a false failure practically impossible
/// (see the Verification article).
public enum SamplingBounds {
    /// The tolerance t with `P(|K/N - f| ≥ t) ≤ falseFailure` for N independent draws,
    /// by Hoeffding's inequality `2·exp(-2Nt²)`.
    public static func hoeffdingTolerance(draws: Int, falseFailure: Double) -> Double {
        (log(2 / falseFailure) / (2 * Double(draws))).squareRoot()
    }

    /// Pearson's χ² critical value for 1 degree of freedom at false-failure 1e-9.
    public static let chiSquared1DegreeAt1e9 = 37.33
}
