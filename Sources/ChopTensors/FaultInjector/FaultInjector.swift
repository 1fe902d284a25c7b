import ChopFormats

/// Soft errors for resilience studies: with probability `probability`, one bit of a value's
/// encoding in `format` is flipped (as CPFloat's and Pychop's fault injection do), chosen
/// uniformly among `bits` (default: every bit of the encoding).
///
/// ```swift
/// let faults = try FaultInjector(format: .bfloat16, probability: 1e-4, seed: 9)
/// let hit = faults.apply(to: weights)              // a seeded, reproducible fault pattern
/// var model = MatrixMultiplication(accumulator: fp32)
/// model.faults = try FaultInjector(format: .binary32, probability: 1e-6, seed: 1)  // in every partial sum
/// ```
///
/// Reproducible: whether element `i` is hit, and which bit, depend only on `(seed, i)`.
/// A flipped value is the decoded code, so it can become NaN, an infinity, or a subnormal.
public struct FaultInjector: Sendable {
    public let format: FloatFormat
    public let probability: Double
    public let seed: UInt64
    /// The bit positions that may flip (0 is the least significant bit of the encoding).
    public let bits: Range<Int>
    /// A word below this threshold means a fault.
    private let threshold: UInt64

    /// - Throws: ``TensorError/invalidParameter(_:)`` for a probability outside [0, 1] or bits
    ///   outside the encoding.
    public init(format: FloatFormat, probability: Double, seed: UInt64, bits: Range<Int>? = nil) throws(TensorError) {
        guard probability >= 0 && probability <= 1 else {
            throw .invalidParameter("a fault probability must lie in [0, 1], not \(probability)")
        }
        let bits = bits ?? 0..<format.bitWidth
        guard !bits.isEmpty, bits.lowerBound >= 0, bits.upperBound <= format.bitWidth else {
            throw .invalidParameter("bits \(bits) are not inside \(format.name)'s \(format.bitWidth)-bit encoding")
        }
        self.format = format
        self.probability = probability
        self.seed = seed
        self.bits = bits
        threshold = probability >= 1 ? .max : UInt64((probability * 0x1p64).rounded(.down))
    }

    /// `value` (a value of ``format``) with a bit flipped if element `index` is hit.
    public func apply(_ value: Double, index: UInt64) -> Double {
        let stream = RandomStream(seed: seed)
        let draw = stream.word(at: 2 &* index)
        guard probability >= 1 || draw < threshold else { return value }
        guard let code = try? format.encode(value) else { return value }
        let bit = bits.lowerBound + Int(stream.word(at: 2 &* index &+ 1) % UInt64(bits.count))
        return (try? format.decode(code ^ (1 << UInt64(bit)))) ?? .nan
    }

    /// Every element of `values` (values of ``format``), element `i` as index `firstIndex + i`.
    public func apply(to values: [Double], firstIndex: UInt64 = 0) -> [Double] {
        values.enumerated().map { apply($0.element, index: firstIndex &+ UInt64($0.offset)) }
    }
}

extension Tensor {
    /// The tensor with faults injected into its stored values (a memory or transfer error).
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` when the injector's format is not the
    ///   tensor's.
    public func injectingFaults(_ faults: FaultInjector) throws(TensorError) -> Tensor {
        guard precision.floatRounder?.format == faults.format else {
            throw .invalidParameter("faults in \(faults.format.name) for a tensor in \(precision.format.name)")
        }
        return Tensor(uncheckedScalars: faults.apply(to: scalars), shape: shape, precision: precision)
    }
}
