import ChopBlocks
import ChopFormats
import ChopTensors

/// The preset recipes: the configurations mixed-precision training studies compare.
extension PrecisionRecipe {
    /// The presets' names, in the order of the README's table.
    public static let presetNames = ["binary32", "bfloat16-nearest", "bfloat16-stochastic", "fp8", "mxfp8", "nvfp4"]

    /// A preset, stochastic roles seeded from `seed`:
    ///
    /// | preset | weights | activations, gradients | forward operands | backward operands |
    /// |---|---|---|---|---|
    /// | `binary32` | binary32 | binary32 | as they are | as they are |
    /// | `bfloat16-nearest` | bfloat16, nearest | bfloat16 | as they are | as they are |
    /// | `bfloat16-stochastic` | bfloat16, stochastic | bfloat16 | as they are | as they are |
    /// | `fp8` | binary32 (master) | bfloat16 | E4M3, per-tensor scale | gradients E5M2, others E4M3, per-tensor |
    /// | `mxfp8` | binary32 (master) | bfloat16 | MXFP8 E4M3 along k | gradients MXFP8 E5M2, others E4M3 |
    /// | `nvfp4` | binary32 (master) | bfloat16 | activations NVFP4 along k, weights 16×16 tiles | gradients NVFP4 stochastic, weights tiles; 16-point random Hadamard transform on weight gradients |
    ///
    /// Every product accumulates in binary32 to nearest-even (sequentially: exact products
    /// of cast operands, each add rounded). The optimizer state has the weights' precision
    /// (binary32 for the master-weight recipes).
    ///
    /// - Throws: ``RecipeError/unknownPreset(_:)`` for another name.
    public static func preset(named name: String, seed: UInt64 = 0) throws(RecipeError) -> PrecisionRecipe {
        do {
            return try makePreset(name.lowercased(), seed: seed)
        } catch let error as RecipeError {
            throw error
        } catch {
            fatalError("preset \(name) does not build: \(error)")
        }
    }

    private static func makePreset(_ name: String, seed: UInt64) throws -> PrecisionRecipe {
        let binary32 = MatrixMultiplication(accumulator: try FloatRounder(format: .binary32))
        let bf16 = try TensorPrecision(.bfloat16, seed: seed &+ 1)
        let bf16Gradients = try TensorPrecision(.bfloat16, seed: seed &+ 2)
        func master(forward: ProductRecipe, backward: ProductRecipe) throws -> PrecisionRecipe {
            PrecisionRecipe(
                name: name, weights: try TensorPrecision(.binary32), activations: bf16, gradients: bf16Gradients,
                optimizerState: try TensorPrecision(.binary32), forward: forward, backward: backward)
        }
        switch name {
        case "binary32":
            var recipe = try uniform(.binary32, seed: seed)
            recipe.name = name
            return recipe
        case "bfloat16-nearest", "bfloat16-stochastic":
            let update: RoundingMode = name == "bfloat16-nearest" ? .toNearestOrEven : .stochastic()
            return PrecisionRecipe(
                name: name, weights: try TensorPrecision(.bfloat16, mode: update, seed: seed), activations: bf16,
                gradients: bf16Gradients, optimizerState: try TensorPrecision(.bfloat16, mode: update, seed: seed &+ 3),
                forward: try ProductRecipe(model: binary32, seed: seed &+ 4),
                backward: try ProductRecipe(model: binary32, seed: seed &+ 5))
        case "fp8", "mxfp8":
            let (e4m3, e5m2): (OperandCast, OperandCast) =
                name == "fp8"
                ? (try .scaledPerTensor(.e4m3fn), try .scaledPerTensor(.e5m2)) : (try .blocks(.mxfp8E4M3), try .blocks(.mxfp8E5M2))
            return try master(
                forward: try ProductRecipe(model: binary32, activations: e4m3, weights: e4m3, seed: seed &+ 4),
                backward: try ProductRecipe(model: binary32, activations: e4m3, weights: e4m3, gradients: e5m2, seed: seed &+ 5))
        case "nvfp4":
            let activations = try OperandCast.blocks(.nvfp4)
            let weights = try OperandCast.tiles(.nvfp4, rows: 16, columns: 16)
            return try master(
                forward: try ProductRecipe(model: binary32, activations: activations, weights: weights, seed: seed &+ 4),
                backward: try ProductRecipe(
                    model: binary32, activations: activations, weights: weights,
                    gradients: try .blocks(.nvfp4, mode: .stochastic()), hadamardSize: 16, seed: seed &+ 5))
        default:
            throw RecipeError.unknownPreset(name)
        }
    }
}
