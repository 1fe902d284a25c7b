import ChopBlocks
import ChopFormats
import ChopTensors
import Foundation

/// Recipes from a small JSON file.
extension PrecisionRecipe {
    /// The recipe a JSON object describes. Every key is optional when `"preset"` names a
    /// preset to start from, and required otherwise (`forward` and `backward` are then
    /// required too):
    ///
    /// ```json
    /// { "preset": "mxfp8", "name": "mxfp8-sr-update", "seed": 3,
    ///   "weights": { "format": "bfloat16", "mode": "stochastic", "randomBits": 16 },
    ///   "backward": { "accumulator": "binary32",
    ///                 "gradients": { "format": "nvfp4", "mode": "stochastic" },
    ///                 "weights": { "format": "nvfp4", "tile": [16, 16] },
    ///                 "activations": { "format": "e4m3fn", "scaling": "tensor" },
    ///                 "hadamard": 16 } }
    /// ```
    ///
    /// - Precisions (`weights`, `activations`, `gradients`, `optimizerState`): a float
    ///   `format` name, a `mode` name (default nearest-even) and for stochastic rounding
    ///   optional `randomBits`.
    /// - Products (`forward`, `backward`): the `accumulator`'s float format (sequential,
    ///   nearest-even) or a GPU `model` (a ``TensorCoreModel`` name; its matrix unit reads
    ///   `input`, by default the smallest format holding the casts' formats, and gives
    ///   binary32), the casts `activations`, `weights` and `gradients` (absent: operands as
    ///   they are) and `hadamard`, the size of the weight-gradient transform. A product given
    ///   replaces the preset's whole product.
    /// - Casts: a float `format` (rounded alone, or with `"scaling": "tensor"` scaled per
    ///   tensor) or a block format (blocks along k, or `"tile": [rows, columns]`), with `mode`
    ///   and `randomBits` as for precisions.
    ///
    /// - Throws: ``RecipeError/invalidFile(_:)`` naming the key at fault, or
    ///   ``RecipeError/unknownPreset(_:)``.
    public init(json data: Data) throws(RecipeError) {
        let file: RecipeFile
        do {
            file = try JSONDecoder().decode(RecipeFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalidFile("missing key \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
            let DecodingError.dataCorrupted(context)
        {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .invalidFile(path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)")
        } catch {
            throw .invalidFile("\(error)")
        }
        let seed = file.seed ?? 0
        let base = try file.preset.map { (name) throws(RecipeError) in try PrecisionRecipe.preset(named: name, seed: seed) }
        func required<T>(_ value: T?, _ key: String) throws(RecipeError) -> T {
            guard let value else { throw .invalidFile("missing key \(key) (give it, or a \"preset\" to start from)") }
            return value
        }
        func precision(_ entry: RecipeFile.Precision?, _ key: String, _ offset: UInt64, _ fallback: TensorPrecision?)
            throws(RecipeError) -> TensorPrecision
        {
            guard let entry else { return try required(fallback, key) }
            return try entry.precision(key: key, seed: seed &+ offset)
        }
        func product(_ entry: RecipeFile.Product?, _ key: String, _ offset: UInt64, _ fallback: ProductRecipe?)
            throws(RecipeError) -> ProductRecipe
        {
            guard let entry else { return try required(fallback, key) }
            return try entry.product(key: key, seed: seed &+ offset)
        }
        self.init(
            name: try required(file.name ?? base?.name, "name"),
            weights: try precision(file.weights, "weights", 0, base?.weights),
            activations: try precision(file.activations, "activations", 1, base?.activations),
            gradients: try precision(file.gradients, "gradients", 2, base?.gradients),
            optimizerState: try precision(file.optimizerState, "optimizerState", 3, base?.optimizerState),
            forward: try product(file.forward, "forward", 4, base?.forward),
            backward: try product(file.backward, "backward", 5, base?.backward))
    }

    /// The recipe in the JSON file at `path`.
    ///
    /// - Throws: ``RecipeError/invalidFile(_:)`` for a file that cannot be read, and as
    ///   ``init(json:)``.
    public init(contentsOf path: String) throws(RecipeError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .invalidFile("cannot read \(path)") }
        try self.init(json: data)
    }
}

/// The JSON shape of a recipe (see ``PrecisionRecipe/init(json:)``).
struct RecipeFile: Decodable {
    var preset: String?
    var name: String?
    var seed: UInt64?
    var weights, activations, gradients, optimizerState: Precision?
    var forward, backward: Product?

    struct Precision: Decodable {
        var format: String
        var mode: String?
        var randomBits: Int?

        /// The mode named, nearest-even when absent.
        func roundingMode(key: String) throws(RecipeError) -> RoundingMode {
            do {
                return try mode.map { (name) throws(FormatError) in try RoundingMode(named: name, randomBits: randomBits) }
                    ?? .toNearestOrEven
            } catch {
                throw .invalidFile("\(key).mode: \(error)")
            }
        }

        func floatFormat(key: String) throws(RecipeError) -> FloatFormat {
            do {
                return try FloatFormat(named: format)
            } catch {
                throw .invalidFile("\(key).format: \(error)")
            }
        }

        func precision(key: String, seed: UInt64) throws(RecipeError) -> TensorPrecision {
            let (format, mode) = (try floatFormat(key: key), try roundingMode(key: key))
            do {
                return try TensorPrecision(format, mode: mode, seed: seed)
            } catch {
                throw .invalidFile("\(key): \(error)")
            }
        }
    }

    struct Cast: Decodable {
        var format: String
        var mode: String?
        var randomBits: Int?
        var scaling: String?
        var tile: [Int]?

        func cast(key: String) throws(RecipeError) -> OperandCast {
            let entry = Precision(format: format, mode: mode, randomBits: randomBits)
            let mode = try entry.roundingMode(key: key)
            do {
                if let block = try? BlockFormat(named: format) {
                    guard scaling == nil else { throw RecipeError.invalidFile("\(key).scaling: block formats carry their own scales") }
                    guard let tile else { return try .blocks(block, mode: mode) }
                    guard tile.count == 2 else { throw RecipeError.invalidFile("\(key).tile: give [rows, columns], not \(tile)") }
                    return try .tiles(block, rows: tile[0], columns: tile[1], mode: mode)
                }
                let float = try entry.floatFormat(key: key)
                guard tile == nil else { throw RecipeError.invalidFile("\(key).tile: tiles are for block formats") }
                switch scaling {
                case nil, "none": return try .scalar(float, mode: mode)
                case "tensor": return try .scaledPerTensor(float, mode: mode)
                case let other?: throw RecipeError.invalidFile("\(key).scaling: \(other); use \"tensor\" or \"none\"")
                }
            } catch let error as RecipeError {
                throw error
            } catch {
                throw .invalidFile("\(key): \(error)")
            }
        }
    }

    struct Product: Decodable {
        var accumulator: String?
        var model: String?
        var input: String?
        var activations, weights, gradients: Cast?
        var hadamard: Int?

        func product(key: String, seed: UInt64) throws(RecipeError) -> ProductRecipe {
            let activations = try activations?.cast(key: "\(key).activations") ?? .none
            let weights = try weights?.cast(key: "\(key).weights") ?? .none
            let gradients = try gradients?.cast(key: "\(key).gradients") ?? .none
            let model: ProductRecipe.Model
            switch (accumulator, self.model) {
            case (let accumulator?, nil):
                let format = try Precision(format: accumulator).floatFormat(key: "\(key).accumulator")
                model = .accumulation(MatrixMultiplication(accumulator: try! FloatRounder(format: format)))
            case (nil, let name?):
                let casts = [activations, weights, gradients].compactMap(\.scalarFormat)
                var inputs = casts
                if let input { inputs = [try Precision(format: input).floatFormat(key: "\(key).input")] }
                model = .matrixUnit(try Self.matrixUnit(name, inputs: inputs, key: key))
            default:
                throw .invalidFile("\(key): give an accumulator (a float format) or a model (a GPU), one of them")
            }
            do {
                return try ProductRecipe(
                    model: model, activations: activations, weights: weights, gradients: gradients, hadamardSize: hadamard, seed: seed)
            } catch {
                throw .invalidFile("\(key): \(error)")
            }
        }

        /// The GPU's matrix unit for these input formats: the unit's model for one of them,
        /// reading the smallest format that holds them all (E4M3 and E5M2 share FP8's model).
        static func matrixUnit(_ name: String, inputs: [FloatFormat], key: String) throws(RecipeError) -> BlockFMA {
            guard let gpu = TensorCoreModel(rawValue: name.lowercased()) else {
                let names = TensorCoreModel.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidFile("\(key).model: \(name) is not one of \(names)")
            }
            guard let first = inputs.first else {
                throw .invalidFile("\(key).input: name the unit's input format (no cast gives one)")
            }
            do {
                var unit = try gpu.blockFMA(input: first)
                let union = try FloatFormat(
                    precision: inputs.map(\.precision).max()!, maxExponent: inputs.map(\.maxExponent).max()!,
                    minExponent: inputs.map(\.minExponent).min()!, name: Set(inputs.map(\.name)).sorted().joined(separator: "+"))
                for format in inputs.dropFirst() {
                    var other = try gpu.blockFMA(input: format)
                    other.inputFormat = first
                    guard other == unit else {
                        throw RecipeError.invalidFile("\(key): \(name) multiplies \(first.name) and \(format.name) in different ways")
                    }
                }
                if Set(inputs.map(\.name)).count > 1 { unit.inputFormat = union }
                return unit
            } catch let error as RecipeError {
                throw error
            } catch {
                throw .invalidFile("\(key).model: \(error)")
            }
        }
    }
}
