import Chop

/// `chop bench --kernel dot`: an emulated dot product in a typed scalar (every multiply and
/// every add rounded to the format), against the same loop in `Double`.
struct DotBenchmark {
    let count: Int
    let runs: Int
    /// The context the emulated loop runs in; nil: nearest-even, no context.
    let context: RoundingContext?

    /// Median seconds of the emulated and the `Double` dot product of seeded normal data,
    /// or nil when `format` has no typed scalar.
    func measure(format: FloatFormat) -> (emulated: Double, double: Double, result: Double)? {
        switch format {
        case .bfloat16: measure(BFloat16Format.self)
        case .binary16: measure(HalfFormat.self)
        case .tf32: measure(TensorFloat32Format.self)
        case .e5m2: measure(Float8E5M2Format.self)
        case .e3m4: measure(Float8E3M4Format.self)
        case .e4m3fn: measure(Float8E4M3FNFormat.self)
        case .e4m3fnuz: measure(Float8E4M3FNUZFormat.self)
        case .e5m2fnuz: measure(Float8E5M2FNUZFormat.self)
        case .e3m2: measure(Float6E3M2FNFormat.self)
        case .e2m3: measure(Float6E2M3FNFormat.self)
        case .e2m1: measure(Float4E2M1FNFormat.self)
        default: nil
        }
    }

    private func measure<F: SignedMinifloatFormat>(_: F.Type) -> (emulated: Double, double: Double, result: Double) {
        let x = NormalSamples.generate(count: count, seed: 1).map { Minifloat<F>($0) }
        let y = NormalSamples.generate(count: count, seed: 2).map { Minifloat<F>($0) }
        let wideX = x.map(\.doubleValue)
        let wideY = y.map(\.doubleValue)
        var emulatedTimes: [Double] = []
        var doubleTimes: [Double] = []
        var result = 0.0
        for run in 0...runs {  // run 0 warms up
            let clock = ContinuousClock()
            var emulated: Minifloat<F> = 0
            let emulatedTime = clock.measure {
                if let context {
                    emulated = context.run { Self.dot(x, y) }
                } else {
                    emulated = Self.dot(x, y)
                }
            }
            var plain = 0.0
            let doubleTime = clock.measure { plain = Self.dot(wideX, wideY) }
            result = emulated.doubleValue + plain * 0  // keeps both loops alive
            if run > 0 {
                emulatedTimes.append(emulatedTime.seconds)
                doubleTimes.append(doubleTime.seconds)
            }
        }
        return (median(emulatedTimes), median(doubleTimes), result)
    }

    /// `Σ x[i]·y[i]` in order, every product and sum rounded to `T`.
    @inline(never)
    static func dot<T: Numeric>(_ x: [T], _ y: [T]) -> T {
        var sum: T = 0
        for i in x.indices { sum = sum + x[i] * y[i] }
        return sum
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
