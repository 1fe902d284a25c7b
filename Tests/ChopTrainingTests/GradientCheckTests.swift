import ChopFormats
import ChopTensors
import ChopTestSupport
import ChopTraining
import Testing

/// Every operation's backward step against central finite differences of the forward pass,
/// everything in binary64.
@Suite("Training: gradients against finite differences")
struct GradientCheckTests {
    static let binary64 = try! TensorPrecision(.binary64)

    /// Seeded values in [-1, 1), at least `gap` away from zero (so that ReLU's kink is far
    /// from every finite-difference step).
    static func values(_ count: Int, seed: UInt64, gap: Double = 0) -> [Double] {
        var generator = WyRand(seed: seed)
        return (0..<count).map { _ in
            let x = Double(generator.next() >> 11) * 0x1p-52 - 1
            return x.magnitude < gap ? (x < 0 ? -gap : gap) + x : x
        }
    }

    /// The analytic gradients of `loss` with respect to each parameter, and the central
    /// differences `(L(θ + h) - L(θ - h)) / 2h` of the same loss, element by element.
    static func check(
        _ parameters: [(values: [Double], shape: [Int])], _ loss: (Tape, [Variable]) throws -> Variable
    ) throws -> (analytic: [[Double]], numeric: [[Double]]) {
        func evaluate(_ values: [[Double]]) throws -> (Tape, [Variable], Variable) {
            let tape = Tape(recipe: .binary64)
            let variables = try zip(values, parameters).map { try tape.parameter(Tensor(exactly: $0, shape: $1.shape, precision: binary64)) }
            return (tape, variables, try loss(tape, variables))
        }
        let base = parameters.map(\.values)
        let (tape, variables, result) = try evaluate(base)
        let gradients = try tape.gradients(of: result)
        let analytic = try variables.map { try #require(gradients[$0]).scalars }
        var numeric: [[Double]] = []
        for (p, values) in base.enumerated() {
            numeric.append(try values.indices.map { i in
                let h = 1e-6 * max(1, values[i].magnitude)
                var plus = base, minus = base
                plus[p][i] += h
                minus[p][i] -= h
                let up = try evaluate(plus).2.value.scalars[0]
                let down = try evaluate(minus).2.value.scalars[0]
                return (up - down) / (2 * h)
            })
        }
        return (analytic, numeric)
    }

    static func agree(_ result: (analytic: [[Double]], numeric: [[Double]])) -> Bool {
        zip(result.analytic.joined(), result.numeric.joined()).allSatisfy { a, n in (a - n).magnitude <= 1e-7 * (1 + n.magnitude) }
    }

    @Test("softmax cross-entropy")
    func crossEntropy() throws {
        let result = try Self.check([(Self.values(12, seed: 1).map { $0 * 3 }, [3, 4])]) { _, v in
            try v[0].softmaxCrossEntropy(labels: [2, 0, 3])
        }
        #expect(Self.agree(result), "\(result)")
    }

    @Test("matrix product")
    func matmul() throws {
        let result = try Self.check([(Self.values(15, seed: 2), [3, 5]), (Self.values(20, seed: 3), [5, 4])]) { _, v in
            try v[0].matmul(v[1]).softmaxCrossEntropy(labels: [1, 3, 0])
        }
        #expect(Self.agree(result), "\(result)")
    }

    @Test("a bias added to every row (broadcast), and a variable reached along two paths")
    func bias() throws {
        let result = try Self.check([(Self.values(8, seed: 4), [2, 4]), (Self.values(4, seed: 5), [4])]) { _, v in
            let shifted = try v[0].adding(v[1])
            return try shifted.adding(shifted).adding(v[1]).softmaxCrossEntropy(labels: [3, 1])
        }
        #expect(Self.agree(result), "\(result)")
    }

    @Test("ReLU, away from its kink")
    func relu() throws {
        let result = try Self.check([(Self.values(12, seed: 6, gap: 0.01), [3, 4])]) { _, v in
            try v[0].relu().softmaxCrossEntropy(labels: [0, 1, 2])
        }
        #expect(Self.agree(result), "\(result)")
    }

    @Test("GELU")
    func gelu() throws {
        let result = try Self.check([(Self.values(12, seed: 15).map { $0 * 3 }, [3, 4])]) { _, v in
            try v[0].gelu().softmaxCrossEntropy(labels: [3, 2, 0])
        }
        #expect(Self.agree(result), "\(result)")
    }

    @Test("a two-layer perceptron: every parameter")
    func perceptron() throws {
        let parameters: [(values: [Double], shape: [Int])] = [
            (Self.values(24, seed: 7), [4, 6]), (Self.values(6, seed: 8, gap: 0.3), [6]), (Self.values(18, seed: 9), [6, 3]),
            (Self.values(3, seed: 10), [3]),
        ]
        let x = try Tensor(exactly: Self.values(20, seed: 11), shape: [5, 4], precision: Self.binary64)
        let result = try Self.check(parameters) { tape, v in
            let hidden = try tape.input(x).matmul(v[0]).adding(v[1]).relu()
            return try hidden.matmul(v[2]).adding(v[3]).softmaxCrossEntropy(labels: [0, 2, 1, 1, 0])
        }
        #expect(Self.agree(result), "\(result)")
    }

    @Test("a loss of more than one element and labels out of range are errors")
    func errors() throws {
        let tape = Tape(recipe: .binary64)
        let logits = tape.parameter(try Tensor(exactly: [0, 1, 2, 3], shape: [2, 2], precision: Self.binary64))
        #expect(throws: TensorError.self) { try tape.gradients(of: logits) }
        #expect(throws: TensorError.self) { try logits.softmaxCrossEntropy(labels: [0, 2]) }
        #expect(throws: TensorError.self) { try logits.softmaxCrossEntropy(labels: [0]) }
    }

    @Test("a low-precision recipe rounds every value and gradient to its formats")
    func recipeApplied() throws {
        let recipe = try PrecisionRecipe.uniform(.bfloat16, mode: .stochastic(), accumulator: .binary32, seed: 3)
        let tape = Tape(recipe: recipe)
        let x = tape.input(try Tensor(rounding: Self.values(20, seed: 12), shape: [5, 4], precision: recipe.activations))
        let w = tape.parameter(try Tensor(rounding: Self.values(12, seed: 13), shape: [4, 3], precision: recipe.activations))
        let b = tape.parameter(try Tensor(rounding: Self.values(3, seed: 14), shape: [3], precision: recipe.activations))
        let hidden = try x.matmul(w).adding(b).relu()
        let loss = try hidden.softmaxCrossEntropy(labels: [0, 1, 2, 1, 0])
        let gradients = try tape.gradients(of: loss)
        let bfloat16 = try FloatRounder(format: .bfloat16)
        for tensor in [hidden.value, loss.value, try #require(gradients[w]), try #require(gradients[b]), try #require(gradients[x])] {
            #expect(tensor.scalars.allSatisfy { bfloat16.round($0) == $0 }, "\(tensor.shape)")
        }
        #expect(try #require(gradients[w]).scalars.contains { $0 != 0 })
    }
}
