// Generic numeric code written once over `BinaryFloatingPoint` and run unchanged in Double,
// the emulated BFloat16 and Float8E5M2, and a custom 12-bit format declared below: Newton's
// method for √2 and Horner's evaluation of the Taylor polynomial of exp(x).
//
//     swift run -c release GenericAlgorithms
//
// Errors are relative to √2 and exp(0.5) (the degree-16 polynomial is within 1e-19 of it),
// in units of each type's unit roundoff.

import Chop

/// A custom IEEE-like format, declared as any user would: 5 exponent bits, 6 stored
/// significand bits (12 bits in all, precision 7).
enum E5M6: IEEEMinifloatFormat {
    static let arithmetic = FormatArithmetic(try! FloatFormat(exponentBits: 5, significandBits: 6, name: "e5m6"))
}
typealias Float12E5M6 = Minifloat<E5M6>

/// Newton's iteration `x ← (x + a/x) / 2` for `√a`, from `x = a`; every iterate.
func newtonSquareRoot<T: BinaryFloatingPoint>(of a: T, iterations: Int) -> [T] {
    var x = a
    var iterates: [T] = []
    for _ in 0..<iterations {
        x = (x + a / x) / 2
        iterates.append(x)
    }
    return iterates
}

/// `Σ x^k / k!` for `k ≤ degree`, by Horner's rule; the coefficients are rounded to `T`.
func hornerExp<T: BinaryFloatingPoint>(_ x: T, degree: Int) -> T {
    var factorial = 1.0
    var coefficients: [T] = [1]
    for k in 1...degree {
        factorial *= Double(k)
        coefficients.append(T(1 / factorial))
    }
    var result: T = 0
    for coefficient in coefficients.reversed() { result = result * x + coefficient }
    return result
}

/// One row: the type's results and their errors, in units of the type's unit roundoff.
func report<T: BinaryFloatingPoint>(_ name: String, _: T.Type) {
    let unitRoundoff = Double(T.ulpOfOne) / 2
    let root = newtonSquareRoot(of: T(2), iterations: 6)
    let exactRoot = 2.0.squareRoot()
    let exponential = hornerExp(T(0.5), degree: 16)
    let exactExponential = 1.6487212707001282
    let rootError = abs(Double(root.last!) - exactRoot) / exactRoot
    let expError = abs(Double(exponential) - exactExponential) / exactExponential
    let cells = [
        name, "\(T.significandBitCount + 1)", "\(unitRoundoff)",
        root.map { "\($0)" }.joined(separator: ", "),
        "\((rootError / unitRoundoff * 100).rounded() / 100)",
        "\(exponential)", "\((expError / unitRoundoff * 100).rounded() / 100)",
    ]
    print(cells.joined(separator: " | "))
}

print("Newton for √2 (6 iterates from x = 2) and Horner for exp(0.5) (degree 16), every operation")
print("rounded to nearest in the type; errors in units of the type's unit roundoff u.")
print("")
print("type | precision | u | Newton iterates | √2 error / u | exp(0.5) | exp error / u")
report("Double", Double.self)
report("BFloat16", BFloat16.self)
report("Float8E5M2", Float8E5M2.self)
report("Float12E5M6 (custom)", Float12E5M6.self)
