// One million seeded values per iteration; throughput is reported per element.
import Benchmark
import Chop

let count = 1_000_000

/// Seeded values spread over a few binades around 1 (WyRand, the package's generator).
let values: [Double] = {
    var generator = WyRand(seed: 12_345)
    return (0..<count).map { _ in Double.random(in: -8...8, using: &generator) }
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput], scalingFactor: .mega, maxDuration: .seconds(2), maxIterations: 50)

    // A plain copy of the same array: the memory-speed yardstick.
    Benchmark("copy f64") { benchmark in
        var output = [Double](repeating: 0, count: count)
        benchmark.startMeasurement()
        output.withUnsafeMutableBufferPointer { destination in
            values.withUnsafeBufferPointer { source in
                for i in 0..<count { destination[i] = source[i] }
            }
        }
        blackHole(output)
    }

    let floatCases: [(FloatFormat, RoundingMode)] = [
        (.binary16, .toNearestOrEven), (.bfloat16, .toNearestOrEven), (.e4m3fn, .toNearestOrEven),
        (.e5m2, .toNearestOrEven), (.e2m1, .toNearestOrEven), (.binary16, .towardZero), (.binary16, .up),
        (.binary16, .toOdd), (.binary16, .stochastic()), (.bfloat16, .stochastic()),
    ]
    for (format, mode) in floatCases {
        let rounder = try! FloatRounder(format: format, mode: mode)
        Benchmark("round \(format.name) \(mode)") { benchmark in
            var output = [Double](repeating: 0, count: count)
            benchmark.startMeasurement()
            values.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { rounder.round(source, into: $0, seed: 7) }
            }
            blackHole(output)
        }
    }

    for format in [BlockFormat.mxfp8E4M3, .mxfp4, .nvfp4] {
        let quantizer = try! BlockQuantizer(format: format)
        Benchmark("quantize-dequantize \(format.name)") { benchmark in
            benchmark.startMeasurement()
            blackHole(try! quantizer.quantizeDequantize(values, shape: [count]))
        }
    }

    for format in [PositFormat.posit16, .posit32] {
        Benchmark("round \(format.name)") { benchmark in
            var output = values
            benchmark.startMeasurement()
            output.withUnsafeMutableBufferPointer { format.round($0) }
            blackHole(output)
        }
    }

    // Emulated arithmetic: a dot product with every multiply and add rounded.
    let x = values.map { BFloat16($0) }, y = values.reversed().map { BFloat16($0) }
    Benchmark("dot bfloat16 (2 rounded operations per element)") { benchmark in
        var sum: BFloat16 = 0
        for i in 0..<count { sum = sum + x[i] * y[i] }
        blackHole(sum)
    }
}
