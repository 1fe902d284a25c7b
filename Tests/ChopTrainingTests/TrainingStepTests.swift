import ChopFormats
import ChopTensors
import ChopTestSupport
import ChopTraining
import Testing

/// Layers, parameters and the SGD optimizer over several steps.
@Suite("Training: layers and SGD")
struct TrainingStepTests {
    /// Three Gaussian blobs in four dimensions, `count` points each, labels 0, 1, 2.
    static func blobs(count: Int, seed: UInt64) -> (points: [Double], labels: [Int]) {
        var generator = WyRand(seed: seed)
        let uniform = { Double(generator.next() >> 11) * 0x1p-53 }
        var points: [Double] = []
        var labels: [Int] = []
        for label in 0..<3 {
            for _ in 0..<count {
                for d in 0..<4 { points.append((d == label ? 2.0 : 0) + (uniform() - 0.5)) }
                labels.append(label)
            }
        }
        return (points, labels)
    }

    /// Trains a 4-8-3 perceptron for `steps` full-batch steps; the losses before each step.
    static func train(
        recipe: PrecisionRecipe, weights: TensorPrecision, steps: Int, _ update: ([Parameter], Gradients) throws -> Void
    ) throws -> (losses: [Double], layers: [Linear]) {
        let (points, labels) = blobs(count: 10, seed: 1)
        let layers = [
            try Linear(inputs: 4, outputs: 8, precision: weights, seed: 2),
            try Linear(inputs: 8, outputs: 3, precision: weights, seed: 3),
        ]
        let x = try Tensor(rounding: points, shape: [30, 4], precision: recipe.activations)
        var losses: [Double] = []
        for _ in 0..<steps {
            let tape = Tape(recipe: recipe)
            let hidden = try layers[0](tape.input(x)).relu()
            let loss = try layers[1](hidden).softmaxCrossEntropy(labels: labels)
            losses.append(loss.value.scalars[0])
            try update(layers.flatMap(\.parameters), tape.gradients(of: loss))
        }
        return (losses, layers)
    }

    @Test("one step is v = g and w - η·g; the second adds momentum")
    func sgdArithmetic() throws {
        let binary64 = try TensorPrecision(.binary64)
        let parameter = Parameter(try Tensor(exactly: [1, -2], shape: [2], precision: binary64))
        var sgd = SGD(learningRate: 0.5, momentum: 0.25, state: binary64, weights: binary64)
        for step in 0..<2 {
            let tape = Tape(recipe: .binary64)
            let w = tape.variable(parameter)
            let logits = try w.adding(tape.input(Tensor(exactly: [0, 0, 0, 0], shape: [2, 2], precision: binary64)))
            let gradients = try tape.gradients(of: logits.softmaxCrossEntropy(labels: [0, 1]))
            let g = try #require(gradients[parameter]).scalars
            let before = parameter.value.scalars
            let previous = sgd.velocity(of: parameter)?.scalars ?? [0, 0]
            try sgd.step([parameter], gradients)
            let velocity = try #require(sgd.velocity(of: parameter)).scalars
            #expect(velocity == zip(previous, g).map { 0.25 * $0 + $1 }, "step \(step)")
            #expect(parameter.value.scalars == zip(before, velocity).map { $0 - 0.5 * $1 }, "step \(step)")
        }
    }

    @Test("AdamW with bfloat16 moments and weights, stochastic: every stored value in bfloat16, and it learns")
    func adamWBFloat16() throws {
        let recipe = try PrecisionRecipe.uniform(.bfloat16, mode: .stochastic(), accumulator: .binary32, seed: 8)
        var adam = AdamW(
            learningRate: 0.02, firstMoment: try TensorPrecision(.bfloat16, mode: .stochastic(), seed: 9),
            secondMoment: try TensorPrecision(.bfloat16, mode: .stochastic(), seed: 10),
            weights: try TensorPrecision(.bfloat16, mode: .stochastic(), seed: 11))
        let (losses, layers) = try Self.train(recipe: recipe, weights: adam.weights, steps: 40) { try adam.step($0, $1) }
        #expect(losses.last! < losses.first! / 4, "\(losses)")
        let bfloat16 = try FloatRounder(format: .bfloat16)
        for parameter in layers.flatMap(\.parameters) {
            let (m, v) = try #require(adam.moments(of: parameter))
            for tensor in [parameter.value, m, v] { #expect(tensor.scalars.allSatisfy { bfloat16.round($0) == $0 }) }
        }
    }

    @Test("AdamW's first step from the formulas, in binary64")
    func adamWArithmetic() throws {
        let binary64 = try TensorPrecision(.binary64)
        let parameter = Parameter(try Tensor(exactly: [1, -2], shape: [2], precision: binary64))
        var adam = AdamW(learningRate: 0.1, weightDecay: 0.5, firstMoment: binary64, secondMoment: binary64, weights: binary64)
        let tape = Tape(recipe: .binary64)
        let logits = try tape.variable(parameter).adding(tape.input(Tensor(exactly: [0, 0, 0, 0], shape: [2, 2], precision: binary64)))
        let gradients = try tape.gradients(of: logits.softmaxCrossEntropy(labels: [0, 1]))
        let g = try #require(gradients[parameter]).scalars
        try adam.step([parameter], gradients)
        let (m, v) = try #require(adam.moments(of: parameter))
        // The documented binary64 evaluation from zero moments (1 - 0.9 is not 0.1 in binary64).
        #expect(m.scalars == g.map { 0.9 * 0 + (1 - 0.9) * $0 } && v.scalars == g.map { 0.999 * 0 + (1 - 0.999) * $0 * $0 })
        // Step 1: m̂ ≈ g and v̂ ≈ g², so the direction is about g / (|g| + ε).
        let expected = zip([1.0, -2], g).map { w, g in w - 0.1 * (g / (g.magnitude + 1e-8) + 0.5 * w) }
        #expect(zip(parameter.value.scalars, expected).allSatisfy { ($0 - $1).magnitude <= 1e-14 }, "\(parameter.value.scalars) vs \(expected)")
    }

    @Test("a perceptron learns three blobs in binary32")
    func learns() throws {
        let binary32 = try TensorPrecision(.binary32)
        var sgd = SGD(learningRate: 0.2, momentum: 0.9, state: binary32, weights: binary32)
        let (losses, _) = try Self.train(recipe: try .uniform(.binary32), weights: binary32, steps: 40) { try sgd.step($0, $1) }
        #expect(losses.last! < losses.first! / 4, "\(losses)")
    }

    @Test("bfloat16 with stochastic updates: every weight and velocity stays in bfloat16, and it still learns")
    func bfloat16Stochastic() throws {
        let recipe = try PrecisionRecipe.uniform(.bfloat16, mode: .stochastic(), accumulator: .binary32, seed: 5)
        var sgd = SGD(
            learningRate: 0.2, momentum: 0.9, state: try TensorPrecision(.bfloat16, mode: .stochastic(), seed: 6),
            weights: try TensorPrecision(.bfloat16, mode: .stochastic(), seed: 7))
        let (losses, layers) = try Self.train(recipe: recipe, weights: sgd.weights, steps: 40) { try sgd.step($0, $1) }
        #expect(losses.last! < losses.first! / 4, "\(losses)")
        let bfloat16 = try FloatRounder(format: .bfloat16)
        for parameter in layers.flatMap(\.parameters) {
            #expect(parameter.value.scalars.allSatisfy { bfloat16.round($0) == $0 })
            #expect(try #require(sgd.velocity(of: parameter)).scalars.allSatisfy { bfloat16.round($0) == $0 })
        }
    }

    @Test("an optimizer refuses a gradient not shaped like its parameter, whichever optimizer", arguments: [false, true])
    func shapeMismatch(_ adam: Bool) throws {
        let parameter = Parameter(try Tensor(exactly: [1, 2], shape: [2], precision: .binary64))
        let tape = Tape(recipe: .binary64)
        let loss = try tape.variable(parameter).reshaped(to: [1, 2]).softmaxCrossEntropy(labels: [0])
        let gradients = try tape.gradients(of: loss)
        parameter.value = try Tensor(exactly: [1, 2, 3], shape: [3], precision: .binary64)
        var optimizer: any Optimizer =
            adam
            ? AdamW(learningRate: 0.1, firstMoment: .binary64, secondMoment: .binary64, weights: .binary64)
            : SGD(learningRate: 0.1, state: .binary64, weights: .binary64)
        #expect(throws: TensorError.shapeMismatch(operation: adam ? "AdamW step" : "SGD step", [3], [2])) {
            try optimizer.step([parameter], gradients)
        }
    }
}
