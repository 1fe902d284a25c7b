import ChopFormats
import RealModule

/// Random test matrices with a chosen 2-norm condition number: `A = U·Σ·Vᵀ` with `U`, `V`
/// orthogonal factors of Gaussian matrices and singular values `σᵢ = κ^(-i/(n-1))`,
/// geometrically spaced from 1 down to `1/κ` (LAPACK's `latms` mode 3), computed in binary64
/// (so the condition number is `κ` to about `κ·2^-52` relative).
public enum ConditionedMatrix {
    /// An `n×n` matrix (row-major) with condition number `κ`, reproducible from `seed`.
    ///
    /// - Precondition: `n ≥ 1`, `κ ≥ 1`.
    public static func generate(size n: Int, conditionNumber κ: Double, seed: UInt64) -> [Double] {
        precondition(n >= 1 && κ >= 1, "a size of at least 1 and a condition number of at least 1")
        var generator = WyRand(seed: seed)
        let u = orthogonal(n, &generator)
        let v = orthogonal(n, &generator)
        let sigma = (0..<n).map { n == 1 ? 1 : Double.pow(κ, -Double($0) / Double(n - 1)) }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += u[i * n + k] * sigma[k] * v[j * n + k] }
                a[i * n + j] = s
            }
        }
        return a
    }

    /// The Q of a Gaussian matrix's QR factorization (modified Gram-Schmidt, twice).
    static func orthogonal(_ n: Int, _ generator: inout WyRand) -> [Double] {
        var q = (0..<(n * n)).map { _ in gaussian(&generator) }
        for j in 0..<n {
            for _ in 0..<2 {
                for p in 0..<j {
                    var dot = 0.0
                    for i in 0..<n { dot += q[i * n + p] * q[i * n + j] }
                    for i in 0..<n { q[i * n + j] -= dot * q[i * n + p] }
                }
            }
            var norm = 0.0
            for i in 0..<n { norm += q[i * n + j] * q[i * n + j] }
            norm = norm.squareRoot()
            for i in 0..<n { q[i * n + j] /= norm }
        }
        return q
    }

    /// A standard normal sample (Box-Muller).
    static func gaussian(_ generator: inout WyRand) -> Double {
        let u1 = (Double(generator.next() >> 11) + 0.5) * 0x1p-53
        let u2 = Double(generator.next() >> 11) * 0x1p-53
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }
}
