// The same matrix product under each accumulation model: how far from the exact product is
// C = A·B when A and B are in a low-precision format and the k = 4096 products are
// accumulated in-format, in a binary32 accumulator (sequentially, or 16 or 128 exact
// products at a time like a tensor core), pairwise, or exactly?
//
//   swift run -c release MatmulAccumulation
import Chop

let (m, k, n) = (16, 4096, 16)
var generator = WyRand(seed: 2026)
// Positive data (like activations after a ReLU times positive weights): sums only grow, which
// is where an in-format accumulator stagnates.
let a0 = (0..<(m * k)).map { _ in Double(generator.next() >> 11) * 0x1p-53 }
let b0 = (0..<(k * n)).map { _ in Double(generator.next() >> 11) * 0x1p-53 }

/// The largest relative error of `c` against the exact product of the same (rounded) inputs.
func maxRelativeError(_ c: [Double], _ a: [Double], _ b: [Double]) throws -> Double {
    let exact = try MatrixMultiplication(accumulator: try FloatRounder(format: .binary64), order: .exact)
        .multiply(a, b, m: m, k: k, n: n)
    return zip(c, exact).map { ($0 - $1).magnitude / $1.magnitude }.max()!
}

/// `text` padded with spaces to `width` characters.
func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }

func scientific(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    guard x != 0 else { return "0 (exact)" }
    let exponent = Int(Double.log10(x).rounded(.down))
    return "\((x / Double.pow(10, Double(exponent)) * 100).rounded() / 100)e\(exponent)"
}

let formats: [FloatFormat] = [.bfloat16, .binary16, .e4m3fn, .e5m2]
var rows: [[String]] = []
for format in formats {
    let input = try FloatRounder(format: format)
    let a = a0.map { input.round($0) }
    let b = b0.map { input.round($0) }
    let fp32 = try FloatRounder(format: .binary32)
    let isFP8 = format == .e4m3fn || format == .e5m2
    // FP8 kernels accumulate in fp32 and store bfloat16 (FP8 cannot hold sums of 4096 terms).
    let inFormat = try FloatRounder(format: isFP8 ? .binary16 : format)
    let stored = isFP8 ? try FloatRounder(format: .bfloat16) : input
    let models: [(String, MatrixMultiplication)] = [
        ("sequential in \(inFormat.format.name)", MatrixMultiplication(accumulator: inFormat)),
        ("pairwise in \(inFormat.format.name)", MatrixMultiplication(accumulator: inFormat, order: .pairwise)),
        ("sequential fp32, stored \(stored.format.name)", MatrixMultiplication(accumulator: fp32, output: stored)),
        ("sequential fp32", MatrixMultiplication(accumulator: fp32)),
        ("fused chunks of 16 in fp32", MatrixMultiplication(accumulator: fp32, order: .fused(chunk: 16))),
        ("fused chunks of 128 in fp32", MatrixMultiplication(accumulator: fp32, order: .fused(chunk: 128))),
        ("exact, rounded once to fp32", MatrixMultiplication(accumulator: fp32, order: .exact)),
    ]
    for (name, model) in models {
        let c = try model.multiply(a, b, m: m, k: k, n: n, threads: 2)
        rows.append([format.name, name, scientific(try maxRelativeError(c, a, b))])
    }
}
print("C = A·B, \(m)×\(k) times \(k)×\(n), uniform [0, 1) inputs rounded to the input format;")
print("largest relative error of C against the exact product of those rounded inputs.")
print("input      accumulation                          max relative error")
for row in rows {
    print(pad(row[0], 10) + " " + pad(row[1], 37) + " " + row[2])
}
