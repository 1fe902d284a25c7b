/// An integer or fixed-point quantization format (the Contracts article (Block and integer formats)).
///
/// - `symmetric(bits:)` (`int<N>`): `qmax = 2^(N-1) - 1`, scale `s = amax / qmax`,
///   `q = clamp(round(v / s), -qmax, qmax)`, decoded `q·s`.
/// - `asymmetric(bits:)` (`uint<N>`): `lo = min(min v, 0)`, `hi = max(max v, 0)`,
///   `s = (hi - lo) / (2^N - 1)`, zero point `zp = clamp(RNE(-lo / s), 0, 2^N - 1)`,
///   `q = clamp(round(v / s) + zp, 0, 2^N - 1)`, decoded `(q - zp)·s`.
/// - `fixed(integerBits:fractionBits:)` (`fixed<I>.<F>`): two's complement with I integer
///   bits (the sign included) and F fraction bits: `q = clamp(round(v·2^F), -2^(I+F-1),
///   2^(I+F-1) - 1)`, decoded `q / 2^F`; no scale.
///
/// `round` is the chosen mode (nearest-even by default) applied once to the exact quotient;
/// values are divided by the scale, never multiplied by a rounded reciprocal. A group whose
/// scale is 0 (all zeros) decodes to zeros.
public enum IntegerFormat: Sendable, Hashable, CustomStringConvertible {
    case symmetric(bits: Int)
    case asymmetric(bits: Int)
    case fixed(integerBits: Int, fractionBits: Int)

    /// Parses `int<N>`, `uint<N>` or `fixed<I>.<F>` (2 ≤ N ≤ 32, 1 ≤ I + F ≤ 32, I ≥ 1, F ≥ 0).
    public init(named name: String) throws(BlockError) {
        let lower = name.lowercased()
        func bits(_ text: Substring) -> Int? { Int(text).flatMap { (2...32).contains($0) ? $0 : nil } }
        if lower.hasPrefix("uint"), let n = bits(lower.dropFirst(4)) {
            self = .asymmetric(bits: n)
        } else if lower.hasPrefix("int"), let n = bits(lower.dropFirst(3)) {
            self = .symmetric(bits: n)
        } else if lower.hasPrefix("fixed") {
            let parts = lower.dropFirst(5).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let f = Int(parts[1]), i >= 1, f >= 0, i + f <= 32 else {
                throw .unknownFormat(name)
            }
            self = .fixed(integerBits: i, fractionBits: f)
        } else {
            throw .unknownFormat(name)
        }
    }

    /// Bits of a code.
    public var bitWidth: Int {
        switch self {
        case .symmetric(let bits), .asymmetric(let bits): bits
        case .fixed(let i, let f): i + f
        }
    }

    /// The least and greatest codes.
    public var codeRange: ClosedRange<Int64> {
        switch self {
        case .symmetric(let bits): -(Int64(1) << (bits - 1) - 1)...(Int64(1) << (bits - 1) - 1)
        case .asymmetric(let bits): 0...(Int64(1) << bits - 1)
        case .fixed(let i, let f): -(Int64(1) << (i + f - 1))...(Int64(1) << (i + f - 1) - 1)
        }
    }

    public var description: String {
        switch self {
        case .symmetric(let bits): "int\(bits)"
        case .asymmetric(let bits): "uint\(bits)"
        case .fixed(let i, let f): "fixed\(i).\(f)"
        }
    }
}
