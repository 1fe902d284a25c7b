import ChopFormats
import ChopTensors
import ChopTestSupport
import Testing

/// Tensors in posit formats: every elementwise result is the exact result rounded once to the
/// posit format, checked against the bit-string reference's exact products, sums and quotients.
@Suite("Posit tensors")
struct PositTensorTests {
    static let values: [Double] = {
        var generator = Xoshiro256(seed: 16)
        return (0..<400).map { _ in Double.random(in: -40...40, using: &generator) } + [0, 1, -3, 1.0 / 3, 1e-20, 7e15]
    }()

    /// The reference's rounding of the exact `op(a, b)` of two posit16 values, decoded.
    static func reference(_ a: Double, _ b: Double, mode: RoundingMode, _ op: (PositReference.Signed, PositReference.Signed) -> PositReference.Signed) throws -> Double {
        let format = PositFormat.posit16
        let x = PositReference.signedValue(try format.encode(a), n: 16, es: 2)!
        let y = PositReference.signedValue(try format.encode(b), n: 16, es: 2)!
        return try format.decode(PositReference.roundedCode(op(x, y), n: 16, es: 2, mode: mode))
    }

    @Test("x * x and x + y are the posit16 roundings of the exact results, in nearest-even and toward zero",
          arguments: [RoundingMode.toNearestOrEven, .towardZero, .up])
    func elementwise(_ mode: RoundingMode) throws {
        let precision = try TensorPrecision(PositFormat.posit16, mode: mode)
        let x = try Tensor(rounding: Self.values, shape: [Self.values.count], precision: precision)
        let y = try Tensor(rounding: Self.values.reversed(), shape: [Self.values.count], precision: precision)
        #expect(x.scalars == Self.values.map { PositFormat.posit16.round($0, mode) })
        let square = x * x, sum = x + y
        for i in x.scalars.indices {
            let a = x.scalars[i], b = y.scalars[i]
            #expect(square.scalars[i] == (try Self.reference(a, a, mode: mode, PositReference.product)), "\(a)²")
            #expect(sum.scalars[i] == (try Self.reference(a, b, mode: mode, PositReference.sum)), "\(a) + \(b)")
        }
    }

    @Test("special results are NaR (NaN), zeros +0; stochastic tensors repeat with their seed and pick a neighbour")
    func specialsAndStochastic() throws {
        let p16 = try TensorPrecision(PositFormat.posit16)
        let x = try Tensor(exactly: [1, 0, -2], shape: [3], precision: p16)
        let q = x / (try Tensor(exactly: [0, 0, 4], shape: [3], precision: p16))
        #expect(q.scalars[0].isNaN && q.scalars[1].isNaN && q.scalars[2] == -0.5)
        #expect((-x).scalars[1].sign == .plus && x.squareRoot().scalars[2].isNaN)
        #expect(throws: TensorError.self) { _ = try Tensor(exactly: [0.1], shape: [1], precision: p16) }
        func stochasticSquare(seed: UInt64) throws -> [Double] {
            let sr = try TensorPrecision(PositFormat.posit16, mode: .stochastic(), seed: seed)
            let t = try Tensor(rounding: Self.values, shape: [Self.values.count], precision: sr)
            return (t * t).scalars
        }
        let (first, again, other) = (try stochasticSquare(seed: 4), try stochasticSquare(seed: 4), try stochasticSquare(seed: 5))
        #expect(first == again && first != other)
        let sr = try TensorPrecision(PositFormat.posit16, mode: .stochastic(), seed: 4)
        let t = try Tensor(rounding: Self.values, shape: [Self.values.count], precision: sr)
        for (i, a) in t.scalars.enumerated() {
            let (down, up) = (try Self.reference(a, a, mode: .down, PositReference.product), try Self.reference(a, a, mode: .up, PositReference.product))
            #expect(first[i] == down || first[i] == up, "\(a)² gave \(first[i]), not \(down) or \(up)")
        }
    }

    @Test("reductions in posits: sequential sums round every partial sum, the exact order rounds once like the quire")
    func reductions() throws {
        let p16 = try TensorPrecision(PositFormat.posit16, mode: .towardZero)
        let x = try Tensor(rounding: Self.values, shape: [Self.values.count], precision: p16)
        let format = PositFormat.posit16
        let codes = try x.scalars.map { try format.encode($0) }
        // Sequential: s = ∘(∘(x₀ + x₁) + x₂)…, each sum on codes in the same mode.
        var s = codes[0]
        for code in codes.dropFirst() { s = format.sum(s, code, mode: .towardZero) }
        #expect(try x.sum(order: .sequential) == (try format.decode(s)))
        // Exact: one rounding of the exact sum (the reference's integer sum), toward zero.
        var exactSum: PositReference.Signed = (false, PositReference.Exact(significand: 0, exponent: 0))
        for code in codes { exactSum = PositReference.sum(exactSum, PositReference.signedValue(code, n: 16, es: 2)!) }
        let expected = PositReference.roundedCode(exactSum, n: 16, es: 2, mode: .towardZero)
        #expect(try x.sum(order: .exact) == (try format.decode(expected)))
        #expect(try x.sum(order: .fused(chunk: Self.values.count)) == (try format.decode(expected)))
        // dot with rounded products: each product rounded toward zero before the sequential sums.
        var d = format.product(codes[0], codes[0], mode: .towardZero)
        for code in codes.dropFirst() { d = format.sum(d, format.product(code, code, mode: .towardZero), mode: .towardZero) }
        #expect(try x.dot(x) == (try format.decode(d)))
        let m = try Tensor(rounding: [1, 2, 3, 4, 5, 6], shape: [2, 3], precision: p16)
        #expect(try m.sum(alongAxis: 1).scalars == [6, 15])
    }

    /// The posit16 code of the reference's rounding of `Σ a(t)·b(t)` (exact), in `mode`.
    static func exactDot(_ a: [Double], _ b: [Double], mode: RoundingMode, start: PositReference.Signed? = nil) throws -> UInt64 {
        let format = PositFormat.posit16
        var total: PositReference.Signed = start ?? (false, PositReference.Exact(significand: 0, exponent: 0))
        for (x, y) in zip(a, b) {
            let product = PositReference.product(
                PositReference.signedValue(try format.encode(x), n: 16, es: 2)!, PositReference.signedValue(try format.encode(y), n: 16, es: 2)!)
            total = PositReference.sum(total, product)
        }
        return PositReference.roundedCode(total, n: 16, es: 2, mode: mode)
    }

    @Test("matrix products in posits: rounded products and sums like code arithmetic; the exact order is the quire; fused chunks round each chunk once",
          arguments: [RoundingMode.toNearestOrEven, .towardZero])
    func matrixProducts(_ mode: RoundingMode) throws {
        let (m, k, n) = (3, 9, 4)
        let p16 = try TensorPrecision(PositFormat.posit16, mode: mode)
        let a = try Tensor(rounding: Array(Self.values.prefix(m * k)), shape: [m, k], precision: p16)
        let b = try Tensor(rounding: Array(Self.values.suffix(k * n + 6).prefix(k * n)), shape: [k, n], precision: p16)
        let format = PositFormat.posit16
        let row = { (i: Int) in Array(a.scalars[(i * k)..<((i + 1) * k)]) }
        let column = { (j: Int) in (0..<k).map { b.scalars[$0 * n + j] } }
        // Each product rounded, then each sum, on codes.
        let loop = try a.matmul(b)
        for i in 0..<m {
            for j in 0..<n {
                let codes = try zip(row(i), column(j)).map { (try format.encode($0), try format.encode($1)) }
                var s = format.product(codes[0].0, codes[0].1, mode: mode)
                for (x, y) in codes.dropFirst() { s = format.sum(s, format.product(x, y, mode: mode), mode: mode) }
                #expect(loop.scalars[i * n + j] == (try format.decode(s)), "[\(i),\(j)]")
            }
        }
        // The quire: every dot product exact, rounded once.
        let rounder = try PositRounder(format: .posit16, mode: mode)
        let quire = try MatrixMultiplication(accumulator: rounder, order: .exact).multiply(a.scalars, b.scalars, m: m, k: k, n: n)
        // Fused chunks of 4: the running total joins each chunk's exact sum.
        let fused = try MatrixMultiplication(accumulator: rounder, order: .fused(chunk: 4)).multiply(a.scalars, b.scalars, m: m, k: k, n: n)
        for i in 0..<m {
            for j in 0..<n {
                #expect(quire[i * n + j] == (try format.decode(try Self.exactDot(row(i), column(j), mode: mode))), "[\(i),\(j)]")
                var total = 0.0
                for start in stride(from: 0, to: k, by: 4) {
                    let end = min(start + 4, k)
                    let carried = PositReference.signedValue(try format.encode(total), n: 16, es: 2)!
                    total = try format.decode(try Self.exactDot(Array(row(i)[start..<end]), Array(column(j)[start..<end]), mode: mode, start: carried))
                }
                #expect(fused[i * n + j] == total, "[\(i),\(j)]")
            }
        }
        // Cancellation: sequential posit sums lose the 1 that the quire keeps.
        let big = try Tensor(exactly: [0x1p20, 1, -0x1p20], shape: [1, 3], precision: p16)
        let ones = try Tensor(exactly: [1, 1, 1], shape: [3, 1], precision: p16)
        #expect(try big.matmul(ones).scalars == [0])
        #expect(try big.matmul(ones, model: MatrixMultiplication(accumulator: rounder, order: .exact)).scalars == [1])
    }

    @Test("LU computes in the posit arithmetic; posit64 is refused")
    func kernels() throws {
        let p16 = try TensorPrecision(PositFormat.posit16)
        let a = try Tensor(exactly: [2, 1, 1, 3], shape: [2, 2], precision: p16)
        let lu = try LUFactorization(a)
        // [[2, 1], [1, 3]] x = [3, 4] has x = [1, 1]: every step exact in posit16.
        #expect(try lu.solve(try Tensor(exactly: [3, 4], shape: [2], precision: p16)).scalars == [1, 1])
        #expect(throws: FormatError.self) { _ = try TensorPrecision(PositFormat.posit64) }
    }
}
