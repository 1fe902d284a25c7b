import ChopBlocks
import ChopFormats
import ChopTensors
import ChopTestSupport
import Testing

/// Quantize-on-store: block and integer formats applied to a tensor along an axis give the
/// independent references' dequantized values, kept in the tensor's precision.
@Suite("Tensors quantized by block and integer formats")
struct TensorQuantizationTests {
    static let shape = [4, 64]
    static let values: [Double] = {
        var generator = Xoshiro256(seed: 8)
        return (0..<256).map { index in Double.random(in: -3...3, using: &generator) * (index % 9 == 0 ? 1e-2 : 1) }
    }()

    @Test("MXFP8 and MXFP4 along k, NVFP4 along rows, int8 per channel: the references' values, in the tensor's precision")
    func blocksAndIntegers() throws {
        // binary64: NVFP4's values (element × E4M3 scale × binary32 tensor scale) need up to
        // 30 bits.
        let fp64 = try TensorPrecision(.binary64)
        let x = try Tensor(rounding: Self.values, shape: Self.shape, precision: fp64)
        for (format, axis) in [(BlockFormat.mxfp8E4M3, 1), (.nvfp4, 0), (.mxfp4, 1)] {
            let q = try x.quantized(by: BlockRounder(format: format, axis: axis))
            let expected = BlockReference.quantize(x.scalars, shape: Self.shape, axis: axis, format: format, mode: .toNearestOrEven)
            #expect(q.shape == Self.shape && q.scalars == expected, "\(format.name) along \(axis)")
            #expect(q.precision.roundsLike(fp64))
        }
        let int8 = try IntegerQuantizer(format: .symmetric(bits: 8), granularity: .channel(axis: 0), mode: .towardZero)
        let q = try x.quantized(by: int8)
        let expected = IntegerReference.quantize(
            x.scalars, shape: Self.shape, format: .symmetric(bits: 8), granularity: .channel(axis: 0), mode: .towardZero)
        #expect(q.scalars == expected)
    }

    @Test("refusals: an axis outside the tensor; values the precision cannot hold")
    func refusals() throws {
        let x = try Tensor(rounding: Self.values, shape: Self.shape, precision: try TensorPrecision(.binary32))
        #expect(throws: TensorError.self) { _ = try x.quantized(by: BlockRounder(format: .mxfp4, axis: 2)) }
        // int8 per tensor: q·s with s = amax/127 is not a binary16 value for most q.
        let half = try Tensor(rounding: Self.values, shape: Self.shape, precision: try TensorPrecision(.binary16))
        #expect {
            _ = try half.quantized(by: IntegerQuantizer(format: .symmetric(bits: 8)))
        } throws: { error in
            guard case .notRepresentable = error as? TensorError else { return false }
            return true
        }
    }
}
