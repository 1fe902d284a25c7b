// Training a small network in emulated low precision: a 64-32-10 perceptron (ReLU, softmax
// cross-entropy, SGD with momentum) on the UCI handwritten digits, with the forward pass, the
// backward pass and the weight update each in a chosen precision. Every matrix product is a
// MatrixMultiplication model (inputs in the recipe's formats, exact products, binary32
// accumulation, results rounded to the recipe's activation format); the loss and softmax are
// computed in binary64.
//
//   swift run -c release TrainingPrecision [--epochs 40] [--learning-rate 0.002] [--data Examples/Data/digits.csv]
//
// The default learning rate is small on purpose: bfloat16 weights updated by w - η·v rounded to
// nearest lose every update smaller than half an ulp of w (stagnation), so that recipe lags;
// stochastic rounding of the same update keeps it in expectation and matches binary32. With a
// large rate (--learning-rate 0.05) the updates are big enough and the gap closes.
import Chop

// MARK: - Options

var epochs = 40
var dataPath = "Examples/Data/digits.csv"
var learningRate = 0.002
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--epochs": epochs = Int(arguments.next() ?? "") ?? epochs
    case "--data": dataPath = arguments.next() ?? dataPath
    case "--learning-rate": learningRate = Double(arguments.next() ?? "") ?? learningRate
    default:
        fatalError("usage: TrainingPrecision [--epochs N] [--learning-rate η] [--data digits.csv]")
    }
}

// MARK: - Data: 1797 images, the first 1297 for training, the last 500 for testing

let (table, shape) = try ArrayFile.read(dataPath)
precondition(shape == [1797, 65], "\(dataPath): expected 1797 rows of 64 pixels and a label, got \(shape)")
let images = (0..<1797).map { row in (0..<64).map { table[row * 65 + $0] / 16 } }
let labels = (0..<1797).map { Int(table[$0 * 65 + 64]) }
let trainCount = 1297

// MARK: - Precision recipes

/// How a matrix enters a product: rounded to a format, scaled per tensor into an FP8 format's
/// range by a power of two and rounded, or quantized to a block format along k.
enum Cast {
    case exact
    case float(FloatRounder)
    case scaledFP8(FloatRounder)
    case block(BlockQuantizer)

    /// `values` (rows × columns, row-major) as the product sees them; `kAxis` is the axis
    /// products are summed over (for block formats).
    func apply(_ values: [Double], rows: Int, columns: Int, kAxis: Int, seed: UInt64) -> [Double] {
        switch self {
        case .exact: return values
        case .float(let rounder):
            let stream = RandomStream(seed: seed)
            return values.enumerated().map { rounder.round($1, randomWord: stream.word(at: UInt64($0))) }
        case .scaledFP8(let rounder):
            // The power of two that brings amax closest to (not above) the format's largest value.
            let amax = values.map(\.magnitude).max() ?? 0
            guard amax > 0 else { return values }
            let scale = Double(sign: .plus, exponent: Int(Double.log2(rounder.format.greatestFiniteMagnitude / amax).rounded(.down)), significand: 1)
            return values.map { rounder.round($0 * scale) / scale }
        case .block(let quantizer):
            return try! quantizer.quantizeDequantize(values, shape: [rows, columns], axis: kAxis, seed: seed)
        }
    }
}

/// One training configuration.
struct Recipe {
    let name: String
    let weights: Cast
    let activations: Cast
    let gradients: Cast
    /// Where every product's result is stored (activations, gradients).
    let results: FloatRounder
    /// The weights' own format when there is no binary32 master copy, and the rounding of the
    /// update into it; nil: binary32 master weights.
    let storedWeights: FloatRounder?
}

let fp32 = try FloatRounder(format: .binary32)
let bf16 = try FloatRounder(format: .bfloat16)
let bf16SR = try FloatRounder(format: .bfloat16, mode: .stochastic())
let recipes: [Recipe] = [
    Recipe(name: "binary32", weights: .float(fp32), activations: .float(fp32), gradients: .float(fp32), results: fp32, storedWeights: nil),
    Recipe(name: "bfloat16, nearest update", weights: .exact, activations: .float(bf16), gradients: .float(bf16), results: bf16, storedWeights: bf16),
    Recipe(name: "bfloat16, stochastic update", weights: .exact, activations: .float(bf16), gradients: .float(bf16), results: bf16, storedWeights: bf16SR),
    Recipe(
        name: "FP8 (E4M3 fwd, E5M2 grad), scaled", weights: .scaledFP8(try FloatRounder(format: .e4m3fn)),
        activations: .scaledFP8(try FloatRounder(format: .e4m3fn)), gradients: .scaledFP8(try FloatRounder(format: .e5m2)),
        results: bf16, storedWeights: nil),
    Recipe(name: "MXFP4 weights, bf16 activations", weights: .block(try BlockQuantizer(format: .mxfp4)), activations: .float(bf16), gradients: .float(bf16), results: bf16, storedWeights: nil),
    Recipe(name: "NVFP4 weights, bf16 activations", weights: .block(try BlockQuantizer(format: .nvfp4)), activations: .float(bf16), gradients: .float(bf16), results: bf16, storedWeights: nil),
]

// MARK: - The network

/// A dense layer `out = in·W + b`, W stored in×out.
struct Dense {
    let inputs: Int
    let outputs: Int
    var weights: [Double]
    var bias: [Double]
    var weightVelocity: [Double]
    var biasVelocity: [Double]

    init(_ inputs: Int, _ outputs: Int, _ generator: inout WyRand, storedIn format: FloatRounder) {
        self.inputs = inputs
        self.outputs = outputs
        let limit = (6 / Double(inputs + outputs)).squareRoot()  // Glorot uniform
        weights = (0..<(inputs * outputs)).map { _ in format.round((Double(generator.next() >> 11) * 0x1p-53 * 2 - 1) * limit) }
        bias = [Double](repeating: 0, count: outputs)
        weightVelocity = weights.map { _ in 0 }
        biasVelocity = bias
    }
}

/// `A (m×k) · B (k×n)` as the recipe's kernel computes it.
func product(_ a: [Double], _ b: [Double], _ m: Int, _ k: Int, _ n: Int, _ recipe: Recipe) -> [Double] {
    try! MatrixMultiplication(accumulator: fp32, output: recipe.results).multiply(a, b, m: m, k: k, n: n)
}

func transpose(_ a: [Double], _ rows: Int, _ columns: Int) -> [Double] {
    (0..<(rows * columns)).map { a[($0 % rows) * columns + $0 / rows] }
}

/// One recipe trained from the same initial weights; returns the test accuracy.
func train(_ recipe: Recipe, epochs: Int, learningRate: Double, momentum: Double) -> Double {
    var generator = WyRand(seed: 42)
    let weightFormat = recipe.storedWeights.map { try! FloatRounder(format: $0.format) } ?? fp32
    var layers = [Dense(64, 32, &generator, storedIn: weightFormat), Dense(32, 10, &generator, storedIn: weightFormat)]
    var seed: UInt64 = 1
    func nextSeed() -> UInt64 {
        seed &+= 1
        return RandomStream(seed: 7).word(at: seed)
    }

    /// Forward pass of a batch (rows of `x`): the inputs of each layer, the pre-activations, logits.
    func forward(_ x: [Double], _ batch: Int) -> (inputs: [[Double]], logits: [Double]) {
        var activation = x
        var inputs: [[Double]] = []
        for (index, layer) in layers.enumerated() {
            let a = recipe.activations.apply(activation, rows: batch, columns: layer.inputs, kAxis: 1, seed: nextSeed())
            let w = recipe.weights.apply(layer.weights, rows: layer.inputs, columns: layer.outputs, kAxis: 0, seed: nextSeed())
            inputs.append(a)
            var z = product(a, w, batch, layer.inputs, layer.outputs, recipe)
            for i in 0..<batch {
                for j in 0..<layer.outputs {
                    let biased = recipe.results.sum(z[i * layer.outputs + j], layer.bias[j])
                    z[i * layer.outputs + j] = index == layers.count - 1 ? biased : max(biased, 0)  // ReLU
                }
            }
            activation = z
        }
        return (inputs, activation)
    }

    let batchSize = 32
    var order = Array(0..<trainCount)
    for _ in 0..<epochs {
        order.shuffle(using: &generator)
        for start in stride(from: 0, to: trainCount, by: batchSize) {
            let batch = min(batchSize, trainCount - start)
            let rows = order[start..<(start + batch)]
            let x = rows.flatMap { images[$0] }
            let (inputs, logits) = forward(x, batch)
            // Softmax cross-entropy gradient in binary64: (softmax - one-hot) / batch.
            var delta = [Double](repeating: 0, count: batch * 10)
            for (i, row) in rows.enumerated() {
                let z = logits[(i * 10)..<(i * 10 + 10)]
                let top = z.max()!
                let e = z.map { Double.exp($0 - top) }
                let total = e.reduce(0, +)
                for c in 0..<10 { delta[i * 10 + c] = (e[c] / total - (labels[row] == c ? 1 : 0)) / Double(batch) }
            }
            // Backward, last layer first.
            for index in layers.indices.reversed() {
                let layer = layers[index]
                let g = recipe.gradients.apply(delta, rows: batch, columns: layer.outputs, kAxis: 0, seed: nextSeed())
                // dW = Aᵀ·G (in×out), summed over the batch.
                let weightGradient = product(transpose(inputs[index], batch, layer.inputs), g, layer.inputs, batch, layer.outputs, recipe)
                let biasGradient = (0..<layer.outputs).map { j in (0..<batch).reduce(0.0) { $0 + g[$1 * layer.outputs + j] } }
                if index > 0 {
                    // dA = G·Wᵀ, then through the ReLU of the layer below.
                    let w = recipe.weights.apply(layer.weights, rows: layer.inputs, columns: layer.outputs, kAxis: 0, seed: nextSeed())
                    var below = product(g, transpose(w, layer.inputs, layer.outputs), batch, layer.outputs, layer.inputs, recipe)
                    for i in below.indices where inputs[index][i] <= 0 { below[i] = 0 }
                    delta = below
                }
                // SGD with momentum: v = μ·v + g; w = w - η·v, each rounded into the weights'
                // format (the update in the recipe's mode).
                let update = recipe.storedWeights ?? fp32
                let stream = RandomStream(seed: nextSeed())
                for i in layers[index].weights.indices {
                    let v = weightFormat.fusedMultiplyAdd(momentum, layers[index].weightVelocity[i], weightGradient[i])
                    layers[index].weightVelocity[i] = v
                    layers[index].weights[i] = update.fusedMultiplyAdd(-learningRate, v, layers[index].weights[i], randomWord: stream.word(at: UInt64(i)))
                }
                for j in layers[index].bias.indices {
                    let v = weightFormat.fusedMultiplyAdd(momentum, layers[index].biasVelocity[j], biasGradient[j])
                    layers[index].biasVelocity[j] = v
                    layers[index].bias[j] = update.fusedMultiplyAdd(-learningRate, v, layers[index].bias[j], randomWord: stream.word(at: UInt64(1 << 20 + j)))
                }
            }
        }
    }
    // Test accuracy, with the recipe's forward pass.
    let testRows = Array(trainCount..<1797)
    let (_, logits) = forward(testRows.flatMap { images[$0] }, testRows.count)
    let correct = testRows.indices.filter { i in
        let z = logits[(i * 10)..<(i * 10 + 10)]
        return z.firstIndex(of: z.max()!)! - i * 10 == labels[testRows[i]]
    }.count
    return Double(correct) / Double(testRows.count)
}

// MARK: - The table

let momentum = 0.9
print("64-32-10 perceptron, UCI digits (1297 train, 500 test), \(epochs) epochs, batch 32, SGD η = \(learningRate), μ = \(momentum)")
print("recipe                                   test accuracy")
for recipe in recipes {
    let accuracy = train(recipe, epochs: epochs, learningRate: learningRate, momentum: momentum)
    print(recipe.name + String(repeating: " ", count: max(1, 41 - recipe.name.count)) + "\((accuracy * 1000).rounded() / 10)%")
}
