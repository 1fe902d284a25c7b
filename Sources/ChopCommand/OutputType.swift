import ArgumentParser
import Chop

/// `--output-type`: the floating-point type of `.npy` values, in every command that writes
/// them: `float64`, `float32` or `float16` (or `f64`, `f32`, `f16`). numpy has no bfloat16
/// dtype: bfloat16 values go to raw `.bf16` files.
struct OutputType: ExpressibleByArgument {
    let kind: ElementStorage.Kind

    static let names: [String: ElementStorage.Kind] = [
        "float64": .float64, "f64": .float64, "float32": .float32, "f32": .float32, "float16": .float16,
        "f16": .float16,
    ]

    init?(argument: String) {
        guard let kind = Self.names[argument.lowercased()] else { return nil }
        self.kind = kind
    }

    static var allValueStrings: [String] { ["float64", "float32", "float16"] }

    /// The storage of this type.
    var storage: ElementStorage { ElementStorage(kind) }
}
