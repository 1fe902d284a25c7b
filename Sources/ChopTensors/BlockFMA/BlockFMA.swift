import ChopFormats

/// A parameterised model of a matrix unit's inner product (a tensor core, a matrix core): a
/// block fused multiply-add that adds `groupSize` exact products and the running sum `c`,
/// aligned to a common exponent in a register of limited width, and normalises once per group.
///
/// One group (``group(_:_:addend:)``), as the papers that measured the hardware describe it:
///
/// 1. Each product `a·b` is exact. Its exponent is `ea + eb`, each input's exponent being at
///    least the input format's emin (subnormal inputs keep their small significands), plus 1
///    when the product of the significands reaches 2 (then halved, exactly).
/// 2. The terms (the nonzero products and a nonzero `c`, whose exponent is at least
///    binary32's emin, -126) are aligned to the largest exponent `E` in a register of
///    24 + `e` bits below `E`'s leading bit, where `e` is ``extraBits`` plus one when the
///    largest product's significands reached 2 (and that product's exponent is at least
///    `c`'s). Bits shifted out are dropped (truncation, no sticky bit); `e` may be negative
///    (FP8 on Ada and Hopper: -10). ``extraBits`` nil aligns without losing any bit.
/// 3. The aligned terms are added exactly (carries never lost), normalised once and rounded
///    to the group's format (``groupFormat``: the output format, narrowed to 24 + `e` bits
///    when that is fewer) in ``finalRounding``. A result of `2^(emax+1)` or more is
///    infinity in either mode; subnormal results are kept or flushed
///    (``outputSubnormals``). An exact zero is +0.
///
/// With ``AddendPlacement/late`` the products are aligned and added among themselves first and
/// `c` joins their sum exactly before the one rounding.
///
/// For `k` longer than a group, groups of `groupSize` (the last padded with zeros) run in
/// order, each group's result being the next group's `c`, as a kernel's consecutive
/// instructions do; the first `c` is the addend. With ``promoteEvery`` `N`, each run of `N`
/// products goes through the groups from `c = 0` and its result is added to a binary32
/// accumulator with round-to-nearest-even (the promotion to CUDA cores that DeepSeek-V3
/// describes for FP8 GEMMs). NaN among the products or the addend, or infinities of both
/// signs, give NaN; otherwise an infinite product or addend gives that infinity.
///
/// ```swift
/// let h100 = try TensorCoreModel.h100.blockFMA(input: .e4m3fn)   // 32 products, e = -10, truncation
/// let d = try h100.multiply(a, b, addend: c, m: 64, k: 4096, n: 64)
/// ```
///
/// The presets for real hardware are ``TensorCoreModel``'s.
public struct BlockFMA: Sendable, Hashable {
    /// How a group's sum becomes the group's result.
    public enum FinalRounding: String, Sendable, Hashable, CaseIterable {
        /// Truncation (NVIDIA's binary32 outputs).
        case towardZero = "toward-zero"
        /// Round to nearest, ties to even (binary16 outputs, AMD).
        case nearestEven = "nearest-even"
    }

    /// When the running sum `c` joins a group.
    public enum AddendPlacement: String, Sendable, Hashable, CaseIterable {
        /// Aligned with the products (NVIDIA).
        case early
        /// Added to the products' aligned sum (AMD CDNA3).
        case late
    }

    /// The inputs' format (precision at most 12 bits: binary16, bfloat16, TF32, FP8, FP6,
    /// FP4).
    public var inputFormat: FloatFormat
    /// The format of `c`, of every group's result and of the output.
    public var outputFormat: FloatFormat
    /// Products per group (at least 1).
    public var groupSize: Int
    /// Alignment bits beyond 24 below the largest exponent (negative: fewer); nil: none lost.
    public var extraBits: Int?
    public var finalRounding: FinalRounding
    /// Each aligned term keeps one more bit, set when bits were shifted out of it (a sticky
    /// bit) instead of plain truncation.
    public var stickyBit: Bool
    /// Subnormal inputs are used as they are (true) or as zeros.
    public var inputSubnormals: Bool
    /// Subnormal group results are kept (true) or flushed to zero.
    public var outputSubnormals: Bool
    public var addend: AddendPlacement
    /// Add each run of this many products to a binary32 accumulator (nil: never).
    public var promoteEvery: Int?

    /// - Throws: ``TensorError/invalidParameter(_:)`` for an input format of more than 12
    ///   significand bits, an output format of more than 24 or wider than binary32's exponent
    ///   range, a group size or promotion below 1, or extra bits outside -23...80.
    public init(
        inputFormat: FloatFormat, outputFormat: FloatFormat = .binary32, groupSize: Int, extraBits: Int?,
        finalRounding: FinalRounding, stickyBit: Bool = false, inputSubnormals: Bool = true, outputSubnormals: Bool = true,
        addend: AddendPlacement = .early, promoteEvery: Int? = nil
    ) throws(TensorError) {
        guard inputFormat.precision <= 12 else {
            throw .invalidParameter("block FMA inputs of \(inputFormat.name): at most 12 significand bits (binary16, bfloat16, tf32, FP8, FP6, FP4)")
        }
        guard outputFormat.precision <= 24, outputFormat.maxExponent <= 127, outputFormat.minExponent >= -126 else {
            throw .invalidParameter("block FMA output \(outputFormat.name): binary32 or a narrower format")
        }
        guard groupSize >= 1 else { throw .invalidParameter("group size \(groupSize): at least 1") }
        if let extraBits, !(-23...80).contains(extraBits) {
            throw .invalidParameter("extra alignment bits \(extraBits): -23...80, or none for exact alignment")
        }
        if let promoteEvery, promoteEvery < 1 { throw .invalidParameter("promotion every \(promoteEvery) products: at least 1") }
        self.inputFormat = inputFormat
        self.outputFormat = outputFormat
        self.groupSize = groupSize
        self.extraBits = extraBits
        self.finalRounding = finalRounding
        self.stickyBit = stickyBit
        self.inputSubnormals = inputSubnormals
        self.outputSubnormals = outputSubnormals
        self.addend = addend
        self.promoteEvery = promoteEvery
    }

    /// The format a group's result is rounded to: the output format, narrowed to 24 + `e`
    /// significand bits when ``extraBits`` `e` is negative (binary32 outputs of FP8 on Ada and
    /// Hopper keep 14; a binary16 output's 11 bits are fewer already).
    public var groupFormat: FloatFormat {
        let register = 24 + min(extraBits ?? 0, 0)
        guard register < outputFormat.precision else { return outputFormat }
        return try! FloatFormat(
            precision: register, maxExponent: outputFormat.maxExponent, minExponent: outputFormat.minExponent,
            name: "\(outputFormat.name)-p\(register)")
    }
}
