// What a GPU's matrix unit does to a long dot product: the largest relative error of an FP8
// (e4m3fn) and a bfloat16 GEMM, as each GPU model computes it, against the exact product of
// the same inputs, for k = 64 … 16,384. H100's FP8 unit keeps 14 bits per group of 32 products
// and truncates: its error grows with k (the effect DeepSeek-V3 reports), unless every 128
// products are promoted to a binary32 accumulator, as their kernels do.
//
//   swift run -c release TensorCoreModels
import Chop

let (m, n) = (4, 4)
let depths = [64, 256, 1024, 4096, 16_384]
var generator = WyRand(seed: 2026)
// Positive data (activations after a ReLU times positive weights): the running sum grows, so
// each new group's products sit further below it.
let deepest = depths.last!
let a0 = (0..<(m * deepest)).map { _ in Double(generator.next() >> 11) * 0x1p-53 }
let b0 = (0..<(deepest * n)).map { _ in Double(generator.next() >> 11) * 0x1p-53 }

/// The first `k` columns of A and rows of B, rounded to `format`.
func inputs(_ format: FloatFormat, k: Int) throws -> ([Double], [Double]) {
    let rounder = try FloatRounder(format: format)
    let a = (0..<m).flatMap { i in a0[(i * deepest)..<(i * deepest + k)] }
    return (rounder.rounded(a), rounder.rounded(Array(b0[..<(k * n)])))
}

/// The largest relative error of `model`'s product against the exact one, at depth `k`.
func error(_ model: BlockFMA, k: Int) throws -> Double {
    let (a, b) = try inputs(model.inputFormat, k: k)
    let exact = try MatrixMultiplication(accumulator: try FloatRounder(format: .binary64), order: .exact)
        .multiply(a, b, m: m, k: k, n: n)
    let d = try model.multiply(a, b, m: m, k: k, n: n)
    return zip(d, exact).map { ($0 - $1).magnitude / $1.magnitude }.max()!
}

func scientific(_ x: Double) -> String {
    guard x != 0 else { return "0" }
    let exponent = Int(Double.log10(x).rounded(.down))
    return "\((x / Double.pow(10, Double(exponent)) * 10).rounded() / 10)e\(exponent)"
}

func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }

print(pad("model", 34) + depths.map { pad("k=\($0)", 10) }.joined())
var rows: [(String, BlockFMA)] = []
for gpu in TensorCoreModel.allCases {
    for name in ["e4m3fn", "e4m3fnuz", "bfloat16"] where gpu.inputNames.contains(name) {
        let format = try FloatFormat(named: name)
        rows.append(("\(gpu.rawValue) \(name)", try gpu.blockFMA(input: format)))
        if gpu == .h100 && name == "e4m3fn" {
            rows.append(("\(gpu.rawValue) \(name) promote-every 128", try gpu.blockFMA(input: format, promoteEvery: 128)))
        }
    }
}
for (label, model) in rows {
    print(pad(label, 34) + (try depths.map { pad(scientific(try error(model, k: $0)), 10) }).joined())
}
print("\n(binary32's unit roundoff is 6.0e-8; each row's inputs are the same values rounded to its format.)")
