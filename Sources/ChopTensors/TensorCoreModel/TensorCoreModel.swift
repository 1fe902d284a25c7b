import ChopFormats

/// The matrix units of real GPUs as ``BlockFMA`` models: what an FP8, BF16, FP16 or TF32 GEMM
/// on one of them must produce.
///
/// Parameters per GPU and input format (`n` products per group, `e` extra alignment bits,
/// the final rounding of binary32 outputs; binary16 outputs round to nearest-even):
///
/// | GPU | binary16, bfloat16 | tf32 | e4m3fn, e5m2 | binary16 output |
/// |---|---|---|---|---|
/// | `v100` | n 4, e 0, toward zero (binary16 only) | — | — | yes |
/// | `a100`, `a2` | n 8, e 1, toward zero | n 4 | — | binary16 inputs |
/// | `ada`, `l40s` | n 8, e 1, toward zero | n 4 | n 16, e -10 | FP8 (and binary16 on `ada`) |
/// | `h100` | n 16, e 2, toward zero | n 8 | n 32, e -10 | binary16 and FP8 inputs |
/// | `h200`, `b200` | n 16, e 2, toward zero | n 8 | n 32, e 2 | binary16 inputs |
/// | `mi100` | n 4 (bfloat16: 2), exact, nearest-even | — | — | no |
/// | `mi250x` | n 4, exact, nearest-even, subnormals flushed in and out | — | — | no |
/// | `mi300x` | n 8, e 1, nearest-even, c late | n 4 | n 16 (e4m3fnuz, e5m2fnuz) | no |
///
/// Sources: the V100 model is the one Fasi, Higham, Mikaitis and Pranesh measured ("Numerical
/// behavior of NVIDIA tensor cores", PeerJ Computer Science 7:e330, 2021: exact products, four
/// per group with c, alignment to the largest exponent without guard bits, truncation,
/// normalisation at the end). The others are the parameters of Khattak and Mikaitis's models,
/// validated bit for bit against the hardware on 10^5 random inputs ("Accurate models of
/// NVIDIA tensor cores", arXiv:2512.07004, 2025, and the MATLAB models published with it,
/// github.com/north-numerical-computing/MATLAB-tensor-core: `A2` uses the A100 model and `H200`
/// the B200 model there, and so here). FP8 groups of 32 on Hopper and Blackwell are two
/// interleaved instructions of 16 there; one group of 32 here.
///
/// Not modelled, and so approximate: AMD's CDNA2 pairwise summation inside a group (exact
/// alignment makes the order matter only through flushed subnormals), CDNA3's rounding down
/// when the products' sum meets c (here they join exactly) and its odd/even grouping of FP8
/// products, and the hardware's minimum exponent for product alignment.
public enum TensorCoreModel: String, Sendable, Hashable, CaseIterable {
    case v100, a100, a2, ada, l40s, h100, h200, b200, mi100, mi250x, mi300x

    /// The model for `input` products with `output` results (binary32, or binary16 where the
    /// hardware offers it), promoting to binary32 every `promoteEvery` products if given.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` naming what the GPU takes, for an input
    ///   or output format it does not.
    public func blockFMA(input: FloatFormat, output: FloatFormat = .binary32, promoteEvery: Int? = nil) throws(TensorError) -> BlockFMA {
        let family = try inputFamily(input)
        let halfOutput = output == .binary16
        guard output == .binary32 || (halfOutput && offersHalfOutput(input, family)) else {
            let results = offersHalfOutput(input, family) ? "binary32 or binary16 results" : "binary32 results"
            throw .invalidParameter("\(rawValue) with \(input.name) inputs gives \(results), not \(output.name)")
        }
        let final: BlockFMA.FinalRounding = halfOutput ? .nearestEven : .towardZero
        func model(
            _ n: Int, _ e: Int?, _ rounding: BlockFMA.FinalRounding = final, subnormals: Bool = true,
            addend: BlockFMA.AddendPlacement = .early
        ) throws(TensorError) -> BlockFMA {
            try BlockFMA(
                inputFormat: input, outputFormat: output, groupSize: n, extraBits: e, finalRounding: rounding,
                inputSubnormals: subnormals, outputSubnormals: subnormals, addend: addend, promoteEvery: promoteEvery)
        }
        switch (self, family) {
        case (.v100, _): return try model(4, 0)
        case (.a100, .sixteen), (.a2, .sixteen), (.ada, .sixteen), (.l40s, .sixteen): return try model(8, 1)
        case (.a100, .tf32), (.a2, .tf32), (.ada, .tf32), (.l40s, .tf32): return try model(4, 1)
        case (.ada, .fp8), (.l40s, .fp8): return try model(16, -10)
        case (.h100, .sixteen), (.h200, .sixteen), (.b200, .sixteen): return try model(16, 2)
        case (.h100, .tf32), (.h200, .tf32), (.b200, .tf32): return try model(8, 2)
        case (.h100, .fp8): return try model(32, -10)
        case (.h200, .fp8), (.b200, .fp8): return try model(32, 2)
        case (.mi100, _): return try model(input == .bfloat16 ? 2 : 4, nil, .nearestEven)
        case (.mi250x, _): return try model(4, nil, .nearestEven, subnormals: false)
        case (.mi300x, .sixteen): return try model(8, 1, .nearestEven, addend: .late)
        case (.mi300x, .tf32): return try model(4, 1, .nearestEven, addend: .late)
        case (.mi300x, .fp8): return try model(16, 1, .nearestEven, addend: .late)
        default: throw .invalidParameter("\(rawValue) takes \(inputNames.joined(separator: ", ")) inputs, not \(input.name)")
        }
    }

    /// The input formats the GPU's matrix unit takes.
    public var inputNames: [String] {
        switch self {
        case .v100: ["binary16"]
        case .a100, .a2: ["binary16", "bfloat16", "tf32"]
        case .ada, .l40s, .h100, .h200, .b200: ["binary16", "bfloat16", "tf32", "e4m3fn", "e5m2"]
        case .mi100, .mi250x: ["binary16", "bfloat16"]
        case .mi300x: ["binary16", "bfloat16", "tf32", "e4m3fnuz", "e5m2fnuz"]
        }
    }

    /// What a model's inputs look like to the tables above.
    enum InputFamily { case sixteen, tf32, fp8 }

    private func inputFamily(_ input: FloatFormat) throws(TensorError) -> InputFamily {
        guard inputNames.contains(input.name) else {
            throw .invalidParameter("\(rawValue) takes \(inputNames.joined(separator: ", ")) inputs, not \(input.name)")
        }
        switch input.name {
        case "binary16", "bfloat16": return .sixteen
        case "tf32": return .tf32
        default: return .fp8
        }
    }

    /// Whether the GPU writes binary16 results for `input`: binary16 inputs (all but the L40S),
    /// FP8 inputs on Ada, L40S and H100.
    private func offersHalfOutput(_ input: FloatFormat, _ family: InputFamily) -> Bool {
        switch self {
        case .v100, .a100, .a2, .h200, .b200: input == .binary16
        case .ada, .h100: input == .binary16 || family == .fp8
        case .l40s: family == .fp8
        case .mi100, .mi250x, .mi300x: false
        }
    }
}
