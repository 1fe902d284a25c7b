import ChopFormats

/// The one reduction core under sums, dot products, norms and matrix products: the terms
/// `a(i)·b(i)` (a sum uses `b = 1`) accumulated in a ``SummationOrder`` with the
/// accumulator's rounding (any scalar format: floats, and posits, whose fused and exact orders
/// round an exact sum once like the quire), products exact or rounded.
///
/// Random words (stochastic modes only): reduction number `output` of a batch draws word
/// `output·(3n + 1) + r` of `stream` for its r-th rounding, so a batch computed on any
/// number of threads gives the same bits.
struct Reduction<Accumulator: ScalarArithmetic, ProductRounder: ScalarArithmetic> {
    let order: SummationOrder
    let accumulator: Accumulator
    /// Rounds each product before it is accumulated; nil: products enter exactly.
    let productRounder: ProductRounder?
    /// Bit flips in the accumulator's results (each partial sum), if any.
    let faults: FaultInjector?

    /// Checks the order's parameters.
    init(
        order: SummationOrder, accumulator: Accumulator, productRounder: ProductRounder?, faults: FaultInjector? = nil
    ) throws(TensorError) {
        if let faults, faults.format != accumulator.format as? FloatFormat {
            throw .invalidParameter("faults in \(faults.format.name) for an accumulator in \(accumulator.format.name)")
        }
        self.faults = faults
        switch order {
        case .blocked(let size) where size < 1: throw .invalidParameter("a summation block size must be 1 or more, not \(size)")
        case .fused(let chunk) where chunk < 1: throw .invalidParameter("a fused chunk must hold 1 or more terms, not \(chunk)")
        default: break
        }
        self.order = order
        self.accumulator = accumulator
        self.productRounder = productRounder
    }

    /// `Σ a(i)·b(i)` for `i` in `0..<count`, rounded as ``order`` says.
    func reduce(
        count: Int, stream: RandomStream, output: Int, _ a: (Int) -> Double, _ b: (Int) -> Double
    ) -> Double {
        guard count > 0 else { return 0 }
        var words = WordCounter(stream: stream, first: UInt64(output) &* WordCounter.wordsPerOutput(count: count))
        switch order {
        case .sequential:
            return sequential(0..<count, &words, a, b)
        case .pairwise:
            return pairwise(0..<count, &words, a, b)
        case .blocked(let size):
            var total = 0.0
            for start in stride(from: 0, to: count, by: size) {
                let blockSum = sequential(start..<min(start + size, count), &words, a, b)
                total = start == 0 ? blockSum : hit(accumulator.sum(total, blockSum, randomWord: words.next()), words)
            }
            return total
        case .fused(let chunk):
            var total = 0.0
            var exact = ExactSum()
            for start in stride(from: 0, to: count, by: chunk) {
                exact.clear()
                if start > 0 { exact.add(total) }
                for i in start..<min(start + chunk, count) { addTerm(i, to: &exact, &words, a, b) }
                total = hit(accumulator.round(exact, randomWord: words.next()), words)
            }
            return total
        case .exact:
            var exact = ExactSum()
            for i in 0..<count { addTerm(i, to: &exact, &words, a, b) }
            return hit(accumulator.round(exact, randomWord: words.next()), words)
        }
    }

    /// `s₁ = ∘(t₁)`, `sᵢ = ∘(sᵢ₋₁ + tᵢ)` over `range` (not empty).
    private func sequential(
        _ range: Range<Int>, _ words: inout WordCounter, _ a: (Int) -> Double, _ b: (Int) -> Double
    ) -> Double {
        var total = leaf(range.lowerBound, &words, a, b)
        for i in range.dropFirst() {
            if let product = productRounder {
                let term = product.product(a(i), b(i), randomWord: words.next())
                total = hit(accumulator.sum(total, term, randomWord: words.next()), words)
            } else {
                total = hit(accumulator.fusedMultiplyAdd(a(i), b(i), total, randomWord: words.next()), words)
            }
        }
        return total
    }

    /// `∘(S(left) + S(right))`, the left half holding ⌈n/2⌉ terms.
    private func pairwise(
        _ range: Range<Int>, _ words: inout WordCounter, _ a: (Int) -> Double, _ b: (Int) -> Double
    ) -> Double {
        if range.count == 1 { return leaf(range.lowerBound, &words, a, b) }
        let middle = range.lowerBound + (range.count + 1) / 2
        let left = pairwise(range.lowerBound..<middle, &words, a, b)
        let right = pairwise(middle..<range.upperBound, &words, a, b)
        return hit(accumulator.sum(left, right, randomWord: words.next()), words)
    }

    /// One term rounded to the accumulator: `∘(a·b)`, or `∘(∘ₚ(a·b))`.
    private func leaf(_ i: Int, _ words: inout WordCounter, _ a: (Int) -> Double, _ b: (Int) -> Double) -> Double {
        guard let product = productRounder else { return hit(accumulator.product(a(i), b(i), randomWord: words.next()), words) }
        let term = product.product(a(i), b(i), randomWord: words.next())
        return hit(accumulator.round(term, randomWord: words.next()), words)
    }

    /// An accumulator result after fault injection: the rounding that just drew word
    /// `words.index - 1` is fault number `words.index - 1` of the injector.
    @inline(__always)
    private func hit(_ x: Double, _ words: WordCounter) -> Double {
        guard let faults else { return x }
        return faults.apply(x, index: words.index &- 1)
    }

    /// Adds term `i` exactly (after the product's own rounding, if any).
    private func addTerm(
        _ i: Int, to exact: inout ExactSum, _ words: inout WordCounter, _ a: (Int) -> Double, _ b: (Int) -> Double
    ) {
        if let product = productRounder {
            exact.add(product.product(a(i), b(i), randomWord: words.next()))
        } else {
            exact.addProduct(a(i), b(i))
        }
    }
}

/// Consecutive words of a stream from a starting index.
struct WordCounter {
    let stream: RandomStream
    var index: UInt64

    init(stream: RandomStream, first: UInt64) {
        self.stream = stream
        index = first
    }

    /// The stream's words set aside for each output of a reduction of `count` terms, 3·count + 1
    /// (enough for every rounding of every order): output `o` draws words from
    /// `o·(3·count + 1)` on, so outputs never share a word.
    static func wordsPerOutput(count: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: 3 * count + 1)
    }

    mutating func next() -> UInt64 {
        defer { index &+= 1 }
        return stream.word(at: index)
    }
}

extension Reduction where Accumulator == FloatRounder, ProductRounder == FloatRounder {
    /// The reduction specialized for floats, when the accumulator rounds to a float format
    /// and the products are exact or rounded to one (the common, speed-sensitive case); nil
    /// otherwise, for ``makeReduction(order:accumulator:products:faults:)``.
    static func float(
        order: SummationOrder, accumulator: any ScalarArithmetic, products: ProductRounding, faults: FaultInjector? = nil
    ) throws(TensorError) -> Self? {
        guard let float = accumulator as? FloatRounder else { return nil }
        switch products {
        case .exact: return try Self(order: order, accumulator: float, productRounder: nil, faults: faults)
        case .rounded(let product as FloatRounder): return try Self(order: order, accumulator: float, productRounder: product, faults: faults)
        case .rounded: return nil
        }
    }
}

/// The reduction of an accumulator and a product rounding chosen at run time (a posit
/// accumulator, a posit product rounding), its types opened once: the terms' loop runs on
/// the concrete types.
func makeReduction(
    order: SummationOrder, accumulator: some ScalarArithmetic, products: ProductRounding, faults: FaultInjector? = nil
) throws(TensorError) -> any TensorReduction {
    func withProducts(_ rounder: some ScalarArithmetic) throws(TensorError) -> any TensorReduction {
        try Reduction(order: order, accumulator: accumulator, productRounder: rounder, faults: faults)
    }
    switch products {
    case .exact: return try Reduction<_, FloatRounder>(order: order, accumulator: accumulator, productRounder: nil, faults: faults)
    case .rounded(let rounder): return try withProducts(rounder)
    }
}

/// A reduction of any accumulator and product rounding, for callers that choose them at run
/// time (a tensor's precision).
protocol TensorReduction: Sendable {
    func reduce(count: Int, stream: RandomStream, output: Int, _ a: (Int) -> Double, _ b: (Int) -> Double) -> Double
}

extension Reduction: TensorReduction {}
