import ChopFormats
import ChopTensors
import ChopTestSupport
import Testing

/// LU with partial pivoting and mixed-precision iterative refinement, against the theory:
/// refinement with LU in precision u_f converges to binary64 accuracy when κ(A)·u_f is well
/// below 1 and fails to when it is well above.
@Suite("LU and iterative refinement")
struct LinearAlgebraTests {
    @Test("LU on a hand-worked 3×3: the pivots, the factors, the rounding of each operation")
    func handWorked() throws {
        // A = [[1, 2, 3], [4, 5, 6], [7, 8, 10]]: the pivot of column 0 is 7 (row 2).
        // l = 1/7 and 4/7 rounded to binary16: 1/7 = 0.142857… = 1170.28 units of 2^-13 (the
        // spacing in [1/8, 1/4)) → 1170·2^-13; 4/7 = 0.571428… = 1170.28 units of 2^-11 → 1170·2^-11.
        let half = try TensorPrecision(.binary16)
        let a = try Tensor(exactly: [1, 2, 3, 4, 5, 6, 7, 8, 10], shape: [3, 3], precision: half)
        let lu = try LUFactorization(a)
        #expect(lu.pivots[0] == 2)
        #expect(lu.factors[3] == 1170 * 0x1p-11 || lu.factors[6] == 1170 * 0x1p-11)
        #expect(lu.factors.contains(1170 * 0x1p-13))
        // The solve of A·x = A·[1, 1, 1] in binary16 is close to 1 (κ ≈ 88: error ≲ κ·u ≈ 0.04).
        let b = try Tensor(exactly: [6, 15, 25], shape: [3], precision: half)
        let x = try lu.solve(b)
        #expect(x.scalars.allSatisfy { abs($0 - 1) < 0.05 })
        #expect(throws: TensorError.singular(column: 1)) {
            try LUFactorization(try Tensor(exactly: [1, 2, 2, 4], shape: [2, 2], precision: half))
        }
    }

    @Test("the generated matrices have the condition number asked for")
    func conditioned() throws {
        // ‖A‖₂ = 1 and ‖A⁻¹‖₂ = κ: check via the 2×2 case's closed form σ₁σ₂ = |det|.
        let a = ConditionedMatrix.generate(size: 2, conditionNumber: 1000, seed: 4)
        #expect(abs(abs(a[0] * a[3] - a[1] * a[2]) - 1e-3) < 1e-12)
        #expect(abs((a[0] * a[0] + a[1] * a[1] + a[2] * a[2] + a[3] * a[3]) - (1 + 1e-6)) < 1e-12)  // σ₁² + σ₂²
    }

    /// Runs refinement on an n×n matrix of condition number κ with LU in `format`.
    static func refine(_ format: FloatFormat, κ: Double, n: Int = 20, seed: UInt64 = 1) throws -> IterativeRefinement.Result {
        let a = ConditionedMatrix.generate(size: n, conditionNumber: κ, seed: seed)
        var generator = WyRand(seed: seed + 100)
        let exact = (0..<n).map { _ in Double(generator.next() % 2001) / 1000 - 1 }
        let b = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + a[i * n + $1] * exact[$1] } }
        return try IterativeRefinement(factorization: format).solve(a, b, size: n, exactSolution: exact)
    }

    @Test("converges when κ·u_f ≪ 1, to binary64's accuracy", arguments: [
        (FloatFormat.binary16, 10.0), (.binary16, 100.0), (.bfloat16, 10.0), (.bfloat16, 30.0), (.binary32, 1e5),
    ])
    func converges(_ format: FloatFormat, _ κ: Double) throws {
        for seed in 1...3 {
            let result = try Self.refine(format, κ: κ, seed: UInt64(seed))
            #expect(result.converged, "\(format) κ = \(κ): \(result.outcome), \(result.steps.map { ($0.forwardError!, $0.backwardError) })")
            // Backward error of a few binary64 units; forward error ≲ κ·u₆₄ (plus b's own error).
            #expect(result.steps.last!.backwardError < 1e-15)
            #expect(result.steps.last!.forwardError! < κ * 1e-14)
            // And the LU solve alone was far less accurate: refinement did the work.
            #expect(result.steps.first!.forwardError! > 1e3 * result.steps.last!.forwardError!)
        }
    }

    @Test("does not converge when κ·u_f ≫ 1", arguments: [(FloatFormat.binary16, 1e7), (.bfloat16, 1e5)])
    func fails(_ format: FloatFormat, _ κ: Double) throws {
        for seed in 1...3 {
            let result = try Self.refine(format, κ: κ, seed: UInt64(seed))
            #expect(!result.converged, "\(format) κ = \(κ): \(result.outcome)")
            if let error = result.steps.last?.forwardError { #expect(!(error < 1e-6)) }
        }
    }
}
