// Mixed-precision iterative refinement: LU in a low precision, residuals and the solution in
// binary64, on 20×20 matrices of chosen condition numbers. Theory (Carson and Higham, 2018):
// it converges to binary64 accuracy when κ(A)·u_f is well below 1, and stops short or
// diverges when κ(A)·u_f is above 1.
//
//   swift run -c release RefinementConvergence
import Chop

let size = 20
let conditionNumbers: [Double] = [1e1, 1e2, 1e3, 1e4, 1e6, 1e8]
let formats: [FloatFormat] = [.bfloat16, .binary16, .binary32]

/// `text` padded with spaces to `width` characters.
func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }

func scientific(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    guard x != 0 else { return "0" }
    let exponent = Int(Double.log10(x.magnitude).rounded(.down))
    let mantissa = x / Double.pow(10, Double(exponent))
    return "\((mantissa * 10).rounded() / 10)e\(exponent)"
}

print("LU precision  u_f       κ(A)   κ·u_f     LU-only error  iterations  final error  backward error  outcome")
for format in formats {
    for κ in conditionNumbers {
        let a = ConditionedMatrix.generate(size: size, conditionNumber: κ, seed: 1)
        var generator = WyRand(seed: 2)
        let exact = (0..<size).map { _ in Double(generator.next() % 2001) / 1000 - 1 }
        let b = (0..<size).map { i in (0..<size).reduce(0.0) { $0 + a[i * size + $1] * exact[$1] } }
        let result = try IterativeRefinement(factorization: format).solve(a, b, size: size, exactSolution: exact)
        let first = result.steps.first?.forwardError.map(scientific) ?? "-"
        let last = result.steps.last?.forwardError.map(scientific) ?? "-"
        let backward = result.steps.last.map { scientific($0.backwardError) } ?? "-"
        let cells: [(String, Int)] = [
            (format.name, 13), (scientific(format.unitRoundoff), 9), (scientific(κ), 6),
            (scientific(κ * format.unitRoundoff), 9), (first, 14), (String(max(0, result.steps.count - 1)), 11),
            (last, 12), (backward, 15), (result.outcome.rawValue, 0),
        ]
        print(cells.map { pad($0.0, $0.1) }.joined(separator: " "))
    }
}
