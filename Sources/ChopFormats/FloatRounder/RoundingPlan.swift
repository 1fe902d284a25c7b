/// The constants of one (format, mode, overflow behaviour), computed once so that the
/// per-element work is a handful of floating-point operations and selects.
@frozen @usableFromInline
struct RoundingPlan: Sendable {
    /// How the quantum and the nearest-even candidate are found (see ``BracketGeometry``).
    @usableFromInline
    enum Geometry: Sendable {
        /// Plain formats (subnormals, signed zeros), p ≤ 52, `2^(emax + 53 - p)` finite, and
        /// `2^(emin + 1 - p - 52)` normal (every quantum times 2^-52 is normal).
        case shifter
        /// The same when overflow gives +∞ (the IEEE default) and emax ≥ 1: magnitudes
        /// beyond the greatest finite value become ∞ by two exact scalings, not a select.
        case shifterOverflowingToInfinity
        /// The same when overflow saturates: one minimum, whatever the mode.
        case shifterSaturating
        /// The same with a zero that has no sign, or no sign at all (`fnuz`, P3109, unsigned).
        case shifterWithoutNegativeZero
        /// p = 53: only values below `2^emin` need rounding.
        case fullPrecision
        /// Everything else: no subnormals (E8M0 among them), or a range so wide the shifter
        /// overflows or the least quantum's 2^-52 is subnormal.
        case general
    }

    /// The geometry for the format and the overflow behaviour (``setOverflow(_:)`` sets it).
    @usableFromInline var geometry: Geometry
    /// The geometry the format alone implies.
    @usableFromInline let formatGeometry: Geometry
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
    /// `1.5 · 2^(53-p)`: the shifter of signed values in a directed rounding direction
    /// (``RoundingKernel/roundSignedInHardwareDirection(_:up:)``), finite for every shifter
    /// geometry since `1.5 · 2^1023` is.
    @inlinable var signedShifterScale: Double { 1.5 * shifterScale }
    /// Whether array loops round up, down and toward zero in the hardware's direction: p ≤ 50,
    /// which keeps overflow beyond the greatest finite value (see those kernels).
    @inlinable var directsByHardware: Bool { precision <= 50 }
    /// `2^(p-1)`: dividing by the quantum is multiplying by `1/b` and by this.
    @usableFromInline let inverseQuantumScale: Double

    @usableFromInline let maxFinite: Double
    /// `2^(1023 - emax)` and its reciprocal: a magnitude above the greatest finite value is at
    /// least `2^(emax+1)`, which the first takes to `2^1024`, so to +∞; every magnitude up to
    /// the greatest finite value goes there and back exactly (used where overflow gives +∞).
    @usableFromInline let overflowScale: Double
    @usableFromInline let overflowUnscale: Double
    /// +∞, read from memory: the compiler turns a comparison with the constant into an
    /// integer class test (three SIMD operations where one comparison does).
    @usableFromInline let infinity: Double
    /// What "∞" becomes under the overflow behaviour: +∞, NaN or the greatest finite value.
    @usableFromInline var infinityReplacement: Double
    /// The least magnitude a finite nonzero input may round to: 0, or `2^emin` for a
    /// format without zero (E8M0).
    @usableFromInline let leastMagnitude: Double
    /// Inputs below this become NaN: -∞ for signed formats, the least positive double for
    /// unsigned ones (so that 0 and negative values give NaN).
    @usableFromInline let lowestInput: Double
    /// ANDed into the sign of a zero result: keeps -0 only where the format has it.
    @usableFromInline let zeroSignMask: UInt64

    /// Stochastic rounding: R, and the mask that keeps the top R of 52 random bits.
    @usableFromInline var randomBits: Int
    @usableFromInline var randomMask: UInt64
    /// `2^-R - 1`: added to `1 + k·2^-R` it gives `(k + 1)·2^-R` exactly.
    @usableFromInline var randomOffset: Double
    @usableFromInline var randomShift: UInt64
    /// Stochastic rounding by carry (``RoundingKernel/roundByCarry(_:randomWord:)``, and
    /// ``CarryAlone`` in array loops), which the shifter geometries use where it applies:
    /// whether R ≤ 53 - p, the right shift that brings a word's top R' = min(R, 53 - p) bits
    /// to bits `[53-p-R', 53-p)`, the mask of those bits, and the mask that keeps the bits of
    /// a double above its last 53 - p. (With R > 53 - p only the array loops' carry alone uses
    /// the shift and mask: see ``CarryAlone/round(_:randomWords:)`` for why R' bits decide.)
    @usableFromInline var randomBitsFitFraction: Bool
    @usableFromInline var carryShift: UInt64
    @usableFromInline var carryMask: UInt64
    @usableFromInline var keepMask: UInt64

    @usableFromInline
    init(format: FloatFormat, mode: RoundingMode, overflow: OverflowBehavior) {
        let p = format.precision
        precision = p
        minExponent = format.minExponent
        maxExponent = format.maxExponent
        hasSubnormals = format.hasSubnormals
        let isPlain = format.hasSubnormals && format.hasNegativeZero
        if p == 53 {
            formatGeometry = .fullPrecision
        } else if format.hasSubnormals && format.maxExponent + 53 - p <= 1023 && format.minExponent + 1 - p - 52 >= -1022 {
            formatGeometry = isPlain ? .shifter : .shifterWithoutNegativeZero
        } else {
            formatGeometry = .general
        }
        geometry = formatGeometry
        minNormal = .powerOfTwo(format.minExponent)
        lowBinade = format.hasSubnormals ? minNormal : .powerOfTwo(format.minExponent + p - 1)
        highBinade = .powerOfTwo(format.maxExponent)
        quantumScale = .powerOfTwo(1 - p)
        shifterScale = .powerOfTwo(53 - p)
        inverseQuantumScale = .powerOfTwo(p - 1)
        maxFinite = format.greatestFiniteMagnitude
        overflowScale = .powerOfTwo(1023 - format.maxExponent)
        overflowUnscale = .powerOfTwo(format.maxExponent - 1023)
        infinity = .infinity
        infinityReplacement = .infinity
        leastMagnitude = format.hasZero ? 0 : format.leastNonzeroMagnitude
        lowestInput = format.isSigned ? -.infinity : .leastNonzeroMagnitude
        zeroSignMask = format.hasNegativeZero ? 1 << 63 : 0
        randomBits = 52
        randomMask = 0
        randomOffset = 0
        randomShift = 0
        randomBitsFitFraction = false
        carryShift = 0
        carryMask = 0
        keepMask = ~0
        setOverflow(overflow)
        setRandomBits(mode)
    }

    /// The plan with another overflow behaviour: only what "∞" becomes changes.
    ///
    /// - Precondition: the behaviour is valid for the format (checked by ``FloatRounder``).
    @inlinable
    func with(overflow: OverflowBehavior) -> RoundingPlan {
        var plan = self
        plan.setOverflow(overflow)
        return plan
    }

    /// The plan for another mode: only stochastic rounding's number of random bits depends
    /// on the mode.
    @inlinable
    func with(mode: RoundingMode) -> RoundingPlan {
        var plan = self
        plan.setRandomBits(mode)
        return plan
    }

    @inlinable
    mutating func setOverflow(_ overflow: OverflowBehavior) {
        switch overflow {
        case .infinity: infinityReplacement = .infinity
        case .nan: infinityReplacement = .nan
        case .saturate: infinityReplacement = maxFinite
        }
        switch (formatGeometry, overflow) {
        // emax ≥ 1 keeps both scalings normal numbers.
        case (.shifter, .infinity) where maxExponent >= 1: geometry = .shifterOverflowingToInfinity
        case (.shifter, .saturate): geometry = .shifterSaturating
        default: geometry = formatGeometry
        }
    }

    @inlinable
    mutating func setRandomBits(_ mode: RoundingMode) {
        let bits: Int
        if case .stochastic(let randomBits) = mode { bits = randomBits } else { bits = 52 }
        randomBits = bits
        randomMask = ((1 << UInt64(bits)) - 1) << UInt64(52 - bits)
        randomOffset = .powerOfTwo(-bits) - 1
        randomShift = UInt64(64 - bits)
        let fraction = 53 - precision
        randomBitsFitFraction = bits <= fraction
        carryShift = UInt64(64 - fraction)
        let carried = min(bits, fraction)
        carryMask = ((1 << UInt64(carried)) - 1) << UInt64(fraction - carried)
        keepMask = ~((1 << UInt64(fraction)) - 1)
    }

    /// Applies overflow, special inputs and the sign to a rounded magnitude.
    ///
    /// - Parameters:
    ///   - magnitude: the rounded |x| at unbounded exponent range.
    ///   - x: the input, for its sign and for NaN and infinity.
    ///   - overflowMagnitude: what the mode gives when `magnitude` exceeds the greatest
    ///     finite value (the greatest finite value, or ``infinityReplacement``).
    ///   - isPlain: the format has subnormals and signed zeros (see ``BracketGeometry``).
    ///   - mayLackZero: the format may have no zero, so the least magnitude is a floor.
    ///   - overflowIsInfinity: the mode always overflows to "∞", so an infinite input, whose
    ///     magnitude overflows, needs no check of its own.
    ///   - staticOverflow: what overflow gives where the kernel's geometry fixes it; then
    ///     the overflow needs no select (see ``StaticOverflow``).
    /// - Postcondition: the result is a value of the format, ±∞ or NaN; zero results keep
    ///   `x`'s sign where the format has -0.
    @inlinable @inline(__always)
    func finish(
        _ magnitude: Double, source x: Double, overflowMagnitude: Double, isPlain: Bool, mayLackZero: Bool,
        overflowIsInfinity: Bool, staticOverflow: StaticOverflow
    ) -> Double {
        // A NaN input needs no select of its own: every rule's result derives from the
        // NaN magnitude, and every comparison below is false for it (and a NaN scales to NaN).
        var m: Double
        let saturates = staticOverflow == .saturation
        if saturates {
            // Every rule's overflow magnitude is then the greatest finite value, and an
            // infinite input's magnitude is ∞ in every rule, so it needs no check either.
            m = magnitude > maxFinite ? maxFinite : magnitude
        } else if overflowIsInfinity && staticOverflow == .infinity {
            m = magnitude * overflowScale * overflowUnscale
        } else {
            m = magnitude > maxFinite ? overflowMagnitude : magnitude
        }
        if mayLackZero { m = m < leastMagnitude ? leastMagnitude : m }
        if !overflowIsInfinity && !saturates { m = x.magnitude == infinity ? infinityReplacement : m }
        var sign = x.bitPattern & (1 << 63)
        if isPlain { return Double(bitPattern: m.bitPattern | sign) }
        sign = m == 0 ? sign & zeroSignMask : sign
        let result = Double(bitPattern: m.bitPattern | sign)
        return x >= lowestInput ? result : .nan
    }
}
