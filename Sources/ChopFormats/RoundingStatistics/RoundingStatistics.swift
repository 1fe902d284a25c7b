/// What rounding did to a set of values: counts of special and edge cases, and the
/// absolute and relative errors.
///
/// Definitions, for input x and result y:
/// - `overflowed`: x finite and its rounding at unbounded exponent range greater in magnitude
///   than the format's greatest finite value (IEEE 754's overflow); split by what it became:
///   `overflowToInfinity` (±∞), `overflowToNaN` (NaN) and `saturated` (±max).
/// - `underflowToZero`: x finite and nonzero, y zero.
/// - `becameSubnormal`: y nonzero, finite, below the least normal magnitude.
/// - `unchanged`: y has the same bits as x (NaNs excluded).
/// - errors: |y - x| over elements where both are finite; relative errors also need x ≠ 0.
public struct RoundingStatistics: Sendable, Equatable {
    public var count = 0
    public var nanIn = 0
    public var nanOut = 0
    public var infinityIn = 0
    public var infinityOut = 0
    public var overflowed = 0
    public var overflowToInfinity = 0
    public var overflowToNaN = 0
    public var saturated = 0
    public var underflowToZero = 0
    public var becameSubnormal = 0
    public var unchanged = 0
    public var maxAbsoluteError = 0.0
    public var sumAbsoluteError = 0.0
    public var absoluteErrorCount = 0
    public var maxRelativeError = 0.0
    public var sumRelativeError = 0.0
    public var relativeErrorCount = 0

    public init() {}

    public var meanAbsoluteError: Double { absoluteErrorCount == 0 ? 0 : sumAbsoluteError / Double(absoluteErrorCount) }
    public var meanRelativeError: Double { relativeErrorCount == 0 ? 0 : sumRelativeError / Double(relativeErrorCount) }

    /// Adds the elements of `inputs`, their rounded `outputs`, and the same roundings at
    /// unbounded exponent range (``FloatRounder/unboundedTwin``, same mode, seed and indices),
    /// which tell overflow apart from ordinary rounding near the top of the range.
    public mutating func add(
        inputs: UnsafeBufferPointer<Double>, outputs: UnsafeBufferPointer<Double>,
        unbounded: UnsafeBufferPointer<Double>, format: FloatFormat
    ) {
        precondition(inputs.count == outputs.count && inputs.count == unbounded.count)
        let maxFinite = format.greatestFiniteMagnitude
        add(inputs: inputs, outputs: outputs, leastNormal: format.leastNormalMagnitude) { unbounded[$0].magnitude > maxFinite }
    }

    /// Adds the elements of `inputs` and their roundings to a posit format: an input beyond
    /// maxpos counts as overflowed (and saturated); posits have no subnormals, and never
    /// round a nonzero to zero.
    public mutating func add(inputs: UnsafeBufferPointer<Double>, outputs: UnsafeBufferPointer<Double>, posit format: PositFormat) {
        let maxpos = format.greatestFiniteMagnitude
        add(inputs: inputs, outputs: outputs, clamped: { inputs[$0].magnitude > maxpos })
    }

    /// Adds the elements of `inputs` and their roundings to a format without subnormals that
    /// saturates, where `clamped(i)` says whether element `i` lay beyond the format's range
    /// (integer and fixed-point quantization): such an input counts as overflowed and
    /// saturated; a nonzero input that became 0 counts as flushed to zero.
    public mutating func add(
        inputs: UnsafeBufferPointer<Double>, outputs: UnsafeBufferPointer<Double>, clamped: (Int) -> Bool
    ) {
        precondition(inputs.count == outputs.count)
        add(inputs: inputs, outputs: outputs, leastNormal: 0, overflows: clamped)
    }

    private mutating func add(
        inputs: UnsafeBufferPointer<Double>, outputs: UnsafeBufferPointer<Double>, leastNormal: Double,
        overflows: (Int) -> Bool
    ) {
        for index in 0..<inputs.count {
            let (x, y) = (inputs[index], outputs[index])
            count += 1
            if x.isNaN { nanIn += 1 }
            if y.isNaN { nanOut += 1 }
            if x.isInfinite { infinityIn += 1 }
            if y.isInfinite { infinityOut += 1 }
            if x.isFinite && overflows(index) {
                overflowed += 1
                if y.isInfinite { overflowToInfinity += 1 } else if y.isNaN { overflowToNaN += 1 } else { saturated += 1 }
            }
            if x.isFinite && x != 0 && y == 0 { underflowToZero += 1 }
            if y.isFinite && y != 0 && y.magnitude < leastNormal { becameSubnormal += 1 }
            if !x.isNaN && x.bitPattern == y.bitPattern { unchanged += 1 }
            if x.isFinite && y.isFinite {
                let error = (y - x).magnitude
                absoluteErrorCount += 1
                sumAbsoluteError += error
                maxAbsoluteError = Swift.max(maxAbsoluteError, error)
                if x != 0 {
                    let relative = error / x.magnitude
                    relativeErrorCount += 1
                    sumRelativeError += relative
                    maxRelativeError = Swift.max(maxRelativeError, relative)
                }
            }
        }
    }

    /// Combines the statistics of two parts of one data set.
    public mutating func merge(_ other: RoundingStatistics) {
        count += other.count
        nanIn += other.nanIn
        nanOut += other.nanOut
        infinityIn += other.infinityIn
        infinityOut += other.infinityOut
        overflowed += other.overflowed
        overflowToInfinity += other.overflowToInfinity
        overflowToNaN += other.overflowToNaN
        saturated += other.saturated
        underflowToZero += other.underflowToZero
        becameSubnormal += other.becameSubnormal
        unchanged += other.unchanged
        maxAbsoluteError = Swift.max(maxAbsoluteError, other.maxAbsoluteError)
        sumAbsoluteError += other.sumAbsoluteError
        absoluteErrorCount += other.absoluteErrorCount
        maxRelativeError = Swift.max(maxRelativeError, other.maxRelativeError)
        sumRelativeError += other.sumRelativeError
        relativeErrorCount += other.relativeErrorCount
    }
}
