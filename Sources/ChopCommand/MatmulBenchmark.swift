import Chop

/// `chop bench --kernel matmul`: an emulated n×n×n matrix product (inputs rounded to the
/// format, a ``MatrixMultiplication`` model), against the same triple loop in `Double`.
struct MatmulBenchmark {
    let size: Int
    let runs: Int
    let threads: Int

    /// Median seconds of the model's product and of a plain `Double` product of seeded
    /// normal data rounded to `input`.
    func measure(input: FloatRounder, model: MatrixMultiplication) throws -> (emulated: Double, double: Double) {
        try measure(input: input) { a, b, n in try model.multiply(a, b, m: n, k: n, n: n, threads: threads) }
    }

    /// The same for any product `multiply(a, b, n)` of two n×n matrices.
    func measure(input: FloatRounder, multiply: ([Double], [Double], Int) throws -> [Double]) throws -> (emulated: Double, double: Double) {
        let n = size
        let a = NormalSamples.generate(count: n * n, seed: 1).map { input.round($0) }
        let b = NormalSamples.generate(count: n * n, seed: 2).map { input.round($0) }
        var emulatedTimes: [Double] = []
        var doubleTimes: [Double] = []
        var keep = 0.0
        for run in 0...runs {  // run 0 warms up
            let clock = ContinuousClock()
            var c: [Double] = []
            let emulated = try clock.measure { c = try multiply(a, b, n) }
            var plain: [Double] = []
            let double = clock.measure { plain = Self.product(a, b, n) }
            keep += c[n * n / 2] + plain[n * n / 2] * 0
            if run > 0 {
                emulatedTimes.append(emulated.seconds)
                doubleTimes.append(double.seconds)
            }
        }
        _ = keep
        return (median(emulatedTimes), median(doubleTimes))
    }

    /// The i-k-j triple loop in `Double` (what a naive kernel does).
    @inline(never)
    static func product(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for t in 0..<n {
                let x = a[i * n + t]
                for j in 0..<n { c[i * n + j] += x * b[t * n + j] }
            }
        }
        return c
    }
}
