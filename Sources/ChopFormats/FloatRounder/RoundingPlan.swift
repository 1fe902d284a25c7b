/// The constants of one (format, mode, overflow behaviour), computed once so that the
/// per-element work is a handful of floating-point operations and selects.
@frozen @usableFromInline
struct RoundingPlan: Sendable {
    /// How the quantum and the nearest-even candidate are found (see ``BracketGeometry``).
    @usableFromInline
    enum Geometry: Sendable {
        /// p ≤ 52 and `2^(emax + 53 - p)` is finite: one add-and-subtract per element.
        case shifter
        /// p = 53: only values below `2^emin` need rounding.
        case fullPrecision
        /// p ≤ 52 with emax so large that the shifter would overflow: scale huge values first.
        case scaledShifter
    }

    @usableFromInline let geometry: Geometry
    @usableFromInline let precision: Int
    @usableFromInline let minExponent: Int
    @usableFromInline let maxExponent: Int
    @usableFromInline let hasSubnormals: Bool

    /// `2^emin`: below it the quantum stops shrinking.
    @usableFromInline let minNormal: Double
    /// The binade that sets the quantum below `2^emin`: `2^emin` with subnormals, else
    /// `2^(emin + p - 1)` so that the quantum is `2^emin` (the neighbours are 0 and `2^emin`).
    @usableFromInline let lowBinade: Double
    /// `2^emax`: above it the quantum stops growing (the values there overflow anyway).
    @usableFromInline let highBinade: Double
    /// Quantum of a binade `b`: `b · 2^(1-p)`.
    @usableFromInline let quantumScale: Double
    /// Shifter of a binade `b`: `b · 2^(53-p)`, the double whose ulp is the quantum.
    @usableFromInline let shifterScale: Double

    @usableFromInline let maxFinite: Double
    /// What "∞" becomes under the overflow behaviour: +∞, NaN or the greatest finite value.
    @usableFromInline let infinityReplacement: Double
    /// The least magnitude a finite nonzero input may round to: 0, or `2^emin` for a
    /// format without zero (E8M0).
    @usableFromInline let leastMagnitude: Double
    /// Inputs below this become NaN: -∞ for signed formats, the least positive double for
    /// unsigned ones (so that 0 and negative values give NaN).
    @usableFromInline let lowestInput: Double
    /// ANDed into the sign of a zero result: keeps -0 only where the format has it.
    @usableFromInline let zeroSignMask: UInt64

    /// Stochastic rounding: the mask that keeps the top R of 52 random bits, and 2^-R.
    @usableFromInline let randomMask: UInt64
    @usableFromInline let randomStep: Double
    @usableFromInline let randomShift: UInt64

    @usableFromInline
    init(format: FloatFormat, mode: RoundingMode, overflow: OverflowBehavior) {
        let p = format.precision
        precision = p
        minExponent = format.minExponent
        maxExponent = format.maxExponent
        hasSubnormals = format.hasSubnormals
        if p == 53 {
            geometry = .fullPrecision
        } else if format.maxExponent + 53 - p > 1023 {
            geometry = .scaledShifter
        } else {
            geometry = .shifter
        }
        minNormal = .powerOfTwo(format.minExponent)
        lowBinade = format.hasSubnormals ? minNormal : .powerOfTwo(format.minExponent + p - 1)
        highBinade = .powerOfTwo(format.maxExponent)
        quantumScale = .powerOfTwo(1 - p)
        shifterScale = .powerOfTwo(53 - p)
        maxFinite = format.greatestFiniteMagnitude
        switch overflow {
        case .infinity: infinityReplacement = .infinity
        case .nan: infinityReplacement = .nan
        case .saturate: infinityReplacement = format.greatestFiniteMagnitude
        }
        leastMagnitude = format.hasZero ? 0 : format.leastNonzeroMagnitude
        lowestInput = format.isSigned ? -.infinity : .leastNonzeroMagnitude
        zeroSignMask = format.hasNegativeZero ? 1 << 63 : 0
        let bits: Int
        if case .stochastic(let randomBits) = mode { bits = randomBits } else { bits = 52 }
        randomMask = ((1 << UInt64(bits)) - 1) << UInt64(52 - bits)
        randomStep = .powerOfTwo(-bits)
        randomShift = UInt64(64 - bits)
    }

    /// Applies overflow, special inputs and the sign to a rounded magnitude.
    ///
    /// - Parameters:
    ///   - magnitude: the rounded |x| at unbounded exponent range.
    ///   - x: the input, for its sign and for NaN and infinity.
    ///   - overflowMagnitude: what the mode gives when `magnitude` exceeds the greatest
    ///     finite value (the greatest finite value, or ``infinityReplacement``).
    /// - Postcondition: the result is a value of the format, ±∞ or NaN; zero results keep
    ///   `x`'s sign where the format has -0.
    @inlinable @inline(__always)
    func finish(_ magnitude: Double, source x: Double, overflowMagnitude: Double) -> Double {
        var m = magnitude > maxFinite ? overflowMagnitude : magnitude
        m = m < leastMagnitude ? leastMagnitude : m
        m = x.magnitude == .infinity ? infinityReplacement : m
        m = x != x ? .nan : m
        var sign = x.bitPattern & (1 << 63)
        sign = m == 0 ? sign & zeroSignMask : sign
        let result = Double(bitPattern: m.bitPattern | sign)
        return x >= lowestInput ? result : .nan
    }
}
