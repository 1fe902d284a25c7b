import ChopFormats

/// A seeded random Hadamard transform, as NVFP4 training applies before quantizing: each
/// group of `size` consecutive elements along the last axis becomes `H·(s ⊙ x) / √size`,
/// with `H` the Sylvester-Hadamard matrix and `s` a vector of random signs drawn from the
/// seed. The transform is orthogonal, so ``inverse(_:)`` undoes it (up to binary64 rounding,
/// exactly when `size` is a power of 4, where `1/√size` is a power of two) and it spreads an
/// outlier over its group.
///
/// ```swift
/// let rht = try RandomHadamard(size: 16, seed: 7)
/// let mixed = rht.forward(gradients)         // then quantize to NVFP4
/// rht.inverse(mixed) == gradients            // (size 16: exactly, barring overflow)
/// ```
public struct RandomHadamard: Sendable, Hashable {
    public let size: Int
    public let seed: UInt64
    /// The random signs, one per position in a group (the same for every group).
    public let signs: [Double]

    /// - Throws: ``BlockError/invalidParameters(_:)`` unless `size` is a power of two from 2
    ///   to 2^16.
    public init(size: Int, seed: UInt64) throws(BlockError) {
        guard size >= 2, size <= 1 << 16, size & (size - 1) == 0 else {
            throw .invalidParameters("Hadamard size \(size); it must be a power of two from 2 to 65536")
        }
        self.size = size
        self.seed = seed
        let stream = RandomStream(seed: seed)
        signs = (0..<size).map { stream.word(at: UInt64($0)) >> 63 == 0 ? 1 : -1 }
    }

    /// The transform of every whole group of `size` elements (`values.count` a multiple of it).
    ///
    /// - Precondition: `values.count % size == 0`.
    public func forward(_ values: [Double]) -> [Double] {
        precondition(values.count % size == 0, "\(values.count) values do not make groups of \(size)")
        var result = values
        let norm = 1 / Double(size).squareRoot()
        for start in stride(from: 0, to: values.count, by: size) {
            for j in 0..<size { result[start + j] *= signs[j] }
            Self.walshHadamard(&result, start: start, size: size)
            for j in 0..<size { result[start + j] *= norm }
        }
        return result
    }

    /// The inverse transform: `s ⊙ H·y / √size`.
    public func inverse(_ values: [Double]) -> [Double] {
        precondition(values.count % size == 0, "\(values.count) values do not make groups of \(size)")
        var result = values
        let norm = 1 / Double(size).squareRoot()
        for start in stride(from: 0, to: values.count, by: size) {
            Self.walshHadamard(&result, start: start, size: size)
            for j in 0..<size { result[start + j] *= norm * signs[j] }
        }
        return result
    }

    /// The fast Walsh-Hadamard transform (unnormalized, Sylvester order) of one group, in place.
    static func walshHadamard(_ x: inout [Double], start: Int, size: Int) {
        var half = 1
        while half < size {
            for block in stride(from: start, to: start + size, by: 2 * half) {
                for j in block..<(block + half) {
                    let (a, b) = (x[j], x[j + half])
                    x[j] = a + b
                    x[j + half] = a - b
                }
            }
            half *= 2
        }
    }
}
