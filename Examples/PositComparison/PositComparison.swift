// posit16 against binary16 and bfloat16 on the same computations: a dot product of
// Gaussian vectors at three magnitudes, and Gaussian elimination on a small linear system.
// Every operation is rounded once to the format; posit16 also accumulates in the quire.
//
//     swift run -c release PositComparison
//
// Errors are relative to the exact (binary64) result of the same rounded inputs.

import Chop

/// The arithmetic the computations need, satisfied by each number type below.
protocol Field: SignedNumeric, Comparable {
    init(_ value: Double)
    static func / (a: Self, b: Self) -> Self
    var double: Double { get }
}

extension Double: Field { var double: Double { self } }
extension Minifloat: Field where Format: SignedMinifloatFormat { var double: Double { doubleValue } }
extension Posit: Field { var double: Double { doubleValue } }

/// Seeded standard normal values (Box–Muller on the package's `WyRand` generator).
func gaussians(_ count: Int, seed: UInt64) -> [Double] {
    var generator = WyRand(seed: seed)
    return (0..<count).map { _ in
        let (u, v) = (Double.random(in: 0..<1, using: &generator), Double.random(in: 0..<1, using: &generator))
        return (-2 * Double.log(1 - u)).squareRoot() * Double.cos(2 * .pi * v)
    }
}

/// The relative error of `Σ x·y` computed in `T` (sequential), against the exact sum of the
/// rounded inputs.
func dotError<T: Field>(_: T.Type, _ x: [Double], _ y: [Double]) -> Double {
    let a = x.map { T($0) }, b = y.map { T($0) }
    let exact = zip(a, b).reduce(0.0) { $0 + $1.0.double * $1.1.double }  // error far below T's
    let computed = zip(a, b).reduce(T(0)) { $0 + $1.0 * $1.1 }.double
    return abs(computed - exact) / abs(exact)
}

/// Gaussian elimination with partial pivoting in `T`; the relative error of the solution
/// in the largest component against binary64 elimination of the same rounded system.
func solveError<T: Field>(_: T.Type, _ matrix: [[Double]], _ rhs: [Double]) -> Double {
    func solve<U: Field>(_ a: [[U]], _ b: [U]) -> [U] {
        var (a, b) = (a, b)
        let n = b.count
        for k in 0..<n {
            let pivot = (k..<n).max { (a[$0][k] < 0 ? -a[$0][k] : a[$0][k]) < (a[$1][k] < 0 ? -a[$1][k] : a[$1][k]) }!
            a.swapAt(k, pivot)
            b.swapAt(k, pivot)
            for i in (k + 1)..<n {
                let factor = a[i][k] / a[k][k]
                for j in k..<n { a[i][j] = a[i][j] - factor * a[k][j] }
                b[i] = b[i] - factor * b[k]
            }
        }
        var x = [U](repeating: 0, count: n)
        for i in (0..<n).reversed() {
            var sum = b[i]
            for j in (i + 1)..<n { sum = sum - a[i][j] * x[j] }
            x[i] = sum / a[i][i]
        }
        return x
    }
    let a = matrix.map { $0.map { T($0) } }, b = rhs.map { T($0) }
    let computed = solve(a, b).map(\.double)
    let reference = solve(a.map { $0.map(\.double) }, b.map(\.double))
    let scale = reference.map(abs).max()!
    return zip(computed, reference).map { abs($0 - $1) }.max()! / scale
}

/// `text` padded with spaces to `width`.
func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }

/// An error in three significant digits, `1.23e-4`; "overflow" when it is not finite.
func cell(_ error: Double) -> String {
    guard error.isFinite else { return pad("overflow", 12) }
    guard error > 0 else { return pad("0", 12) }
    var exponent = Int(Double.log10(error).rounded(.down))
    var mantissa = (error / Double.pow(10, Double(exponent)) * 100).rounded() / 100
    if mantissa >= 10 { (mantissa, exponent) = (mantissa / 10, exponent + 1) }
    return pad("\(mantissa)e\(exponent)", 12)
}

let n = 1000
let x = gaussians(n, seed: 1), y = gaussians(n, seed: 2)
let size = 8
let entries = gaussians(size * size, seed: 3)
let matrix = (0..<size).map { i in (0..<size).map { j in entries[i * size + j] + (i == j ? 4 : 0) } }
let rhs = gaussians(size, seed: 4)

print("Dot products of \(n) standard normal values times a scale s, and an \(size)x\(size) diagonally dominant")
print("system solved by Gaussian elimination (partial pivoting); relative errors.\n")
print("format                 u at 1     dot s=1e-3   dot s=1      dot s=1e2    solve")
print(String(repeating: "-", count: 82))
func row<T: Field>(_ name: String, _ type: T.Type, unitRoundoff: String) {
    let dots = [1e-3, 1, 1e2].map { s in dotError(type, x.map { $0 * s }, y.map { $0 * s }) }
    let label = pad(name, 23) + pad(unitRoundoff, 11)
    print(label + dots.map(cell).joined(separator: " ") + " " + cell(solveError(type, matrix, rhs)))
}
row("binary16", Half.self, unitRoundoff: "2^-11")
row("bfloat16", BFloat16.self, unitRoundoff: "2^-8")
row("posit16", Posit16.self, unitRoundoff: "2^-12")
// The quire: exact accumulation, one rounding.
let quireDots = [1e-3, 1, 1e2].map { s -> Double in
    let a = x.map { Posit16($0 * s) }, b = y.map { Posit16($0 * s) }
    let exact = zip(a, b).reduce(0.0) { $0 + $1.0.doubleValue * $1.1.doubleValue }
    return abs(Posit16.fusedDotProduct(a, b).doubleValue - exact) / abs(exact)
}
let quireCells = quireDots.map(cell).joined(separator: " ")
print(pad("posit16 + quire", 23) + pad("2^-12", 11) + quireCells + " -")
