import ChopFormats
import ChopTensors
import Testing

/// The README's tensor snippet, kept compiling and true.
@Suite("Tensor README snippet")
struct TensorReadmeTests {
    @Test("the snippet runs; its results are what its comments say")
    func snippet() throws {
        let bf16 = try TensorPrecision(.bfloat16)
        let x = try Tensor(rounding: [0.1, 0.2, 0.3], shape: [3], precision: bf16)
        let y = x * x + x
        let s = try x.sum(order: .pairwise)
        let w = try Tensor(rounding: (0..<(64 * 256)).map { Double($0 % 7) / 7 }, shape: [64, 256], precision: bf16)
        let a = try Tensor(rounding: (0..<(256 * 8)).map { Double($0 % 5) / 5 }, shape: [256, 8], precision: bf16)
        let model = MatrixMultiplication(
            accumulator: try FloatRounder(format: .binary32), order: .fused(chunk: 16),
            output: try FloatRounder(format: .bfloat16))
        let c = try w.matmul(a, model: model, threads: 2)
        // 0.1 in bfloat16 is 0.10009765625 (205·2^-11); 0.1² + 0.1 rounded twice.
        let r = try FloatRounder(format: .bfloat16)
        #expect(x.scalars[0] == 205 * 0x1p-11)
        #expect(y.scalars[0] == r.sum(r.product(x.scalars[0], x.scalars[0]), x.scalars[0]))
        // Pairwise of three: ∘(∘(x₀ + x₁) + x₂).
        #expect(s == r.sum(r.sum(x.scalars[0], x.scalars[1]), x.scalars[2]))
        #expect(c.shape == [64, 8] && c.precision.format as? FloatFormat == .bfloat16)
        // Each entry is within one bfloat16 rounding (2^-8 relative) plus fp32 noise of the exact product.
        for i in 0..<64 {
            for j in 0..<8 {
                let exact = (0..<256).reduce(0.0) { $0 + w[i, $1] * a[$1, j] }
                #expect(abs(c[i, j] - exact) <= 0x1p-8 * abs(exact) * 1.01)
            }
        }
    }
}
