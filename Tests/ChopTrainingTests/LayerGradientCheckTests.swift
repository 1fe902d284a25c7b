import ChopFormats
import ChopTensors
import ChopTraining
import Testing

/// The shape operations, convolution patches, softmax, layer normalization, elementwise
/// products, embeddings and attention against central finite differences in binary64, and
/// the layers built on them with respect to every parameter.
@Suite("Training: layers against finite differences")
struct LayerGradientCheckTests {
    typealias Check = GradientCheckTests

    /// A scalar loss of any output: cross-entropy of all its values as one row of logits.
    static func scalar(_ output: Variable) throws -> Variable {
        try output.reshaped(to: [1, output.value.count]).softmaxCrossEntropy(labels: [output.value.count / 2])
    }

    /// Analytic against numeric gradients of `loss` with respect to every value of every
    /// parameter, perturbing the parameters in place.
    static func checkLayer(_ parameters: [Parameter], _ makeLoss: (Tape) throws -> Variable) throws -> (analytic: [[Double]], numeric: [[Double]]) {
        let tape = Tape(recipe: .binary64)
        let gradients = try tape.gradients(of: try makeLoss(tape))
        let analytic = try parameters.map { try #require(gradients[$0]).scalars }
        var numeric: [[Double]] = []
        for parameter in parameters {
            let base = parameter.value
            numeric.append(try base.scalars.indices.map { i in
                let h = 1e-6 * max(1, base.scalars[i].magnitude)
                func loss(at shift: Double) throws -> Double {
                    var values = base.scalars
                    values[i] += shift
                    parameter.value = try Tensor(exactly: values, shape: base.shape, precision: Check.binary64)
                    defer { parameter.value = base }
                    return try makeLoss(Tape(recipe: .binary64)).value.scalars[0]
                }
                return (try loss(at: h) - loss(at: -h)) / (2 * h)
            })
        }
        return (analytic, numeric)
    }

    @Test("reshape, transpose, row and column slices, concatenation")
    func shapes() throws {
        let result = try Check.check([(Check.values(12, seed: 21), [3, 4]), (Check.values(6, seed: 22), [2, 3])]) { _, v in
            let top = try v[0].rows(0..<2).columns(1..<4)              // 2×3
            let side = try v[1].transposed().columns(0..<2)            // 3×2
            let stacked = try Variable.concatenating([top, v[1], try side.transposed()], axis: 0)  // 6×3
            let wide = try Variable.concatenating([stacked, stacked.columns(0..<1)], axis: 1)      // 6×4
            return try Self.scalar(wide.reshaped(to: [3, 8]).scaled(by: 1.5))
        }
        #expect(Check.agree(result), "\(result)")
    }

    @Test("convolution patches: stride 2, padding 1, two channels, a non-square kernel")
    func patches() throws {
        let result = try Check.check([(Check.values(2 * 5 * 4 * 2, seed: 23), [2, 40]), (Check.values(12 * 3, seed: 24), [12, 3])]) { _, v in
            let columns = try v[0].patches(height: 5, width: 4, channels: 2, kernel: (3, 2), stride: 2, padding: 1)
            #expect(columns.value.shape == [2 * 3 * 3, 12])
            return try Self.scalar(columns.matmul(v[1]))
        }
        #expect(Check.agree(result), "\(result)")
    }

    @Test("Linear: weight, bias and input")
    func linear() throws {
        let layer = try Linear(inputs: 3, outputs: 4, precision: Check.binary64, seed: 39)
        layer.bias.value = try Tensor(exactly: [0.1, -0.2, 0.3, 0], shape: [4], precision: Check.binary64)
        let input = Parameter(try Tensor(exactly: Check.values(6, seed: 45), shape: [2, 3], precision: Check.binary64))
        let result = try Self.checkLayer(layer.parameters + [input]) { tape in try Self.scalar(layer(tape.variable(input))) }
        #expect(Check.agree(result), "\(result)")
    }

    @Test("Conv2d: weight, bias and input")
    func conv2d() throws {
        let layer = try Conv2d(
            height: 4, width: 5, channels: 2, outputChannels: 3, kernel: (3, 3), stride: 1, padding: 1, precision: Check.binary64,
            seed: 25)
        layer.bias.value = try Tensor(exactly: [0.1, -0.2, 0.3], shape: [3], precision: Check.binary64)
        let input = Parameter(try Tensor(exactly: Check.values(2 * 40, seed: 26), shape: [2, 40], precision: Check.binary64))
        #expect(layer.outputShape == (4, 5, 3))
        let result = try Self.checkLayer(layer.parameters + [input]) { tape in
            try Self.scalar(layer(tape.variable(input)))
        }
        #expect(Check.agree(result), "\(result)")
    }

    @Test("softmax over rows, plain and causal")
    func softmax() throws {
        for causal in [false, true] {
            let result = try Check.check([(Check.values(16, seed: 27).map { $0 * 2 }, [4, 4]), (Check.values(8, seed: 28), [4, 2])]) { _, v in
                try Self.scalar(v[0].softmax(causal: causal).matmul(v[1]))
            }
            #expect(Check.agree(result), "causal \(causal): \(result)")
        }
        let tape = Tape(recipe: .binary64)
        let scores = tape.input(try Tensor(exactly: Check.values(9, seed: 29), shape: [3, 3], precision: Check.binary64))
        let masked = try scores.softmax(causal: true).value
        #expect(masked[0, 1] == 0 && masked[0, 2] == 0 && masked[1, 2] == 0 && masked[0, 0] == 1)
    }

    @Test("layer normalization, and the LayerNorm layer's gain, bias and input")
    func layerNorm() throws {
        let result = try Check.check([(Check.values(15, seed: 30).map { $0 * 2 }, [3, 5])]) { _, v in
            try Self.scalar(v[0].normalized(epsilon: 1e-3).scaled(by: 0.7))
        }
        #expect(Check.agree(result), "\(result)")
        let layer = try LayerNorm(features: 4, precision: Check.binary64)
        layer.gain.value = try Tensor(exactly: [1.2, 0.8, -0.5, 1.1], shape: [4], precision: Check.binary64)
        layer.bias.value = try Tensor(exactly: [0.1, 0, -0.3, 0.2], shape: [4], precision: Check.binary64)
        let input = Parameter(try Tensor(exactly: Check.values(12, seed: 31), shape: [3, 4], precision: Check.binary64))
        let layerResult = try Self.checkLayer(layer.parameters + [input]) { tape in try Self.scalar(layer(tape.variable(input))) }
        #expect(Check.agree(layerResult), "\(layerResult)")
    }

    @Test("elementwise product with broadcasting")
    func multiplying() throws {
        let result = try Check.check([(Check.values(12, seed: 32), [3, 4]), (Check.values(4, seed: 33), [4])]) { _, v in
            try Self.scalar(v[0].multiplying(v[1]).multiplying(v[0]))
        }
        #expect(Check.agree(result), "\(result)")
    }

    @Test("embedding lookups with a repeated token")
    func embedding() throws {
        let layer = try Embedding(vocabulary: 5, dimension: 3, precision: Check.binary64, seed: 34)
        let mixer = Parameter(try Tensor(exactly: Check.values(6, seed: 35), shape: [3, 2], precision: Check.binary64))
        let result = try Self.checkLayer(layer.parameters + [mixer]) { tape in
            try Self.scalar(layer([4, 1, 4, 0], on: tape).matmul(tape.variable(mixer)))
        }
        #expect(Check.agree(result), "\(result)")
        let tape = Tape(recipe: .binary64)
        let gradients = try tape.gradients(of: try Self.scalar(layer([4, 1, 4, 0], on: tape)))
        // Token 2 and 3 are never looked up: their rows get no gradient.
        #expect(try #require(gradients[layer.table])[2, 0] == 0)
        #expect(throws: TensorError.self) { try layer([5], on: tape) }
    }

    @Test("the attention operation: queries, keys and values, plain and causal")
    func attentionOperation() throws {
        for causal in [false, true] {
            let result = try Check.check([
                (Check.values(24, seed: 46), [6, 4]), (Check.values(24, seed: 47), [6, 4]), (Check.values(24, seed: 48), [6, 4]),
            ]) { _, v in
                try Self.scalar(v[0].attention(keys: v[1], values: v[2], heads: 2, length: 3, causal: causal))
            }
            #expect(Check.agree(result), "causal \(causal): \(result)")
        }
        let tape = Tape(recipe: .binary64)
        let x = tape.input(try Tensor(exactly: Check.values(24, seed: 49), shape: [6, 4], precision: Check.binary64))
        #expect(throws: TensorError.self) { try x.attention(keys: x, values: x, heads: 3, length: 3) }
        #expect(throws: TensorError.self) { try x.attention(keys: x, values: x, heads: 2, length: 4) }
        #expect(throws: TensorError.self) { try x.attention(keys: x.columns(0..<2), values: x, heads: 1, length: 3) }
    }

    @Test("the attention operation rounds exactly as its separate steps do, in FP8 and bfloat16 recipes", arguments: ["fp8", "bfloat16-nearest"])
    func attentionMatchesSteps(_ name: String) throws {
        let recipe = try PrecisionRecipe.preset(named: name)
        let layer = try MultiHeadAttention(dimension: 6, heads: 2, precision: recipe.weights, seed: 50)
        // Large inputs, so that the scores spread, and heads of 3 columns, so that the scale
        // 1/√3 rounds: every rounding step shows.
        let input = Parameter(try Tensor(rounding: Check.values(16 * 6, seed: 51).map { $0 * 4 }, shape: [16, 6], precision: recipe.activations))
        /// The attention as slices, products, a scaling, softmaxes and concatenations.
        func steps(_ x: Variable) throws -> Variable {
            let (q, k, v) = (try layer.query(x), try layer.key(x), try layer.value(x))
            var sequences: [Variable] = []
            for start in stride(from: 0, to: 16, by: 4) {
                var heads: [Variable] = []
                for head in 0..<2 {
                    let (rows, columns) = (start..<(start + 4), (head * 3)..<(head * 3 + 3))
                    let (qh, kh, vh) = (try q.rows(rows).columns(columns), try k.rows(rows).columns(columns), try v.rows(rows).columns(columns))
                    let scores = try qh.matmul(kh.transposed()).scaled(by: 1 / 3.0.squareRoot())
                    heads.append(try scores.softmax(causal: true).matmul(vh))
                }
                sequences.append(try Variable.concatenating(heads, axis: 1))
            }
            return try layer.output(Variable.concatenating(sequences, axis: 0))
        }
        var results: [(Tensor, [Tensor])] = []
        for fused in [true, false] {
            let tape = Tape(recipe: recipe)
            let x = tape.variable(input)
            let y = fused ? try layer(x, length: 4, causal: true) : try steps(x)
            let gradients = try tape.gradients(of: try Self.scalar(y))
            results.append((y.value, try ([input] + layer.parameters).map { try #require(gradients[$0]) }))
        }
        #expect(results[0].0.scalars == results[1].0.scalars, "\(name): forward")
        for (fused, separate) in zip(results[0].1, results[1].1) { #expect(fused.scalars == separate.scalars, "\(name): \(fused.shape)") }
    }

    @Test("multi-head attention: two heads, two causal sequences, every projection")
    func attention() throws {
        let layer = try MultiHeadAttention(dimension: 4, heads: 2, precision: Check.binary64, seed: 36)
        for (index, parameter) in layer.parameters.enumerated() where parameter.value.rank == 1 {
            parameter.value = try Tensor(exactly: Check.values(4, seed: 40 + UInt64(index)), shape: [4], precision: Check.binary64)
        }
        let input = Parameter(try Tensor(exactly: Check.values(24, seed: 37), shape: [6, 4], precision: Check.binary64))
        for causal in [false, true] {
            let result = try Self.checkLayer(layer.parameters + [input]) { tape in
                try Self.scalar(layer(tape.variable(input), length: 3, causal: causal))
            }
            #expect(Check.agree(result), "causal \(causal): \(result)")
        }
        let single = try MultiHeadAttention(dimension: 4, heads: 1, precision: Check.binary64, seed: 38)
        let result = try Self.checkLayer(single.parameters + [input]) { tape in try Self.scalar(single(tape.variable(input), length: 6)) }
        #expect(Check.agree(result), "one head: \(result)")
        #expect(throws: TensorError.self) { try MultiHeadAttention(dimension: 4, heads: 3, precision: Check.binary64, seed: 0) }
        #expect(throws: TensorError.self) { try layer(Tape(recipe: .binary64).variable(input), length: 4) }
    }
}
