import ChopBlocks
import ChopFormats
import ChopTensors
import ChopTraining
import Foundation
import Testing

/// The preset recipes keep every value of every role in its format, their casts give what
/// an independent quantization and accumulation give, and recipes load from JSON.
@Suite("Training: precision recipes")
struct PrecisionRecipeTests {
    /// Whether every value is one of the precision's format (nearest-even leaves it alone).
    static func holds(_ tensor: Tensor, _ precision: TensorPrecision) throws -> Bool {
        let format = try #require(precision.floatRounder).format
        let nearest = try FloatRounder(format: format)
        return tensor.scalars.allSatisfy { nearest.round($0) == $0 }
    }

    /// A small CNN's loss on a seeded batch of 8×8 images.
    struct Network {
        let convolution: Conv2d
        let classifier: Linear

        init(_ recipe: PrecisionRecipe) throws {
            convolution = try Conv2d(
                height: 8, width: 8, channels: 1, outputChannels: 4, kernel: (3, 3), stride: 2, padding: 1, precision: recipe.weights,
                seed: 1)
            classifier = try Linear(inputs: 64, outputs: 10, precision: recipe.weights, seed: 2)
        }

        var parameters: [Parameter] { convolution.parameters + classifier.parameters }
    }

    @Test("each preset trains and keeps weights, activations, gradients and optimizer state in their formats", arguments: PrecisionRecipe.presetNames)
    func presetFormats(_ name: String) throws {
        let recipe = try PrecisionRecipe.preset(named: name, seed: 5)
        let network = try Network(recipe)
        var optimizer = SGD(learningRate: 0.05, recipe: recipe)
        let images = GradientCheckTests.values(16 * 64, seed: 9).map { ($0 + 1) / 2 }
        let labels = (0..<16).map { $0 % 10 }
        var losses: [Double] = []
        for _ in 0..<4 {
            let tape = Tape(recipe: recipe)
            let x = tape.input(try Tensor(exactly: images, shape: [16, 64], precision: .binary64))
            let hidden = try network.convolution(x)
            let activated = try hidden.relu()
            let logits = try network.classifier(activated)
            let loss = try logits.softmaxCrossEntropy(labels: labels)
            losses.append(loss.value.scalars[0])
            for value in [hidden, activated, logits, loss] {
                #expect(try Self.holds(value.value, recipe.activations), "\(name): activation \(value.value.shape)")
            }
            let gradients = try tape.gradients(of: loss)
            for parameter in network.parameters {
                let gradient = try #require(gradients[parameter])
                #expect(try Self.holds(gradient, recipe.gradients), "\(name): gradient \(gradient.shape)")
                #expect(gradient.scalars.contains { $0 != 0 }, "\(name): a zero gradient")
            }
            #expect(try Self.holds(try #require(gradients[x]), recipe.gradients))
            try optimizer.step(network.parameters, gradients)
            for parameter in network.parameters {
                #expect(try Self.holds(parameter.value, recipe.weights), "\(name): weight \(parameter.value.shape)")
                #expect(try Self.holds(try #require(optimizer.velocity(of: parameter)), recipe.optimizerState), "\(name): velocity")
            }
        }
        #expect(losses.last! < losses.first!, "\(name): \(losses)")
    }

    /// `A·B` by an independent route: each operand quantized through the codes path of
    /// ``BlockQuantizer`` (or scaled and rounded element by element), exact products summed
    /// in order with each sum rounded to binary32, times the tensor scales.
    static func reference(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, _ aCast: OperandCast, _ bCast: OperandCast) throws -> [Double] {
        func cast(_ values: [Double], rows: Int, _ cast: OperandCast) throws -> (values: [Double], scale: Double) {
            switch cast.kind {
            case .none: return (values, 1)
            case .scalar(let rounder): return (values.map { rounder.round($0) }, 1)
            case .scaledPerTensor(let rounder):
                let amax = values.map(\.magnitude).max()!
                var scale = 1.0
                while amax * scale * 2 <= rounder.format.greatestFiniteMagnitude { scale *= 2 }
                while amax * scale > rounder.format.greatestFiniteMagnitude { scale /= 2 }
                return (values.map { rounder.round($0 * scale) / scale }, 1)
            case .blocks(let rounder):
                let quantized = try rounder.quantize(values, shape: [rows, k], seed: 0)
                let tensorScale = Double(quantized.tensorScale ?? 1)
                return (quantized.values.map { $0 / tensorScale }, tensorScale)
            }
        }
        let (left, leftScale) = try cast(a, rows: m, aCast)
        let (right, rightScale) = try cast((0..<(k * n)).map { b[($0 % k) * n + $0 / k] }, rows: n, bCast)
        let binary32 = try FloatRounder(format: .binary32)
        return (0..<(m * n)).map { index in
            let (i, j) = (index / n, index % n)
            var sum = binary32.round(left[i * k] * right[j * k])
            for t in 1..<k { sum = binary32.sum(sum, left[i * k + t] * right[j * k + t]) }
            return sum * (leftScale * rightScale)
        }
    }

    @Test("forward products of the FP8, MXFP8 and NVFP4 presets equal an independent quantization and accumulation", arguments: ["fp8", "mxfp8", "nvfp4"])
    func forwardCasts(_ name: String) throws {
        let recipe = try PrecisionRecipe.preset(named: name)
        let (m, k, n) = (5, 40, 18)
        // Values over many binades, so that block scales differ and elements saturate or flush.
        let a = GradientCheckTests.values(m * k, seed: 11).enumerated().map { $1 * Double.pow(2, Double($0 % 13) - 6) }
        let b = GradientCheckTests.values(k * n, seed: 12).enumerated().map { $1 * Double.pow(2, Double($0 % 7) - 3) }
        let product = try recipe.forward.multiply(a, .activations, b, .weights, m: m, k: k, n: n)
        let expected = try Self.reference(a, b, m: m, k: k, n: n, recipe.forward.activations, recipe.forward.weights)
        #expect(product == expected, "\(name)")
        // The casts do something: the product differs from the uncast one.
        let plain = try ProductRecipe(model: recipe.forward.model).multiply(a, .activations, b, .weights, m: m, k: k, n: n)
        #expect(product != plain)
    }

    @Test("a GPU matrix unit reads FP8 casts with their tensor scales applied after it; E4M3 and E5M2 share one unit")
    func matrixUnit() throws {
        let h100 = try TensorCoreModel.h100.blockFMA(input: .e4m3fn)
        let (e4m3, e5m2) = (try OperandCast.scaledPerTensor(.e4m3fn), try OperandCast.scaledPerTensor(.e5m2))
        let recipe = try ProductRecipe(model: .matrixUnit(h100), activations: e4m3, weights: e4m3)
        let (m, k, n) = (3, 96, 5)
        let a = GradientCheckTests.values(m * k, seed: 17).map { $0 * 1e-3 }
        let b = GradientCheckTests.values(k * n, seed: 18).map { $0 * 50 }
        // Independently: each operand scaled by the power of two that brings its largest
        // magnitude into [224, 448], rounded, multiplied by the unit, scaled back.
        func scaled(_ x: [Double]) -> (values: [Double], scale: Double) {
            var scale = 1.0
            let amax = x.map(\.magnitude).max()!
            while amax * scale <= 224 { scale *= 2 }
            while amax * scale > 448 { scale /= 2 }
            let rounder = try! FloatRounder(format: .e4m3fn, overflow: .saturate)
            return (x.map { rounder.round($0 * scale) }, scale)
        }
        let (x, xs) = scaled(a), (y, ys) = scaled(b)
        let expected = try h100.multiply(x, y, m: m, k: k, n: n).map { $0 / xs / ys }
        #expect(try recipe.multiply(a, .activations, b, .weights, m: m, k: k, n: n) == expected)
        // A JSON product naming the GPU reads E4M3 and E5M2 through one unit holding both.
        let file = try PrecisionRecipe(json: Data("""
            { "preset": "fp8", "backward": { "model": "h100", "activations": { "format": "e4m3fn", "scaling": "tensor" },
              "weights": { "format": "e4m3fn", "scaling": "tensor" }, "gradients": { "format": "e5m2", "scaling": "tensor" } } }
            """.utf8))
        guard case .matrixUnit(let unit) = file.backward.model else { Issue.record("no matrix unit"); return }
        #expect(unit.inputFormat.precision == 4 && unit.inputFormat.maxExponent == 15 && unit.inputFormat.minExponent == -14)
        #expect(unit.groupSize == h100.groupSize && unit.extraBits == h100.extraBits)
        _ = try file.backward.multiply(a, .gradients, b, .weights, m: m, k: k, n: n)
        // Casts a unit cannot read are refused.
        #expect(throws: RecipeError.self) { try ProductRecipe(model: .matrixUnit(h100), gradients: e5m2) }
        #expect(throws: RecipeError.self) { try ProductRecipe(model: .matrixUnit(h100), weights: try .blocks(.mxfp8E4M3)) }
        for (text, expected) in [
            (#"{ "preset": "fp8", "forward": { "model": "h900" } }"#, "forward.model"),
            (#"{ "preset": "fp8", "forward": { "model": "h100", "accumulator": "binary32" } }"#, "forward: give"),
            (#"{ "preset": "fp8", "forward": { "model": "h100" } }"#, "forward.input"),
            (#"{ "preset": "fp8", "forward": { "model": "v100", "input": "e4m3fn" } }"#, "forward.model"),
        ] {
            #expect(throws: RecipeError.self, "\(text)") { try PrecisionRecipe(json: Data(text.utf8)) }
            do { _ = try PrecisionRecipe(json: Data(text.utf8)) } catch { #expect(error.description.contains(expected), "\(error)") }
        }
    }

    @Test("a stochastic accumulator draws new words for every product, the same sequence from the same seed")
    func stochasticAccumulator() throws {
        let model = MatrixMultiplication(accumulator: try FloatRounder(format: .bfloat16, mode: .stochastic()))
        let (a, b) = (GradientCheckTests.values(8 * 64, seed: 19), GradientCheckTests.values(64 * 8, seed: 20))
        func products(seed: UInt64) throws -> [[Double]] {
            let recipe = try ProductRecipe(model: model, seed: seed)
            return try (0..<3).map { _ in try recipe.multiply(a, .activations, b, .weights, m: 8, k: 64, n: 8) }
        }
        let first = try products(seed: 4)
        #expect(first[0] != first[1] && first[1] != first[2])
        #expect(try products(seed: 4) == first)
        #expect(try products(seed: 5) != first)
    }

    @Test("the Hadamard transform leaves exact weight-gradient products unchanged, pads k, and applies to weight gradients only")
    func hadamard() throws {
        let binary64 = MatrixMultiplication(accumulator: try FloatRounder(format: .binary64), order: .exact)
        let (m, k, n) = (3, 21, 4)
        let a = GradientCheckTests.values(m * k, seed: 13)
        let b = GradientCheckTests.values(k * n, seed: 14)
        let transformed = try ProductRecipe(model: binary64, hadamardSize: 16, seed: 3)
        let plain = try ProductRecipe(model: binary64).multiply(a, .activations, b, .gradients, m: m, k: k, n: n)
        let rotated = try transformed.multiply(a, .activations, b, .gradients, m: m, k: k, n: n, weightGradient: true)
        for (x, y) in zip(plain, rotated) { #expect((x - y).magnitude <= 1e-14, "\(x) \(y)") }
        let nvfp4 = try PrecisionRecipe.preset(named: "nvfp4").backward
        let castPlain = try nvfp4.multiply(a, .activations, b, .gradients, m: m, k: k, n: n)
        let castRotated = try nvfp4.multiply(a, .activations, b, .gradients, m: m, k: k, n: n, weightGradient: true)
        #expect(castPlain != castRotated)
        #expect(throws: RecipeError.self) { try ProductRecipe(model: binary64, hadamardSize: 12) }
    }

    @Test("recipes from JSON: a preset with overrides, a full description, and errors that name the key")
    func json() throws {
        let overridden = try PrecisionRecipe(json: Data("""
            { "preset": "mxfp8", "name": "mxfp8-sr", "seed": 3,
              "weights": { "format": "bfloat16", "mode": "stochastic", "randomBits": 16 },
              "backward": { "accumulator": "binary32", "gradients": { "format": "nvfp4", "mode": "stochastic" },
                            "weights": { "format": "nvfp4", "tile": [16, 16] },
                            "activations": { "format": "e4m3fn", "scaling": "tensor" }, "hadamard": 16 } }
            """.utf8))
        #expect(overridden.name == "mxfp8-sr")
        #expect(overridden.weights.mode == .stochastic(randomBits: 16))
        #expect(overridden.backward.hadamardSize == 16)
        #expect(overridden.backward.weights.name == "nvfp4 16×16")
        #expect(overridden.backward.activations.name == "e4m3fn per-tensor")
        #expect(overridden.forward.weights.name == "mxfp8-e4m3")
        // MXFP8 spelled out gives the preset's products.
        let spelled = try PrecisionRecipe(json: Data("""
            { "name": "mx", "weights": { "format": "binary32" }, "activations": { "format": "bfloat16" },
              "gradients": { "format": "bfloat16" }, "optimizerState": { "format": "binary32" },
              "forward": { "accumulator": "binary32", "activations": { "format": "mxfp8-e4m3" }, "weights": { "format": "mxfp8-e4m3" } },
              "backward": { "accumulator": "binary32", "gradients": { "format": "mxfp8-e5m2" } } }
            """.utf8))
        let preset = try PrecisionRecipe.preset(named: "mxfp8")
        let a = GradientCheckTests.values(64, seed: 15), b = GradientCheckTests.values(128, seed: 16)
        #expect(
            try spelled.forward.multiply(a, .activations, b, .weights, m: 2, k: 32, n: 4)
                == preset.forward.multiply(a, .activations, b, .weights, m: 2, k: 32, n: 4))
        let failures: [(String, String)] = [
            (#"{ "name": "x" }"#, "missing key weights"),
            (#"{ "preset": "fp9" }"#, "unknown recipe fp9"),
            (#"{ "preset": "fp8", "weights": { "format": "bfloat17" } }"#, "weights.format"),
            (#"{ "preset": "fp8", "gradients": { "format": "bfloat16", "mode": "sideways" } }"#, "gradients.mode"),
            (#"{ "preset": "fp8", "forward": { "accumulator": "binary32", "weights": { "format": "e4m3fn", "tile": [2, 2] } } }"#, "forward.weights.tile"),
            (#"{ "preset": "fp8", "forward": { "accumulator": "binary32", "weights": { "format": "mxfp4", "scaling": "tensor" } } }"#, "forward.weights.scaling"),
            (#"{ "preset": "fp8", "backward": { "accumulator": "binary32", "hadamard": 12 } }"#, "backward"),
            (#"{ "preset": 3 }"#, "preset"),
            ("not json", "recipe file"),
        ]
        for (text, expected) in failures {
            do {
                _ = try PrecisionRecipe(json: Data(text.utf8))
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.description.contains(expected), "\(text): \(error)")
            }
        }
        #expect(throws: RecipeError.self) { try PrecisionRecipe(contentsOf: "/nonexistent/recipe.json") }
    }

    @Test("loss scaling: a binary16 gradient that underflows survives a scale; dynamic scaling skips overflowing steps and grows")
    func lossScaling() throws {
        let recipe = try PrecisionRecipe.uniform(.binary16)
        func gradient(_ scaling: inout LossScaling?) throws -> Double? {
            let tape = Tape(recipe: recipe)
            // Four rows with logits 2^-24·(x·w) = 0: each logit's gradient is ±2^-3·2^-24 = ±2^-27,
            // below half binary16's least subnormal, so it vanishes unless the loss is scaled.
            let w = tape.parameter(try Tensor(exactly: [0, 0], shape: [1, 2], precision: recipe.weights))
            let x = tape.input(try Tensor(repeating: 1, shape: [4, 1], precision: recipe.activations))
            let loss = try x.matmul(w).scaled(by: 0x1p-24).softmaxCrossEntropy(labels: [0, 0, 0, 0])
            if scaling == nil { return try tape.gradients(of: loss)[w]?.scalars[0] }
            return try scaling!.gradients(of: loss)?[w]?.scalars[0]
        }
        var none: LossScaling? = nil
        #expect(try gradient(&none) == 0)
        // Scaled by 2^10: each logit's gradient is -2^-17, w's -2^-15, unscaled -2^-25, exactly.
        var fixed: LossScaling? = try .fixed(0x1p10)
        #expect(try gradient(&fixed) == -0x1p-25)
        // Dynamic: 2^24 overflows binary16 (the seed gradient itself is ∞): skipped, halved.
        var dynamic: LossScaling? = try .dynamic(initial: 0x1p24, growthInterval: 2)
        #expect(try gradient(&dynamic) == nil)
        #expect(dynamic!.scale == 0x1p23 && dynamic!.skippedSteps == 1)
        while dynamic!.scale > 0x1p15 { _ = try gradient(&dynamic) }
        #expect(dynamic!.scale == 0x1p15)
        #expect(try gradient(&dynamic) != nil)
        #expect(try gradient(&dynamic) != nil)
        #expect(dynamic!.scale == 0x1p16, "doubles after two good steps")
        #expect(throws: TensorError.self) { try LossScaling.fixed(3) }
        #expect(throws: TensorError.self) { try LossScaling.dynamic(growthInterval: 0) }
    }

    @Test("an unknown preset names the presets")
    func unknownPreset() {
        #expect(throws: RecipeError.unknownPreset("fp9")) { try PrecisionRecipe.preset(named: "fp9") }
        #expect(RecipeError.unknownPreset("fp9").description.contains("bfloat16-stochastic"))
    }
}
