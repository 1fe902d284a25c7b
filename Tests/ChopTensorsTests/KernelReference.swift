#if MPFR
import ChopFormats
import ChopTensors
import ChopTestSupport

/// The matrix-multiply and reduction models done the slow way: every rounding the model
/// states, in its order, by GNU MPFR (``OracleExpectation``), written from the definitions in
/// `SummationOrder` and `MatrixMultiplication` without the library's reduction code.
/// Deterministic modes only.
final class KernelReference {
    let accumulator: OracleExpectation
    let accumulatorMode: RoundingMode
    let product: (oracle: OracleExpectation, mode: RoundingMode)?

    init(accumulator format: FloatFormat, mode: RoundingMode, productFormat: FloatFormat? = nil, productMode: RoundingMode = .toNearestOrEven) {
        accumulator = OracleExpectation(format: format)
        accumulatorMode = mode
        product = productFormat.map { (OracleExpectation(format: $0), productMode) }
    }

    private var overflow: OverflowBehavior { accumulator.format.defaultOverflow }

    /// `∘(x)` in the accumulator.
    func round(_ x: Double) -> Double { accumulator.expected(x, mode: accumulatorMode, overflow: overflow) }
    /// `∘(x + y)`.
    func add(_ x: Double, _ y: Double) -> Double {
        accumulator.expected(.sum, x, y, mode: accumulatorMode, overflow: overflow)
    }
    /// The term as it enters the accumulation: the exact product, or the rounded one.
    func term(_ a: Double, _ b: Double) -> (a: Double, b: Double) {
        guard let product else { return (a, b) }
        return (product.oracle.expected(.product, a, b, mode: product.mode, overflow: product.oracle.format.defaultOverflow), 1)
    }
    /// `∘(s + t)` for a term.
    func accumulate(_ s: Double, _ a: Double, _ b: Double) -> Double {
        let (x, y) = term(a, b)
        return accumulator.expected(.fusedMultiplyAdd, x, y, s, mode: accumulatorMode, overflow: overflow)
    }
    /// `∘(t)`.
    func leaf(_ a: Double, _ b: Double) -> Double {
        let (x, y) = term(a, b)
        return accumulator.expected(.product, x, y, mode: accumulatorMode, overflow: overflow)
    }

    func sequential(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
        var s = leaf(a.first!, b.first!)
        for (x, y) in zip(a.dropFirst(), b.dropFirst()) { s = accumulate(s, x, y) }
        return s
    }

    func pairwise(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
        if a.count == 1 { return leaf(a.first!, b.first!) }
        let half = (a.count + 1) / 2
        let left = pairwise(a.prefix(half), b.prefix(half))
        let right = pairwise(a.dropFirst(half), b.dropFirst(half))
        return add(left, right)
    }

    /// The model's reduction of `Σ a[i]·b[i]`.
    func reduce(_ a: [Double], _ b: [Double], order: SummationOrder) -> Double {
        guard !a.isEmpty else { return 0 }
        switch order {
        case .sequential: return sequential(a[...], b[...])
        case .pairwise: return pairwise(a[...], b[...])
        case .blocked(let size):
            var total = 0.0
            for start in stride(from: 0, to: a.count, by: size) {
                let end = min(start + size, a.count)
                let block = sequential(a[start..<end], b[start..<end])
                total = start == 0 ? block : add(total, block)
            }
            return total
        case .fused(let chunk):
            var total = 0.0
            for start in stride(from: 0, to: a.count, by: chunk) {
                let end = min(start + chunk, a.count)
                var x: [Double] = start == 0 ? [] : [total]
                var y: [Double] = start == 0 ? [] : [1]
                for i in start..<end {
                    let t = term(a[i], b[i])
                    x.append(t.a)
                    y.append(t.b)
                }
                total = accumulator.expectedDotProduct(x, y, mode: accumulatorMode, overflow: overflow)
            }
            return total
        case .exact:
            let terms = zip(a, b).map { term($0, $1) }
            return accumulator.expectedDotProduct(terms.map(\.a), terms.map(\.b), mode: accumulatorMode, overflow: overflow)
        }
    }
}
#endif
