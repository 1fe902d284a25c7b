// Training a small convolutional network on the UCI handwritten digits with each preset
// precision recipe of ChopTraining (or recipes from JSON files): one line per recipe with the
// test accuracy, the mean training loss of the last epoch and the time taken.
//
//   swift run -c release TrainingRecipes [--json] [--epochs 30] [--learning-rate 0.003]
//       [--recipe NAME]... [--recipe-file recipe.json]... [--data Examples/Data/digits.csv]
//
// The network: 8×8 images → 3×3 convolution to 8 channels (padding 1) → ReLU → 3×3
// convolution to 16 channels (stride 2, padding 1) → ReLU → dense layer to 10 classes →
// softmax cross-entropy; SGD with momentum 0.9, batches of 32, the first 1297 images for
// training and the last 500 for testing. Everything is seeded: the same command prints the
// same accuracies and losses (only the times vary).
import Chop
import Foundation

// MARK: - Options

var epochs = 30
var learningRate = 0.003
var dataPath = "Examples/Data/digits.csv"
var json = false
var recipes: [PrecisionRecipe] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("TrainingRecipes: \(message)\n".utf8))
    exit(2)
}
do {
    while let argument = arguments.next() {
        switch argument {
        case "--json": json = true
        case "--epochs": epochs = Int(arguments.next() ?? "") ?? 0
        case "--learning-rate": learningRate = Double(arguments.next() ?? "") ?? .nan
        case "--data": dataPath = arguments.next() ?? dataPath
        case "--recipe": recipes.append(try PrecisionRecipe.preset(named: arguments.next() ?? ""))
        case "--recipe-file": recipes.append(try PrecisionRecipe(contentsOf: arguments.next() ?? ""))
        default:
            fail("unknown option \(argument); usage: TrainingRecipes [--json] [--epochs N] [--learning-rate η] [--recipe NAME]... [--recipe-file F]... [--data digits.csv]")
        }
    }
} catch {
    fail("\(error)")
}
guard epochs >= 1, learningRate > 0 else { fail("--epochs takes a whole number ≥ 1 and --learning-rate a positive number") }
if recipes.isEmpty { recipes = PrecisionRecipe.presetNames.map { try! PrecisionRecipe.preset(named: $0) } }

// MARK: - Data: 1797 images, the first 1297 for training, the last 500 for testing

let (table, shape) = try ArrayFile.read(dataPath)
guard shape == [1797, 65] else { fail("\(dataPath): expected 1797 rows of 64 pixels and a label, got \(shape)") }
let images = (0..<1797).map { row in (0..<64).map { table[row * 65 + $0] / 16 } }
let labels = (0..<1797).map { Int(table[$0 * 65 + 64]) }
let trainCount = 1297

// MARK: - The network

struct Network {
    let first: Conv2d
    let second: Conv2d
    let classifier: Linear

    init(recipe: PrecisionRecipe) throws {
        first = try Conv2d(
            height: 8, width: 8, channels: 1, outputChannels: 8, kernel: (3, 3), padding: 1, precision: recipe.weights, seed: 1)
        second = try Conv2d(
            height: 8, width: 8, channels: 8, outputChannels: 16, kernel: (3, 3), stride: 2, padding: 1,
            precision: recipe.weights, seed: 2)
        classifier = try Linear(inputs: 4 * 4 * 16, outputs: 10, precision: recipe.weights, seed: 3)
    }

    var parameters: [Parameter] { first.parameters + second.parameters + classifier.parameters }

    /// The logits of a batch of images (one per row).
    func callAsFunction(_ x: Variable) throws -> Variable {
        try classifier(second(first(x).relu()).relu())
    }
}

/// Trains `recipe` from the same initial weights; returns the test accuracy (percent) and the
/// mean training loss of the last epoch.
func train(_ recipe: PrecisionRecipe, epochs: Int, learningRate: Double) throws -> (accuracy: Double, loss: Double) {
    let network = try Network(recipe: recipe)
    var optimizer = SGD(learningRate: learningRate, momentum: 0.9, recipe: recipe)
    var generator = WyRand(seed: 42)
    let batchSize = 32
    var order = Array(0..<trainCount)
    var lastLoss = 0.0
    for _ in 0..<epochs {
        order.shuffle(using: &generator)
        var total = 0.0
        for start in stride(from: 0, to: trainCount, by: batchSize) {
            let rows = Array(order[start..<min(start + batchSize, trainCount)])
            let tape = Tape(recipe: recipe)
            let x = tape.input(try Tensor(exactly: rows.flatMap { images[$0] }, shape: [rows.count, 64], precision: .binary64))
            let loss = try network(x).softmaxCrossEntropy(labels: rows.map { labels[$0] })
            total += loss.value.scalars[0] * Double(rows.count)
            try optimizer.step(network.parameters, tape.gradients(of: loss))
        }
        lastLoss = total / Double(trainCount)
    }
    let testRows = Array(trainCount..<1797)
    let tape = Tape(recipe: recipe)
    let logits = try network(tape.input(try Tensor(exactly: testRows.flatMap { images[$0] }, shape: [testRows.count, 64], precision: .binary64))).value
    let correct = testRows.indices.filter { i in
        let row = logits.scalars[(i * 10)..<(i * 10 + 10)]
        return row.firstIndex(of: row.max()!)! - i * 10 == labels[testRows[i]]
    }.count
    return (100 * Double(correct) / Double(testRows.count), lastLoss)
}

// MARK: - The table

var results: [(recipe: String, accuracy: Double, loss: Double, seconds: Double)] = []
if !json {
    print("CNN 8×8×1 → conv 3×3×8 → conv 3×3×16 /2 → 10, UCI digits (1297 train, 500 test), \(epochs) epochs, batch 32, SGD η = \(learningRate), μ = 0.9")
    print("recipe                 accuracy   loss      seconds")
}
for recipe in recipes {
    let clock = ContinuousClock()
    let start = clock.now
    let (accuracy, loss) = try train(recipe, epochs: epochs, learningRate: learningRate)
    let elapsed = start.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    results.append((recipe.name, accuracy, loss, seconds))
    if !json {
        let name = recipe.name.padding(toLength: 22, withPad: " ", startingAt: 0)
        print("\(name) \(String(format: "%6.1f%%", accuracy))   \(String(format: "%.4f", loss))    \(String(format: "%.1f", seconds))")
    }
}
if json {
    let objects = results.map {
        "{\"recipe\": \"\($0.recipe)\", \"accuracy\": \($0.accuracy), \"loss\": \($0.loss), \"seconds\": \((($0.seconds * 100).rounded() / 100))}"
    }
    print("[\n  " + objects.joined(separator: ",\n  ") + "\n]")
}
