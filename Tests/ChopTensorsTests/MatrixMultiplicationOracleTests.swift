#if MPFR
import ChopFormats
@testable import ChopTensors
import ChopTestSupport
import Testing

/// Every accumulation model of ``MatrixMultiplication`` against ``KernelReference`` (each
/// stated rounding done by GNU MPFR), bit for bit, including the hardware fast path.
@Suite("Matrix-multiply models against GNU MPFR")
struct MatrixMultiplicationOracleTests {
    /// `count` random values of `format`, with magnitudes spread over `exponents`.
    static func values(_ count: Int, of format: FloatFormat, exponents: ClosedRange<Int>, _ generator: inout Xoshiro256) -> [Double] {
        let rounder = try! FloatRounder(format: format)
        return (0..<count).map { _ in
            let significand = Double(generator.next() >> 11) * 0x1p-53 + 1
            let sign: Double = generator.next() & 1 == 0 ? 1 : -1
            let exponent = Int(generator.next() % UInt64(exponents.count)) + exponents.lowerBound
            return rounder.round(sign * Double(sign: .plus, exponent: exponent, significand: significand))
        }
    }

    static let orders: [SummationOrder] = [.sequential, .pairwise, .blocked(size: 5), .fused(chunk: 4), .fused(chunk: 16), .exact]

    @Test("every order, exact and rounded products, several accumulators and modes")
    func models() throws {
        var generator = Xoshiro256(seed: 77)
        let cases: [(input: FloatFormat, accumulator: FloatFormat)] = [
            (.bfloat16, .binary32), (.e4m3fn, .binary16), (.binary16, .binary16), (.e5m2, .bfloat16), (.bfloat16, .bfloat16),
        ]
        let (m, k, n) = (3, 37, 4)
        var failures: [String] = []
        for (input, accumulatorFormat) in cases {
            let a = Self.values(m * k, of: input, exponents: -6...6, &generator)
            let b = Self.values(k * n, of: input, exponents: -6...6, &generator)
            for mode in [RoundingMode.toNearestOrEven, .towardZero, .up, .down, .toOdd, .toNearestOrAwayFromZero] {
                for rounded in [false, true] {
                    for order in Self.orders {
                        let accumulator = try FloatRounder(format: accumulatorFormat, mode: mode)
                        let products: ProductRounding = rounded ? .rounded(try FloatRounder(format: input)) : .exact
                        let model = MatrixMultiplication(accumulator: accumulator, order: order, products: products)
                        let got = try model.multiply(a, b, m: m, k: k, n: n)
                        let reference = KernelReference(accumulator: accumulatorFormat, mode: mode, productFormat: rounded ? input : nil)
                        for i in 0..<m {
                            for j in 0..<n {
                                let row = Array(a[(i * k)..<(i * k + k)])
                                let column = (0..<k).map { b[$0 * n + j] }
                                let expected = reference.reduce(row, column, order: order)
                                if got[i * n + j].bitPattern != expected.bitPattern {
                                    failures.append("\(model) [\(i),\(j)]: \(got[i * n + j]) vs \(expected)")
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count): \(failures.prefix(6).joined(separator: "\n"))")
    }

    @Test("the hardware fast path equals the stated roundings, across the accumulator's range", arguments: [
        (FloatFormat.bfloat16, FloatFormat.binary32, -140...(-100)), (.bfloat16, .binary32, -20...20), (.bfloat16, .binary32, 50...64),
        (.binary16, .binary32, -14...15), (.e4m3fn, .binary16, -9...7), (.e4m3fn, .bfloat16, -9...7), (.e5m2, .binary16, -16...14),
    ])
    func fastPath(_ input: FloatFormat, _ accumulatorFormat: FloatFormat, _ exponents: ClosedRange<Int>) throws {
        var generator = Xoshiro256(seed: UInt64(exponents.lowerBound + 1000))
        let (m, k, n) = (5, 64, 7)
        let a = Self.values(m * k, of: input, exponents: exponents, &generator)
        let b = Self.values(k * n, of: input, exponents: exponents, &generator)
        let model = MatrixMultiplication(accumulator: try FloatRounder(format: accumulatorFormat))
        #expect(FastAccumulation(model, a, b) != nil, "the fast path must be the one under test")
        let got = try model.multiply(a, b, m: m, k: k, n: n, threads: 2)
        let reference = KernelReference(accumulator: accumulatorFormat, mode: .toNearestOrEven)
        var mismatches = 0
        for i in 0..<m {
            for j in 0..<n {
                let expected = reference.reduce(Array(a[(i * k)..<(i * k + k)]), (0..<k).map { b[$0 * n + j] }, order: .sequential)
                if got[i * n + j].bitPattern != expected.bitPattern { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("the column loop (and the TwoSum loop for binary64), with products 2^240 apart (binary64 sums inexact)", arguments: [
        (FloatFormat.binary32, RoundingMode.towardZero), (.binary32, .up), (.binary32, .down), (.binary32, .toOdd),
        (.binary32, .toNearestOrEven), (.bfloat16, .up), (.binary16, .toNearestOrAwayFromZero), (.binary64, .towardZero),
        (.binary64, .down),
    ])
    func pairLoop(_ accumulatorFormat: FloatFormat, _ mode: RoundingMode) throws {
        var generator = Xoshiro256(seed: 404)
        let (m, k, n) = (3, 64, 4)
        let exponents = accumulatorFormat == .binary16 ? -8...7 : -60...60
        let a = Self.values(m * k, of: .bfloat16, exponents: exponents, &generator)
        let b = Self.values(k * n, of: .bfloat16, exponents: exponents, &generator)
        let model = MatrixMultiplication(accumulator: try FloatRounder(format: accumulatorFormat, mode: mode))
        let columns = ColumnAccumulation(model, a, b) != nil
        #expect(columns == (accumulatorFormat != .binary64), "the column loop applies where round-to-odd is exact")
        #expect(columns || PairAccumulation(model, a, b) != nil, "the loop under test must apply")
        let got = try model.multiply(a, b, m: m, k: k, n: n)
        let reference = KernelReference(accumulator: accumulatorFormat, mode: mode)
        var mismatches: [String] = []
        for i in 0..<m {
            for j in 0..<n {
                let expected = reference.reduce(Array(a[(i * k)..<(i * k + k)]), (0..<k).map { b[$0 * n + j] }, order: .sequential)
                if got[i * n + j].bitPattern != expected.bitPattern { mismatches.append("[\(i),\(j)] \(got[i * n + j]) vs \(expected)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("exact cancellations and signed zeros: the zero's sign in every mode, sequential and fused", arguments: [
        RoundingMode.toNearestOrEven, .down, .up, .towardZero,
    ])
    func zeros(_ mode: RoundingMode) throws {
        // Rows of FP8 values whose products cancel exactly (x·y then -x·y), with +0 and -0
        // inputs, so that partial sums and whole chunks are exact zeros of every sign.
        var generator = Xoshiro256(seed: 909)
        let (m, k, n) = (6, 24, 5)
        let e4m3 = try FloatRounder(format: .e4m3fn)
        var a: [Double] = []
        for i in 0..<m {
            for t in 0..<k {
                let value = e4m3.round(Double.random(in: -8...8, using: &generator))
                switch (i + t) % 5 {
                case 0: a.append(0)
                case 1: a.append(-0.0)
                default: a.append(t % 2 == 1 && i % 2 == 0 ? -a[a.count - 1] : value)
                }
            }
        }
        // Column j repeats each value twice, so rows that negate every other value cancel.
        var b = [Double](repeating: 0, count: k * n)
        for j in 0..<n {
            for t in stride(from: 0, to: k, by: 2) {
                let value = j == 0 ? -0.0 : e4m3.round(Double.random(in: -8...8, using: &generator))
                b[t * n + j] = value
                b[(t + 1) * n + j] = value
            }
        }
        for accumulatorFormat in [FloatFormat.binary16, .bfloat16, .binary32] {
            for order in [SummationOrder.sequential, .fused(chunk: 2), .fused(chunk: 4), .fused(chunk: 7)] {
                let model = MatrixMultiplication(accumulator: try FloatRounder(format: accumulatorFormat, mode: mode), order: order)
                #expect(ColumnAccumulation(model, a, b) != nil, "the column loop applies (the hardware loop runs instead where it does)")
                let got = try model.multiply(a, b, m: m, k: k, n: n)
                let reference = KernelReference(accumulator: accumulatorFormat, mode: mode)
                var mismatches: [String] = []
                var zeros = 0
                for i in 0..<m {
                    for j in 0..<n {
                        let expected = reference.reduce(Array(a[(i * k)..<(i * k + k)]), (0..<k).map { b[$0 * n + j] }, order: order)
                        if expected == 0 { zeros += 1 }
                        if got[i * n + j].bitPattern != expected.bitPattern {
                            mismatches.append("\(accumulatorFormat.name) \(order) [\(i),\(j)] \(got[i * n + j]) vs \(expected)")
                        }
                    }
                }
                #expect(zeros >= n, "the case must produce zero sums")
                #expect(mismatches.isEmpty, "\(mismatches.prefix(6))")
            }
        }
    }
}
#endif
