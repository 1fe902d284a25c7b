import ChopFormats

/// How a job makes sure the values it writes fit a binary output's type without a second
/// rounding.
enum ValueCheck {
    /// Every result is a value of this format: checked against the output type once, before
    /// anything is created.
    case format(FloatFormat)
    /// Results of what this names (a posit or block format, an integer quantization) are not
    /// all values of one float format: each value is checked as it is written, and one the
    /// output type cannot hold exactly is refused.
    case eachValue(String)

    var name: String {
        switch self {
        case .format(let format): format.name
        case .eachValue(let name): name
        }
    }

    /// Throws unless every value is exactly a value of `format` (the output's type): results
    /// that would need a second rounding to be stored are refused, not rounded.
    static func checkStorable(_ values: [Double], in format: FloatFormat, what: String, firstIndex: Int) throws(ChopIOError) {
        for (index, value) in values.enumerated() where !value.isNaN {
            guard (try? format.encode(value)) != nil else {
                throw .usage(.notStorable(element: firstIndex + index, value: value, storage: format.name, results: what))
            }
        }
    }
}
