// Emulated matrix products: 128×128 times 128×128 with inputs rounded to the format, one
// model per accumulation; throughput is reported per multiply-add.
import Benchmark
import Chop

let size = 128

/// Seeded values in [-1, 1] rounded to `format` (WyRand, the package's generator).
func matrix(seed: UInt64, format: FloatFormat) -> [Double] {
    var generator = WyRand(seed: seed)
    let rounder = try! FloatRounder(format: format)
    return (0..<size * size).map { _ in rounder.round(Double.random(in: -1...1, using: &generator)) }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput], maxDuration: .seconds(2), maxIterations: 30)

    let models: [(name: String, input: FloatFormat, model: MatrixMultiplication)] = [
        ("bfloat16 inputs, binary32 sequential", .bfloat16,
         MatrixMultiplication(accumulator: try! FloatRounder(format: .binary32))),
        ("e4m3fn inputs, binary32 sequential", .e4m3fn,
         MatrixMultiplication(accumulator: try! FloatRounder(format: .binary32))),
        ("bfloat16 inputs, bfloat16 sequential", .bfloat16,
         MatrixMultiplication(accumulator: try! FloatRounder(format: .bfloat16))),
        ("bfloat16 inputs, bfloat16 stochastic", .bfloat16,
         MatrixMultiplication(accumulator: try! FloatRounder(format: .bfloat16, mode: .stochastic()), seed: 7)),
        ("bfloat16 inputs, binary32 fused chunks of 16", .bfloat16,
         MatrixMultiplication(accumulator: try! FloatRounder(format: .binary32), order: .fused(chunk: 16))),
    ]
    for (name, input, model) in models {
        let a = matrix(seed: 1, format: input), b = matrix(seed: 2, format: input)
        // Throughput is products per second; one product is 128³ = 2,097,152 multiply-adds.
        Benchmark("matmul \(name)") { _ in
            blackHole(try! model.multiply(a, b, m: size, k: size, n: size))
        }
    }
}
