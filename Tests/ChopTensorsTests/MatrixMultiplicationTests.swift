import ChopFormats
@testable import ChopTensors
import ChopTestSupport
import Testing

/// Hand-worked cases where the accumulation models differ, with the reasoning in comments,
/// and reproducibility of stochastic accumulation across thread counts.
@Suite("Matrix-multiply models")
struct MatrixMultiplicationTests {
    /// A 1×k row of ones times a k×1 column of ones: the sum of k ones.
    static func sumOfOnes(_ k: Int, _ model: MatrixMultiplication) throws -> Double {
        try model.multiply([Double](repeating: 1, count: k), [Double](repeating: 1, count: k), m: 1, k: k, n: 1)[0]
    }

    @Test("4097 ones: 2048 accumulated in binary16, 4096 through a binary32 accumulator")
    func fourThousandNinetySevenOnes() throws {
        let half = try FloatRounder(format: .binary16)
        // In binary16 the spacing at 2048 is 2: 2048 + 1 is a tie and goes to the even 2048,
        // so the running sum sticks at 2048 after the 2048th one.
        #expect(try Self.sumOfOnes(4097, MatrixMultiplication(accumulator: half)) == 2048)
        // binary32 holds 4097 exactly; stored as binary16 it is the tie between 4096 and 4100
        // (spacing 4), and 4096's last significand bit is even.
        let wide = MatrixMultiplication(accumulator: try FloatRounder(format: .binary32), output: half)
        #expect(try Self.sumOfOnes(4097, wide) == 4096)
        // Exact accumulation rounded once to binary16: the same 4096.
        #expect(try Self.sumOfOnes(4097, MatrixMultiplication(accumulator: half, order: .exact)) == 4096)
        // Pairwise in binary16: every partial sum is a power of two up to 2048 (exact), and
        // the lone last one is absorbed only at the top: 4096 + 1 ties to 4096.
        #expect(try Self.sumOfOnes(4097, MatrixMultiplication(accumulator: half, order: .pairwise)) == 4096)
    }

    @Test("fused fp32 accumulation in chunks differs from sequential fp32 accumulation")
    func fusedChunksDiffer() throws {
        // Terms 1, 2^-24, 2^-24. Sequential binary32: 1 + 2^-24 is the tie between 1 and
        // 1 + 2^-23 and goes to 1 (even), twice. A chunk of 3 adds exactly: 1 + 2^-23, a
        // binary32 value.
        let a = [1.0, 0x1p-24, 0x1p-24]
        let b = [1.0, 1.0, 1.0]
        let fp32 = try FloatRounder(format: .binary32)
        let sequential = try MatrixMultiplication(accumulator: fp32).multiply(a, b, m: 1, k: 3, n: 1)[0]
        let fused = try MatrixMultiplication(accumulator: fp32, order: .fused(chunk: 3)).multiply(a, b, m: 1, k: 3, n: 1)[0]
        let chunksOfTwo = try MatrixMultiplication(accumulator: fp32, order: .fused(chunk: 2)).multiply(a, b, m: 1, k: 3, n: 1)[0]
        #expect(sequential == 1)
        #expect(fused == 1 + 0x1p-23)
        // Chunks of 2: ∘(1 + 2^-24) = 1, then ∘(1 + 2^-24) = 1 again.
        #expect(chunksOfTwo == 1)
    }

    @Test("rounded products lose what exact products keep")
    func roundedProducts() throws {
        // (1 + 2^-7)² = 1 + 2^-6 + 2^-14: bfloat16 (8 bits) rounds the product to 1 + 2^-6;
        // a binary32 accumulator of the exact product keeps 1 + 2^-6 + 2^-14.
        let x = 1 + 0x1p-7
        let fp32 = try FloatRounder(format: .binary32)
        let exact = try MatrixMultiplication(accumulator: fp32).multiply([x], [x], m: 1, k: 1, n: 1)[0]
        let rounded = try MatrixMultiplication(accumulator: fp32, products: .rounded(try FloatRounder(format: .bfloat16)))
            .multiply([x], [x], m: 1, k: 1, n: 1)[0]
        #expect(exact == 1 + 0x1p-6 + 0x1p-14)
        #expect(rounded == 1 + 0x1p-6)
    }

    @Test("stochastic accumulation: same seed, same bits on 1, 2 and 3 threads; another seed differs")
    func stochasticReproducible() throws {
        var generator = Xoshiro256(seed: 5)
        let (m, k, n) = (7, 50, 6)
        let a = (0..<(m * k)).map { _ in Double(generator.next() % 1000) / 997 }
        let b = (0..<(k * n)).map { _ in Double(generator.next() % 1000) / 991 }
        for order in [SummationOrder.sequential, .fused(chunk: 8), .pairwise] {
            let model = MatrixMultiplication(
                accumulator: try FloatRounder(format: .bfloat16, mode: .stochastic()), order: order,
                output: try FloatRounder(format: .e4m3fn, mode: .stochastic()), seed: 11)
            let one = try model.multiply(a, b, m: m, k: k, n: n, threads: 1)
            for threads in [2, 3] {
                #expect(try model.multiply(a, b, m: m, k: k, n: n, threads: threads).map(\.bitPattern) == one.map(\.bitPattern))
            }
            var other = model
            other.seed = 12
            #expect(try other.multiply(a, b, m: m, k: k, n: n).map(\.bitPattern) != one.map(\.bitPattern))
        }
    }

    @Test("the column loop draws the same words as the reference reduction (stochastic and directed modes)")
    func pairLoopMatchesReduction() throws {
        var generator = Xoshiro256(seed: 21)
        let bf16 = try FloatRounder(format: .bfloat16)
        let (m, k, n) = (4, 33, 5)
        let a = (0..<(m * k)).map { _ in bf16.round(Double.random(in: -2...2, using: &generator)) }
        let b = (0..<(k * n)).map { _ in bf16.round(Double.random(in: -2...2, using: &generator)) }
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 6), .stochasticEqual, .towardZero] {
            let accumulator = try FloatRounder(format: .bfloat16, mode: mode)
            let model = MatrixMultiplication(accumulator: accumulator, seed: 99)
            #expect(ColumnAccumulation(model, a, b) != nil, "the loop under test must apply")
            let got = try model.multiply(a, b, m: m, k: k, n: n)
            let reduction = try Reduction<FloatRounder, FloatRounder>(order: .sequential, accumulator: accumulator, productRounder: nil)
            let stream = RandomStream(seed: RandomStream(seed: 99).word(at: 0))
            for i in 0..<m {
                for j in 0..<n {
                    let expected = reduction.reduce(count: k, stream: stream, output: i * n + j, { a[i * k + $0] }, { b[$0 * n + j] })
                    #expect(got[i * n + j].bitPattern == expected.bitPattern, "\(mode) [\(i),\(j)]")
                }
            }
        }
    }

    @Test("the column loop, stochastic, with sums that are not doubles and fused chunks, equals the reduction", arguments: [
        RoundingMode.stochastic(), .stochastic(randomBits: 20), .stochastic(randomBits: 40), .stochasticEqual,
    ])
    func columnLoopStochastic(_ mode: RoundingMode) throws {
        var generator = Xoshiro256(seed: 31)
        let bf16 = try FloatRounder(format: .bfloat16)
        let e5m2 = try FloatRounder(format: .e5m2)
        // Products 2^120 apart: binary32 sums are often not doubles (the tail path); FP8
        // inputs for the fused chunks.
        let wide = { (count: Int) in
            (0..<count).map { _ in bf16.round(Double(sign: .plus, exponent: Int.random(in: -60...60, using: &generator), significand: 1.5) * (Bool.random(using: &generator) ? 1 : -1)) }
        }
        let narrow = { (count: Int) in (0..<count).map { _ in e5m2.round(Double.random(in: -4...4, using: &generator)) } }
        let (m, k, n) = (3, 40, 6)
        let cases: [(FloatFormat, SummationOrder, [Double], [Double])] = [
            (.binary32, .sequential, wide(m * k), wide(k * n)), (.bfloat16, .sequential, wide(m * k), wide(k * n)),
            (.binary32, .fused(chunk: 8), narrow(m * k), narrow(k * n)), (.binary16, .fused(chunk: 3), narrow(m * k), narrow(k * n)),
        ]
        for (format, order, a, b) in cases {
            let accumulator = try FloatRounder(format: format, mode: mode)
            let model = MatrixMultiplication(accumulator: accumulator, order: order, seed: 5)
            #expect(ColumnAccumulation(model, a, b) != nil, "the loop under test must apply")
            let got = try model.multiply(a, b, m: m, k: k, n: n, threads: 2)
            let reduction = try Reduction<FloatRounder, FloatRounder>(order: order, accumulator: accumulator, productRounder: nil)
            let stream = RandomStream(seed: RandomStream(seed: 5).word(at: 0))
            var mismatches = 0
            for i in 0..<m {
                for j in 0..<n {
                    let expected = reduction.reduce(count: k, stream: stream, output: i * n + j, { a[i * k + $0] }, { b[$0 * n + j] })
                    if got[i * n + j].bitPattern != expected.bitPattern { mismatches += 1 }
                }
            }
            #expect(mismatches == 0, "\(mode) \(format.name) \(order)")
        }
    }

    @Test("stochastic accumulation of 4097 ones in binary16 is unbiased")
    func stochasticOnes() throws {
        // Each step from s ≥ 2048 rounds s + 1 up with probability 1/2 (for s in [2048, 4096),
        // spacing 2) — the expected sum is 4097. Over 400 seeds the mean's standard deviation
        // is far below 20 (each sum's spread is at most a few dozen): |mean - 4097| < 20 is
        // a bound a correct implementation misses with negligible probability, while a
        // nearest-even accumulator gives 2048.
        var total = 0.0
        for seed in 0..<400 {
            let model = MatrixMultiplication(accumulator: try FloatRounder(format: .binary16, mode: .stochastic()), seed: UInt64(seed))
            total += try Self.sumOfOnes(4097, model)
        }
        #expect(abs(total / 400 - 4097) < 20)
    }

    @Test("bad parameters and shapes are errors that name the problem")
    func errors() throws {
        let fp32 = try FloatRounder(format: .binary32)
        #expect(throws: TensorError.countMismatch(shape: [2, 3], count: 5)) {
            try MatrixMultiplication(accumulator: fp32).multiply([1, 2, 3, 4, 5], [1, 2, 3], m: 2, k: 3, n: 1)
        }
        #expect(throws: TensorError.invalidParameter("a fused chunk must hold 1 or more terms, not 0")) {
            try MatrixMultiplication(accumulator: fp32, order: .fused(chunk: 0)).multiply([1], [1], m: 1, k: 1, n: 1)
        }
        #expect(try MatrixMultiplication(accumulator: fp32).multiply([], [], m: 2, k: 0, n: 2) == [0, 0, 0, 0])
    }
}
