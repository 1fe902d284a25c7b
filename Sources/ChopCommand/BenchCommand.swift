import ArgumentParser
import Chop

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time array rounding or emulated arithmetic on seeded random normal data (median of several runs).",
        discussion: """
            --kernel round (the default) rounds COUNT standard-normal values (out of place, into a \
            preallocated array) RUNS times and reports the median rate, next to a plain copy of the same \
            array measured in the same run on as many --threads. --kernel dot times a dot product of two COUNT-element vectors \
            in the format's typed scalar (every multiply and add rounded, in the --rounding mode), next \
            to the same loop in Double, and reports operations (two per element) per second. \
            --kernel matmul times a --size × --size matrix product with inputs in the format, exact \
            products accumulated in --accumulate (default binary32; --block-k K for fused chunks), next \
            to a plain Double triple loop, and reports multiply-adds per second. --kernel scalar times the \
            one-value API, format.round(x, mode) called once per element, next to a prepared rounder's \
            round(x) on the same values (floats and posits; deterministic modes). \
            Build with -c release for meaningful numbers.
            """
    )

    @OptionGroup var format: FormatOptions
    @OptionGroup var rounding: RoundingOptions

    @Option(help: "Elements per run.")
    var count = 10_000_000

    @Option(name: .customLong("threads"), help: "Threads: N, or auto (0): every core for work of at least 1,048,576 elements.")
    var threadCount = ThreadCount(requested: 1)

    /// The threads measured (auto resolved for the work of the kernel timed).
    private var threads: Int { threadCount.resolved(elements: kernel == "matmul" ? size * size * size : count) }

    @Option(help: "What to time: round (array rounding), dot (emulated dot product), matmul or scalar (one call per value).")
    var kernel = "round"

    @Option(help: "--kernel matmul: the matrices' size n (n×n times n×n).")
    var size = 256

    @Option(help: "--kernel matmul: the accumulator's format.")
    var accumulate = "binary32"

    @Option(help: "--kernel matmul: fused accumulation of K exact products at a time.")
    var blockK: Int?

    @Option(help: "--kernel matmul: a GPU's matrix unit (h100, b200, …; chop matmul --model) instead of --accumulate.")
    var model: String?

    @Option(help: "Element type: f64 or f32.")
    var input = "f64"

    @Option(help: "Timed runs (the median is reported; at least 5).")
    var runs = 7

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "--kernel round: round the array in place, next to an in-place pass (x·1) over it instead of a copy.")
    var inPlace = false

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard runs >= 5 else { throw ValidationError("--runs must be at least 5") }
        guard input == "f64" || input == "f32" else { throw ValidationError("--input is f64 or f32, not \(input)") }
        guard ["round", "dot", "matmul", "scalar"].contains(kernel) else {
            throw ValidationError("--kernel is round, dot, matmul or scalar, not \(kernel)")
        }
        guard size >= 1 else { throw ValidationError("--size must be at least 1") }
        if inPlace && kernel != "round" { throw ValidationError("--in-place times --kernel round only") }
    }

    mutating func run() throws {
        if format.format == nil && format.precision == nil { format.format = "binary16" }
        if let name = format.format, FormatRegistry.family(ofName: name) != .float {
            let found = try FormatOptions.format(named: name)
            switch found {
            case let block as BlockFormat: return try runBlocks(block)
            case let posit as PositFormat: return try runPosit(posit)
            default:
                let mode = try rounding.mode()
                do {
                    return try runQuantizer(try found.rounder(mode))
                } catch let error as FormatError {
                    throw ValidationError(error.description)
                }
            }
        }
        let rounder = try rounding.rounder(for: try format.resolve())
        let seed = rounding.seed ?? 1
        if kernel == "scalar" { return try runScalar(rounder.format, mode: rounder.mode, prepared: rounder) }
        if kernel == "dot" { return try runDot(rounder, seed: seed) }
        if kernel == "matmul" { return try runMatmul(rounder, seed: seed) }
        let result: (rounding: Double, copy: Double)
        if input == "f64" {
            result = try measure(Double.self, rounder: rounder, seed: seed)
        } else {
            result = try measure(Float.self, rounder: rounder, seed: seed)
        }
        reportAgainstCopy(
            format: rounder.format.name, rounding: "\(rounder.mode)", overflow: rounder.overflow.name,
            kernel: inPlace ? "in place" : nil, input: input, seconds: result.rounding, copySeconds: result.copy)
    }

    /// Quantize-dequantize to a block format, against a plain copy.
    private func runBlocks(_ block: BlockFormat) throws {
        guard !inPlace else { throw ValidationError("--in-place is for float formats") }
        guard kernel == "round" else { throw ValidationError("--kernel dot needs a float format, not \(block.name)") }
        let mode = try rounding.rounder(for: .binary16).mode
        let quantizer = try BlockQuantizer(format: block, mode: mode)
        let (seed, count, threads) = (rounding.seed ?? 1, count, threads)
        let (seconds, copySeconds) = try KernelBenchmark(count: count, runs: runs, threads: threads).measure { input, output in
            try quantizer.quantizeDequantize(input, into: output, shape: [count], seed: seed, threads: threads)
        }
        reportAgainstCopy(
            format: block.name, rounding: "\(mode)", overflow: nil, kernel: "quantize-dequantize",
            input: "f64", seconds: seconds, copySeconds: copySeconds)
    }

    /// Any family's prepared rounder (integer quantization): a copy, then quantize-dequantize
    /// in place, against a plain copy.
    private func runQuantizer(_ rounder: some FormatRounder) throws {
        guard kernel == "round", input == "f64", !inPlace else {
            throw ValidationError("\(rounder.format.name) is timed with --kernel round --input f64 (not --in-place)")
        }
        let (seed, count, threads) = (rounding.seed ?? 1, count, threads)
        let (seconds, copySeconds) = try KernelBenchmark(count: count, runs: runs, threads: threads).measure { input, output in
            _ = output.update(fromContentsOf: input)
            try rounder.round(output, shape: [count], seed: seed, threads: threads)
        }
        reportAgainstCopy(
            format: rounder.format.name, rounding: "\(rounder.mode)", overflow: nil, kernel: "copy + quantize-dequantize",
            input: "f64", seconds: seconds, copySeconds: copySeconds)
    }

    /// Rounding to a posit format out of place, against a plain copy: nearest-even by the
    /// out-of-place kernel, other modes as a copy then the in-place rounding.
    private func runPosit(_ posit: PositFormat) throws {
        let rounder = try PositRounder(format: posit, mode: try rounding.mode())
        if kernel == "scalar" { return try runScalar(posit, mode: rounder.mode, prepared: rounder) }
        guard kernel == "round", input == "f64", !inPlace else {
            throw ValidationError("posits are timed with --kernel round or scalar, --input f64 (not --in-place)")
        }
        let (threads, mode, seed) = (threads, rounder.mode, rounding.seed ?? 1)
        let (seconds, copySeconds) = KernelBenchmark(count: count, runs: runs, threads: threads).measure { input, output in
            if mode == .toNearestOrEven {
                posit.round(input, into: output, threads: threads)
            } else {
                _ = output.update(fromContentsOf: input)
                posit.round(output, mode: mode, seed: seed, threads: threads)
            }
        }
        reportAgainstCopy(
            format: posit.name, rounding: "\(mode)", overflow: nil, kernel: mode == .toNearestOrEven ? nil : "copy + in place",
            input: "f64", seconds: seconds, copySeconds: copySeconds)
    }

    /// The one-value API (`format.round(x, mode)` per element) next to a prepared rounder's
    /// `round(x)`: what a user pays for not preparing a rounder.
    private func runScalar(_ scalar: some ScalarFormat, mode: RoundingMode, prepared: some PreparedScalarRounding) throws {
        guard !mode.isStochastic else { throw ValidationError("--kernel scalar times the deterministic modes") }
        let benchmark = KernelBenchmark(count: count, runs: runs, threads: 1)
        let (scalarSeconds, _) = benchmark.measure { input, output in
            for i in input.indices { output[i] = scalar.round(input[i], mode) }
        }
        let (preparedSeconds, _) = benchmark.measure { input, output in
            for i in input.indices { output[i] = prepared.round(input[i], randomWord: 0) }
        }
        let (rate, preparedRate) = (Double(count) / scalarSeconds, Double(count) / preparedSeconds)
        let ratio = (rate / preparedRate * 1000).rounded() / 1000
        if json {
            Console.print(JSONValue.object([
                ("format", .string(scalar.name)), ("rounding", .string("\(mode)")), ("kernel", "scalar"), ("count", .int(count)),
                ("runs", .int(runs)), ("elements_per_second", .double(rate.rounded())),
                ("prepared_elements_per_second", .double(preparedRate.rounded())), ("ratio_to_prepared", .double(ratio)),
            ]).text)
        } else {
            Console.print(
                "\(scalar.name) \(mode) scalar calls, \(count) values: \((rate / 1e4).rounded() / 100) M calls/s (median of \(runs)); "
                    + "prepared rounder \((preparedRate / 1e4).rounded() / 100) M calls/s; ratio \(ratio)")
        }
    }

    /// Prints a measured rate next to the plain copy's, as one JSON object or one line.
    private func reportAgainstCopy(
        format name: String, rounding mode: String, overflow: String?, kernel: String?, input: String,
        seconds: Double, copySeconds: Double
    ) {
        let rate = Double(count) / seconds
        let copyRate = Double(count) / copySeconds
        let ratio = (rate / copyRate * 1000).rounded() / 1000
        // In place, the baseline is an in-place pass (x·1) over the same array, not a copy.
        let baseline = inPlace ? "in_place_pass" : "copy"
        if json {
            var fields: [(key: String, value: JSONValue)] = [("format", .string(name)), ("rounding", .string(mode))]
            if let overflow { fields.append(("overflow", .string(overflow))) }
            fields += [
                ("count", .int(count)), ("threads", .int(threads)), ("input", .string(input)), ("in_place", .bool(inPlace)),
                ("runs", .int(runs)), ("median_seconds", .double(seconds)), ("elements_per_second", .double(rate.rounded())),
                ("\(baseline)_elements_per_second", .double(copyRate.rounded())), ("ratio_to_\(baseline)", .double(ratio)),
            ]
            Console.print(JSONValue.object(fields).text)
        } else {
            let perSecond = { (value: Double) in "\((value / 1e4).rounded() / 100) M elements/s" }
            Console.print(
                "\(name) \(mode)\(kernel.map { " \($0)" } ?? ""), \(count) \(input) elements, \(threads) thread(s): "
                    + "\(perSecond(rate)) (median of \(runs)); \(inPlace ? "in-place pass" : "plain copy") "
                    + "\(perSecond(copyRate)); ratio \(ratio)")
        }
    }

    private func runDot(_ rounder: FloatRounder, seed: UInt64) throws {
        let context = rounder.mode == .toNearestOrEven && rounder.overflow == rounder.format.defaultOverflow
            ? nil : try RoundingContext(mode: rounder.mode, overflow: rounder.overflow, seed: seed)
        let benchmark = DotBenchmark(count: count, runs: runs, context: context)
        guard let (emulated, double, result) = benchmark.measure(format: rounder.format) else {
            throw ValidationError("--kernel dot needs a format with a typed scalar (bfloat16, binary16, tf32, the FP8/FP6/FP4 presets), not \(rounder.format.name)")
        }
        let rate = 2 * Double(count) / emulated
        let doubleRate = 2 * Double(count) / double
        if json {
            Console.print(JSONValue.object([
                ("kernel", "dot"), ("format", .string(rounder.format.name)), ("rounding", .string("\(rounder.mode)")),
                ("count", .int(count)), ("runs", .int(runs)), ("median_seconds", .double(emulated)),
                ("operations_per_second", .double(rate.rounded())), ("double_operations_per_second", .double(doubleRate.rounded())),
                ("result", .double(result)),
            ]).text)
        } else {
            Console.print(
                "\(rounder.format.name) \(rounder.mode) dot product of \(count) elements: "
                    + "\((rate / 1e4).rounded() / 100) M operations/s (median of \(runs)); "
                    + "the same loop in Double \((doubleRate / 1e4).rounded() / 100) M operations/s; result \(result)")
        }
    }

    /// `--kernel matmul --model NAME`: the GPU model's product of inputs in the format.
    private func runGPUMatmul(_ input: FloatRounder, model name: String) throws {
        guard let gpu = TensorCoreModel(rawValue: name.lowercased()) else {
            throw ValidationError("--model \(name): one of \(TensorCoreModel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let unit: BlockFMA
        do {
            unit = try gpu.blockFMA(input: input.format)
        } catch {
            throw ValidationError("--model \(name): \(error)")
        }
        let (emulated, double) = try MatmulBenchmark(size: size, runs: runs, threads: threads).measure(input: try FloatRounder(format: input.format)) {
            a, b, n in try unit.multiply(a, b, m: n, k: n, n: n, threads: threads)
        }
        reportMatmul(
            input: input.format.name, model: [("model", .string(gpu.rawValue))], label: "\(gpu.rawValue) matrix unit",
            emulated: emulated, double: double)
    }

    private func runMatmul(_ input: FloatRounder, seed: UInt64) throws {
        if let model { return try runGPUMatmul(input, model: model) }
        let named: any NumberFormat
        do {
            named = try FormatRegistry.format(named: accumulate)
        } catch {
            throw ValidationError("--accumulate \(accumulate): \(error)")
        }
        guard let accumulatorFormat = named as? FloatFormat else {
            throw ValidationError("--accumulate \(accumulate): the matmul benchmark measures float accumulators")
        }
        let accumulator = try rounding.rounder(for: accumulatorFormat)
        let model = MatrixMultiplication(
            accumulator: accumulator, order: blockK.map { .fused(chunk: $0) } ?? .sequential, seed: seed)
        let (emulated, double) = try MatmulBenchmark(size: size, runs: runs, threads: threads).measure(input: try FloatRounder(format: input.format), model: model)
        reportMatmul(
            input: input.format.name,
            model: [
                ("accumulate", .string(accumulator.format.name)), ("rounding", .string("\(accumulator.mode)")),
                ("order", .string("\(model.order)")),
            ],
            label: "\(model)", emulated: emulated, double: double)
    }

    /// A matrix product's timing: one JSON object (the model's `fields` between the format and
    /// the size) or one line naming the model as `label`.
    private func reportMatmul(
        input: String, model fields: [(key: String, value: JSONValue)], label: String, emulated: Double, double: Double
    ) {
        let operations = Double(size * size * size)
        let (rate, doubleRate) = (operations / emulated, operations / double)
        if json {
            Console.print(JSONValue.object(
                [("kernel", "matmul"), ("format", .string(input))] + fields + [
                    ("size", .int(size)), ("threads", .int(threads)), ("runs", .int(runs)), ("median_seconds", .double(emulated)),
                    ("multiply_adds_per_second", .double(rate.rounded())),
                    ("double_multiply_adds_per_second", .double(doubleRate.rounded())),
                ]).text)
        } else {
            Console.print(
                "\(input) inputs, \(label), \(size)×\(size)×\(size), \(threads) thread(s): "
                    + "\((rate / 1e4).rounded() / 100) M multiply-adds/s (median of \(runs)); "
                    + "plain Double loop \((doubleRate / 1e4).rounded() / 100) M multiply-adds/s")
        }
    }

    /// Median seconds of rounding and of a plain copy, for element type `E`.
    private func measure<E: RoundingElement>(_: E.Type, rounder: FloatRounder, seed: UInt64) throws -> (Double, Double) {
        let source = NormalSamples.generate(count: count, seed: 12_345).map { E(chopNarrowing: $0) }
        // The destination starts 2 KiB + 64 bytes into its allocation, so that its stores
        // never fall on the same 4 KiB page offset as the loads (4K aliasing).
        let skew = (2048 + 64) / MemoryLayout<E>.stride
        var allocation = [E](repeating: 0, count: count + skew)
        var roundingTimes: [Double] = []
        var copyTimes: [Double] = []
        try source.withUnsafeBufferPointer { input in
            try allocation.withUnsafeMutableBufferPointer { whole in
                let output = UnsafeMutableBufferPointer(rebasing: whole[skew...])
                let one = E(chopNarrowing: Double(runs > 0 ? 1 : 2))  // 1, opaque to the optimizer
                for run in 0...runs {  // run 0 warms up
                    let copyTime: Double
                    let roundingTime: Double
                    if inPlace {
                        _ = output.update(fromContentsOf: input)
                        copyTime = time { ReferencePasses.scale(output, by: one, threads: threads) }
                        _ = output.update(fromContentsOf: input)
                        roundingTime = try time { try roundInPlace(rounder, output, seed: seed &+ UInt64(run)) }
                    } else {
                        copyTime = time { ReferencePasses.copy(input, into: output, threads: threads) }
                        roundingTime = try time { try roundArray(rounder, input, output, seed: seed &+ UInt64(run)) }
                    }
                    if run > 0 {
                        roundingTimes.append(roundingTime)
                        copyTimes.append(copyTime)
                    }
                }
            }
        }
        return (median(roundingTimes), median(copyTimes))
    }

    private func roundArray<E: RoundingElement>(
        _ rounder: FloatRounder, _ input: UnsafeBufferPointer<E>, _ output: UnsafeMutableBufferPointer<E>, seed: UInt64
    ) throws {
        if let input = input as? UnsafeBufferPointer<Double>, let output = output as? UnsafeMutableBufferPointer<Double> {
            rounder.round(input, into: output, seed: seed, threads: threads)
        } else if let input = input as? UnsafeBufferPointer<Float>,
            let output = output as? UnsafeMutableBufferPointer<Float>
        {
            do {
                try rounder.round(input, into: output, seed: seed, threads: threads)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    private func roundInPlace<E: RoundingElement>(_ rounder: FloatRounder, _ values: UnsafeMutableBufferPointer<E>, seed: UInt64) throws {
        if let values = values as? UnsafeMutableBufferPointer<Double> {
            rounder.round(values, seed: seed, threads: threads)
        } else if let values = values as? UnsafeMutableBufferPointer<Float> {
            do {
                try rounder.round(values, seed: seed, threads: threads)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        try ContinuousClock().measure(body).seconds
    }
}

/// The median of timings (the mean of the middle two for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Standard normal samples by the Box-Muller transform, from a seeded WyRand.
enum NormalSamples {
    static func generate(count: Int, seed: UInt64) -> [Double] {
        var generator = WyRand(seed: seed)
        var samples: [Double] = []
        samples.reserveCapacity(count)
        while samples.count < count {
            let u1 = (Double(generator.next() >> 11) + 1) * 0x1p-53  // (0, 1]
            let u2 = Double(generator.next() >> 11) * 0x1p-53
            let radius = (-2 * log(u1)).squareRoot()
            samples.append(radius * cos(2 * .pi * u2))
            if samples.count < count { samples.append(radius * sin(2 * .pi * u2)) }
        }
        return samples
    }
}

/// A prepared rounder's one-value call, timed by `chop bench --kernel scalar`.
protocol PreparedScalarRounding {
    func round(_ x: Double, randomWord: UInt64) -> Double
}

extension FloatRounder: PreparedScalarRounding {}
extension PositRounder: PreparedScalarRounding {}
