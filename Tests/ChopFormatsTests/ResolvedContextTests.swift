@testable import ChopFormats
import ChopTestSupport
import Testing

/// Synchronous runs resolve their context once (a thread-local record with the format's plan
/// and blocks of draw indices): the results and the stream must be those of the context
/// looked up per operation.
@Suite("Typed scalars: resolved contexts")
struct ResolvedContextTests {
    @Test("formats that alternate in one run each round with their own plan")
    func alternatingFormats() throws {
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 5), .up, .towardZero] {
            let bfloat = try FloatRounder(format: .bfloat16, mode: mode, overflow: .saturate)
            let half = try FloatRounder(format: .binary16, mode: mode, overflow: .saturate)
            let e4m3 = try FloatRounder(format: .e4m3fn, mode: mode, overflow: .saturate)
            var sampler = OperandSampler(format: .binary16, seed: 21)
            let operands = (0..<3000).map { _ in (sampler.value(), sampler.value()) }
            let context = try RoundingContext(mode: mode, overflow: .saturate, seed: 9)
            // Operands are converted outside the context: inside, conversions would draw too.
            let typed = operands.map { (BFloat16($0.0), Half($0.1), Float8E4M3FN($0.0)) }
            let results = context.run {
                typed.map { [($0.0 * $0.0).doubleValue, ($0.1 + $0.1).doubleValue, ($0.2 - $0.2).doubleValue] }
            }
            let stream = RandomStream(seed: 9)
            let word = { (index: Int) in mode.isStochastic ? stream.word(at: UInt64(index)) : 0 }
            let expected = typed.enumerated().map { index, values in
                [
                    bfloat.product(values.0.doubleValue, values.0.doubleValue, randomWord: word(3 * index)),
                    half.sum(values.1.doubleValue, values.1.doubleValue, randomWord: word(3 * index + 1)),
                    e4m3.difference(values.2.doubleValue, values.2.doubleValue, randomWord: word(3 * index + 2)),
                ]
            }
            #expect(zip(results.joined(), expected.joined()).allSatisfy { sameValue($0, $1) }, "\(mode)")
            #expect(context.randomWordsDrawn == (mode.isStochastic ? 9000 : 0))
        }
    }

    @Test("runs of one context nested around another keep drawing the next words in order")
    func nestedRuns() throws {
        let values: [BFloat16] = (1...600).map { BFloat16(1.0 / Double($0)) }
        func steps(_ range: Range<Int>) -> [UInt64] { values[range].map { UInt64(($0 / 3).bitPattern) } }
        let flat = try RoundingContext(mode: .stochastic(), seed: 5)
        let expected = flat.run { steps(0..<600) }
        let outer = try RoundingContext(mode: .stochastic(), seed: 5)
        let other = try RoundingContext(mode: .stochastic(), seed: 6)
        var otherSteps: [UInt64] = []
        let nested = outer.run {
            let first = steps(0..<200)
            // 300 words from another context, then this context again inside it: its draws
            // continue from the enclosing run's block.
            let inner = other.run {
                otherSteps = steps(0..<300)
                return outer.run { steps(200..<400) }
            }
            return first + inner + steps(400..<600)
        }
        #expect(nested == expected)
        #expect(outer.randomWordsDrawn == 600 && other.randomWordsDrawn == 300)
        #expect(otherSteps == (try RoundingContext(mode: .stochastic(), seed: 6)).run { steps(0..<300) })
        // Runs in sequence continue the stream too: the unused end of a block is given back.
        let sequential = try RoundingContext(mode: .stochastic(), seed: 5)
        let pieces = sequential.run { steps(0..<7) } + sequential.run { steps(7..<600) }
        #expect(pieces == expected)
    }

    @Test("a run inside another's shadows it, whether or not it counts exceptions")
    func shadowing() throws {
        let up = try RoundingContext(mode: .up)
        let counting = try RoundingContext(mode: .down, countsExceptions: true)
        let third: BFloat16 = 1
        let (outer, inner, after) = up.run { (third / 3, counting.run { third / 3 }, third / 3) }
        #expect(outer == after && outer > inner)
        #expect(inner.doubleValue == (try FloatRounder(format: .bfloat16, mode: .down)).quotient(1, 3))
        #expect(counting.exceptions.inexact == 1)
    }

    @Test("a synchronous run inside an asynchronous one, and runs on many threads at once")
    func concurrency() async throws {
        let towardZero = try RoundingContext(mode: .towardZero)
        let rounder = try FloatRounder(format: .binary16, mode: .towardZero)
        let inputs = (1...500).map { Double($0) / 7 }
        let expected = inputs.map { rounder.quotient(rounder.round($0), 3) }
        let nested = await towardZero.run {
            await Task.yield()
            return towardZero.run { inputs.map { (Half($0) / 3).doubleValue } }
        }
        #expect(nested == expected)
        // Eight tasks share one stochastic context: every draw index is claimed once, and the
        // deterministic context gives the same values on every thread.
        let shared = try RoundingContext(mode: .stochastic(), seed: 1)
        let results = await withTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let exact = towardZero.run { inputs.map { (Half($0) / 3).doubleValue } }
                    let ups = shared.run { (0..<2000).count { _ in BFloat16(1) + BFloat16(0x1p-9) > 1 } }
                    return (exact, ups)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0.0 == expected })
        #expect(shared.randomWordsDrawn >= 16000)
        // 1 + 2^-9 lies a quarter of the way up: Hoeffding at 1e-9 over all 16000 draws.
        let ups = results.reduce(0) { $0 + $1.1 }
        let tolerance = SamplingBounds.hoeffdingTolerance(draws: 16000, falseFailure: 1e-9)
        #expect(abs(Double(ups) / 16000 - 0.25) <= tolerance)
    }
}
