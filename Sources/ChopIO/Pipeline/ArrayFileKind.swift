/// The type of an array file, told by its extension.
public enum ArrayFileKind: Equatable, Sendable {
    /// NumPy `.npy`: the dtype and shape are in the header.
    case npy
    /// Raw little-endian elements: `.f64`, `.f32`, `.f16`, `.bf16`.
    case raw(ElementStorage)

    /// The extensions `chop` reads and writes.
    public static let extensions = [".npy", ".f64", ".f32", ".f16", ".bf16"]

    /// The kind of `path`, by its (case-insensitive) extension.
    ///
    /// - Throws: a usage error naming the path and the extensions that are understood.
    public init(path: String) throws(ChopIOError) {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".npy") {
            self = .npy
        } else if lowered.hasSuffix(".f64") {
            self = .raw(ElementStorage(.float64))
        } else if lowered.hasSuffix(".f32") {
            self = .raw(ElementStorage(.float32))
        } else if lowered.hasSuffix(".bf16") {
            self = .raw(ElementStorage(.bfloat16))
        } else if lowered.hasSuffix(".f16") {
            self = .raw(ElementStorage(.float16))
        } else {
            throw .usage("cannot tell the file type of '\(path)': use \(Self.extensions.joined(separator: ", "))")
        }
    }
}
