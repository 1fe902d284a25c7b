import ChopFormats
import ChopTensors
import ChopTraining
import Testing

/// A one-block transformer (token and position embeddings, layer normalization, causal
/// two-head attention with a residual connection, a linear read-out) learns to output, at
/// each position, the previous token: a task it can solve only by attending by position.
@Suite("Training: a small transformer")
struct TransformerTests {
    struct Model {
        let tokens: Embedding
        let positions: Embedding
        let norm: LayerNorm
        let attention: MultiHeadAttention
        let readout: Linear

        init(_ recipe: PrecisionRecipe) throws {
            tokens = try Embedding(vocabulary: 6, dimension: 8, precision: recipe.weights, seed: 1)
            positions = try Embedding(vocabulary: 4, dimension: 8, precision: recipe.weights, seed: 2)
            norm = try LayerNorm(features: 8, precision: recipe.weights)
            attention = try MultiHeadAttention(dimension: 8, heads: 2, precision: recipe.weights, seed: 3)
            readout = try Linear(inputs: 8, outputs: 6, precision: recipe.weights, seed: 4)
        }

        var parameters: [Parameter] {
            tokens.parameters + positions.parameters + norm.parameters + attention.parameters + readout.parameters
        }

        /// The logits of every position of `sequences` (each 4 tokens), one row per position.
        func callAsFunction(_ sequences: [[Int]], on tape: Tape) throws -> Variable {
            let x = try tokens(sequences.flatMap { $0 }, on: tape).adding(positions(sequences.flatMap { _ in [0, 1, 2, 3] }, on: tape))
            return try readout(x.adding(attention(norm(x), length: 4, causal: true)))
        }
    }

    /// Seeded sequences of 4 tokens and their targets (the previous token; the first
    /// position repeats its own).
    static func batch(_ generator: inout WyRand, count: Int) -> (sequences: [[Int]], targets: [Int]) {
        let sequences = (0..<count).map { _ in (0..<4).map { _ in Int(generator.next() % 6) } }
        return (sequences, sequences.flatMap { s in [s[0], s[0], s[1], s[2]] })
    }

    /// The accuracy on 64 fresh sequences after 300 AdamW steps of 16 sequences.
    static func train(_ recipe: PrecisionRecipe) throws -> Double {
        let model = try Model(recipe)
        var optimizer = AdamW(learningRate: 0.02, weightDecay: 0, recipe: recipe)
        var generator = WyRand(seed: 17)
        for _ in 0..<300 {
            let (sequences, targets) = batch(&generator, count: 16)
            let tape = Tape(recipe: recipe)
            let loss = try model(sequences, on: tape).softmaxCrossEntropy(labels: targets)
            try optimizer.step(model.parameters, tape.gradients(of: loss))
        }
        let (sequences, targets) = batch(&generator, count: 64)
        let logits = try model(sequences, on: Tape(recipe: recipe)).value
        let correct = targets.indices.filter { i in
            let row = logits.scalars[(i * 6)..<(i * 6 + 6)]
            return row.firstIndex(of: row.max()!)! - i * 6 == targets[i]
        }
        return Double(correct.count) / Double(targets.count)
    }

    @Test("learns the previous-token task in binary32, bfloat16 with stochastic updates and MXFP8", arguments: ["binary32", "bfloat16-stochastic", "mxfp8"])
    func previousToken(_ name: String) throws {
        let accuracy = try Self.train(try PrecisionRecipe.preset(named: name))
        #expect(accuracy > 0.9, "\(name): \(accuracy)")
    }
}
