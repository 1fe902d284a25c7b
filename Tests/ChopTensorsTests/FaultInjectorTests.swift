import ChopFormats
import ChopTensors
import ChopTestSupport
import Testing

/// Fault injection: the rate, one flipped bit per fault, reproducibility, and faults inside a
/// matrix product's accumulation.
@Suite("Fault injection")
struct FaultInjectorTests {
    static let values: [Double] = {
        let rounder = try! FloatRounder(format: .bfloat16)
        var generator = Xoshiro256(seed: 8)
        return (0..<100_000).map { _ in rounder.round(Double.random(in: -10...10, using: &generator)) }
    }()

    @Test("each fault flips exactly one allowed bit; the rate is the probability")
    func rateAndBits() throws {
        let faults = try FaultInjector(format: .bfloat16, probability: 0.01, seed: 3)
        let hit = faults.apply(to: Self.values)
        var flipped = 0
        for (before, after) in zip(Self.values, hit) where before.bitPattern != after.bitPattern {
            flipped += 1
            // A NaN re-encodes as the canonical NaN, not as the flipped code.
            guard !after.isNaN else { continue }
            let difference = try FloatFormat.bfloat16.encode(before) ^ (try FloatFormat.bfloat16.encode(after))
            #expect(difference.nonzeroBitCount == 1 && difference < 1 << 16)
        }
        // 100,000 draws at p = 0.01: mean 1000, standard deviation ≈ 31.5. The Chernoff bound for
        // a deviation of ±30% is below 2·exp(-1000·0.3²/3) ≈ 2e-13.
        #expect(abs(flipped - 1000) < 300)
        // Only the exponent field (bits 7...14 of bfloat16): every change between normal numbers
        // is a power of two (an exponent of all zeros or all ones gives a subnormal, ∞ or NaN).
        let exponentFaults = try FaultInjector(format: .bfloat16, probability: 1, seed: 4, bits: 7..<15)
        for (before, after) in zip(Self.values.prefix(1000), exponentFaults.apply(to: Array(Self.values.prefix(1000)))) where before != 0 && after.isFinite && after.magnitude >= 0x1p-126 {
            let ratio = after / before
            #expect(!ratio.isFinite || ratio.significandBitPattern == 0, "\(before) → \(after)")
        }
    }

    @Test("reproducible by seed; no faults at probability 0; parameters checked")
    func reproducible() throws {
        let a = try FaultInjector(format: .bfloat16, probability: 0.05, seed: 1).apply(to: Self.values)
        let b = try FaultInjector(format: .bfloat16, probability: 0.05, seed: 1).apply(to: Self.values)
        let c = try FaultInjector(format: .bfloat16, probability: 0.05, seed: 2).apply(to: Self.values)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern) && a.map(\.bitPattern) != c.map(\.bitPattern))
        #expect(try FaultInjector(format: .bfloat16, probability: 0, seed: 1).apply(to: Self.values) == Self.values)
        #expect(throws: TensorError.self) { try FaultInjector(format: .bfloat16, probability: 1.5, seed: 1) }
        #expect(throws: TensorError.self) { try FaultInjector(format: .e4m3fn, probability: 0.1, seed: 1, bits: 0..<9) }
        let half = try TensorPrecision(.binary16)
        let t = try Tensor(exactly: [1, 2], shape: [2], precision: half)
        #expect(throws: TensorError.self) { try t.injectingFaults(try FaultInjector(format: .bfloat16, probability: 1, seed: 1)) }
        #expect(try t.injectingFaults(try FaultInjector(format: .binary16, probability: 1, seed: 1)).scalars != t.scalars)
    }

    @Test("faults in the partial sums of a matrix product: reproducible, same on any thread count, absent at p = 0")
    func matmulFaults() throws {
        var generator = Xoshiro256(seed: 12)
        let (m, k, n) = (8, 64, 8)
        let a = (0..<(m * k)).map { _ in Double(Float(Double.random(in: -1...1, using: &generator))) }
        let b = (0..<(k * n)).map { _ in Double(Float(Double.random(in: -1...1, using: &generator))) }
        var model = MatrixMultiplication(accumulator: try FloatRounder(format: .binary32))
        let clean = try model.multiply(a, b, m: m, k: k, n: n)
        model.faults = try FaultInjector(format: .binary32, probability: 0, seed: 5)
        #expect(try model.multiply(a, b, m: m, k: k, n: n) == clean)
        model.faults = try FaultInjector(format: .binary32, probability: 0.002, seed: 5)
        let faulty = try model.multiply(a, b, m: m, k: k, n: n)
        #expect(faulty.map(\.bitPattern) == (try model.multiply(a, b, m: m, k: k, n: n, threads: 3)).map(\.bitPattern))
        // 64 outputs × 64 partial sums at p = 0.002: about 8 faults (none with probability
        // 0.998^4096 ≈ 3e-4, fixed by the seed); some outputs change, most do not.
        let changed = zip(clean, faulty).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(changed >= 1 && changed < 40, "\(changed) outputs changed")
        model.faults = try FaultInjector(format: .bfloat16, probability: 0.1, seed: 5)
        #expect(throws: TensorError.self) { try model.multiply(a, b, m: m, k: k, n: n) }
    }
}
