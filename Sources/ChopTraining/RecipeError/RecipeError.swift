/// Why a precision recipe cannot be made: an unknown preset, a recipe file that does not
/// describe one (the message names the key and what is wrong with it), or parts that do not
/// go together.
public enum RecipeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A preset name that is not one of ``PrecisionRecipe/presetNames``.
    case unknownPreset(String)
    /// A recipe file that is not valid JSON or misses or misuses a key.
    case invalidFile(String)
    /// Parts of a recipe that do not go together, or a parameter out of range.
    case invalidRecipe(String)

    public var description: String {
        switch self {
        case .unknownPreset(let name):
            "unknown recipe \(name); the presets are \(PrecisionRecipe.presetNames.joined(separator: ", "))"
        case .invalidFile(let message): "recipe file: \(message)"
        case .invalidRecipe(let message): message
        }
    }
}
