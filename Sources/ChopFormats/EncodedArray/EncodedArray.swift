/// An array's codes and the scales they need: what a ``FormatRounder`` encodes and decodes.
///
/// Scalar formats have codes only. Integer quantization has a scale and a zero point per group
/// (codes are two's complement bit patterns of `bitWidth` bits for signed formats). Block
/// formats have an element code per element, a scale per block and, for NVFP4, a tensor scale.
public struct EncodedArray: Sendable, Equatable {
    /// The row-major shape of the array.
    public var shape: [Int]
    /// One code per element, in the format's `bitWidth` bits.
    public var codes: [UInt64]
    /// One scale per group, in group order (empty for scalar formats).
    public var scales: [Double]
    /// The scales' codes where the scales have a format of their own (block formats).
    public var scaleCodes: [UInt64]
    /// One zero point per group (empty unless the format has them).
    public var zeroPoints: [Int64]
    /// The scale of the whole tensor (NVFP4), if any.
    public var tensorScale: Double?

    public init(
        shape: [Int], codes: [UInt64], scales: [Double] = [], scaleCodes: [UInt64] = [], zeroPoints: [Int64] = [],
        tensorScale: Double? = nil
    ) {
        self.shape = shape
        self.codes = codes
        self.scales = scales
        self.scaleCodes = scaleCodes
        self.zeroPoints = zeroPoints
        self.tensorScale = tensorScale
    }
}
