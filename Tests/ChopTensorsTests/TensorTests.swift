import ChopFormats
import ChopTensors
import ChopTestSupport
import Testing

/// Tensors: values stay representable, each operation rounds each result once, broadcasting
/// and shapes follow NumPy, reductions follow their stated order.
@Suite("Tensors")
struct TensorTests {
    let half = try! TensorPrecision(.binary16)

    @Test("construction rounds, or checks representability")
    func construction() throws {
        let x = try Tensor(rounding: [0.1, 1, 65520], shape: [3], precision: half)
        // 0.1 in binary16 is 0x2E66 = 1638/16384; 65520 is the tie between 65504 and 2^16 and
        // overflows to infinity.
        #expect(x.scalars == [1638.0 / 16384, 1, .infinity])
        #expect(throws: TensorError.notRepresentable(index: 1, value: 0.1, format: "binary16")) {
            try Tensor(exactly: [1, 0.1], shape: [2], precision: half)
        }
        #expect(throws: TensorError.countMismatch(shape: [2, 2], count: 3)) {
            try Tensor(rounding: [1, 2, 3], shape: [2, 2], precision: half)
        }
    }

    @Test("elementwise results are rounded once, element by element, with broadcasting")
    func elementwise() throws {
        let a = try Tensor(exactly: [1, 2, 3], shape: [3, 1], precision: half)
        let b = try Tensor(exactly: [2048, 0.5, 0x1p-24, 3], shape: [4], precision: half)
        let sum = a + b
        #expect(sum.shape == [3, 4])
        // Row 0: 1 + 2048 is the tie between 2048 and 2050 (even: 2048); 1 + 0.5; 1 + 2^-24
        // rounds to 1 (2^-24 is far below half of 1's spacing 2^-10); 1 + 3.
        #expect(Array(sum.scalars[0..<4]) == [2048, 1.5, 1, 4])
        // Row 2: 3 + 2048 = 2051 ties between 2050 and 2052: 2052 (even significand).
        #expect(sum[2, 0] == 2052)
        let product = a * b
        #expect(product[2, 1] == 1.5 && product[1, 0] == 4096)
        // [3, 1] and [2, 2]: 3 against 2 in the first dimension.
        #expect(throws: TensorError.shapeMismatch(operation: "+", [3, 1], [2, 2])) {
            try a.adding(try Tensor(exactly: [1, 2, 3, 4], shape: [2, 2], precision: half))
        }
        let single = try TensorPrecision(.binary32)
        #expect(throws: TensorError.differentPrecisions("binary16 nearest-even", "binary32 nearest-even")) {
            try a.adding(try Tensor(exactly: [1], shape: [1], precision: single))
        }
        // Named result precision: binary32's spacing at 1 is 2^-23, so 1 + 2^-24 is a tie and
        // goes to 1; 2 + 2048 = 2050 is exact.
        let mixed = try a.adding(b, in: single)
        #expect(mixed[1, 0] == 2050 && mixed[0, 2] == 1)
    }

    @Test("fused multiply-add rounds once; square root and scaling round once")
    func fusedAndUnary() throws {
        // (1 + 2^-10)·(1 - 2^-10) - 1 = -2^-20 exactly; with a rounded product it would be 0.
        let x = try Tensor(exactly: [1 + 0x1p-10], shape: [1], precision: half)
        let y = try Tensor(exactly: [1 - 0x1p-10], shape: [1], precision: half)
        let minusOne = try Tensor(exactly: [-1], shape: [1], precision: half)
        #expect(try x.multiplyingAdding(y, minusOne).scalars == [-0x1p-20])
        #expect((x * y + minusOne).scalars == [0])
        let two = try Tensor(exactly: [2], shape: [1], precision: half)
        // √2 = 1.41421356…: binary16 neighbours 1.4140625 and 1.4150390625, nearer the first.
        #expect(two.squareRoot().scalars == [1.4140625])
        // 2 × 0.1 (the double, taken exactly) = 0.2000000000000000111 = 1638.4 units of
        // binary16's spacing 2^-13 in [1/8, 1/4): 1638·2^-13.
        #expect(two.scaled(by: 0.1).scalars == [1638 * 0x1p-13])
    }

    @Test("reductions follow their stated order")
    func reductions() throws {
        // 2048 followed by four ones in binary16 (spacing 2 at 2048).
        let x = try Tensor(exactly: [2048, 1, 1, 1, 1], shape: [5], precision: half)
        // Sequential: each 2048 + 1 ties to 2048.
        #expect(try x.sum(order: .sequential) == 2048)
        // Pairwise: left [2048, 1, 1] = ∘(∘(2048 + 1) + 1) = 2048; right [1, 1] = 2;
        // 2048 + 2 = 2050.
        #expect(try x.sum(order: .pairwise) == 2050)
        // Blocked by 2: [2048, 1] → 2048, [1, 1] → 2, [1] → 1; 2048 + 2 = 2050; 2050 + 1 = 2051
        // is the tie between 2050 and 2052, and 2052 has the even significand.
        #expect(try x.sum(order: .blocked(size: 2)) == 2052)
        #expect(try x.sum(order: .exact) == 2052)
        let matrix = try Tensor(exactly: [1, 2, 3, 4, 5, 6], shape: [2, 3], precision: half)
        #expect(try matrix.sum(alongAxis: 0).scalars == [5, 7, 9])
        #expect(try matrix.sum(alongAxis: -1).scalars == [6, 15])
        #expect(try matrix.dot(matrix) == 91)
        // √91 = 9.539392…: binary16 spacing at 8 is 2^-7; 9.5390625 is nearest.
        #expect(try matrix.norm() == 9.5390625)
        #expect(throws: TensorError.invalidAxis(operation: "sum", axis: 2, rank: 2)) { try matrix.sum(alongAxis: 2) }
    }

    @Test("shape operations move values without rounding")
    func shapes() throws {
        let t = try Tensor(exactly: [1, 2, 3, 4, 5, 6], shape: [2, 3], precision: half)
        #expect(t.transposed.shape == [3, 2] && t.transposed.scalars == [1, 4, 2, 5, 3, 6])
        #expect(try t.reshaped(to: [3, 2]).scalars == t.scalars)
        #expect(try t.slice(0..<2, 1..<3).scalars == [2, 3, 5, 6])
        #expect(try t.slice(1..<2).scalars == [4, 5, 6])
        let cube = try Tensor(exactly: (0..<24).map(Double.init), shape: [2, 3, 4], precision: half)
        let permuted = try cube.permuted([2, 0, 1])
        #expect(permuted.shape == [4, 2, 3] && permuted[3, 1, 2] == cube[1, 2, 3])
        #expect(throws: TensorError.self) { try t.slice(0..<3) }
    }

    @Test("matmul in the tensor's precision and with a model")
    func matmul() throws {
        let a = try Tensor(exactly: [1, 2, 3, 4], shape: [2, 2], precision: half)
        let c = try a.matmul(a)
        #expect(c.scalars == [7, 10, 15, 22] && c.shape == [2, 2])
        let model = MatrixMultiplication(accumulator: try FloatRounder(format: .binary32), output: try FloatRounder(format: .bfloat16))
        let d = try a.matmul(a, model: model)
        #expect(d.precision.format as? FloatFormat == .bfloat16 && d.scalars == [7, 10, 15, 22])
        #expect(throws: TensorError.shapeMismatch(operation: "matmul", [2, 2], [3, 1])) {
            try a.matmul(try Tensor(exactly: [1, 2, 3], shape: [3, 1], precision: half))
        }
    }

    @Test("stochastic tensors: the same seed gives the same bits; the rounding is unbiased")
    func stochastic() throws {
        let values = [Double](repeating: 1 + 0x1p-12, count: 4000)
        let first = try Tensor(rounding: values, shape: [4000], precision: try TensorPrecision(.binary16, mode: .stochastic(), seed: 3))
        let again = try Tensor(rounding: values, shape: [4000], precision: try TensorPrecision(.binary16, mode: .stochastic(), seed: 3))
        #expect(first.scalars == again.scalars)
        // 1 + 2^-12 lies a quarter of the way from 1 to 1 + 2^-10: rounds up with probability
        // 1/4. Over 4000 draws the count of ups has standard deviation ≈ 27; ±200 is > 7σ.
        let ups = first.scalars.filter { $0 > 1 }.count
        #expect(abs(ups - 1000) < 200)
    }
}
