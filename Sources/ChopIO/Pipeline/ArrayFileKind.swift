/// The type of an array file, told by its extension.
public enum ArrayFileKind: Equatable, Sendable {
    /// NumPy `.npy`: the dtype and shape are in the header.
    case npy
    /// Raw little-endian elements: `.f64`, `.f32`, `.f16`, `.bf16` (values), `.u8`, `.u16`,
    /// `.u32`, `.u64` (codes).
    case raw(ElementStorage)
    /// Text: `.csv` (commas), `.tsv` (tabs), `.txt` (told by the content); nil delimiter
    /// means "detect".
    case text(TextDelimiter?)

    /// The extensions `chop` reads and writes.
    public static let extensions = [
        ".npy", ".csv", ".tsv", ".txt", ".f64", ".f32", ".f16", ".bf16", ".u8", ".u16", ".u32", ".u64",
    ]

    private static let raw: [(String, ElementStorage.Kind)] = [
        (".f64", .float64), (".f32", .float32), (".bf16", .bfloat16), (".f16", .float16),
        (".u8", .uint8), (".u16", .uint16), (".u32", .uint32), (".u64", .uint64),
    ]

    /// The kind of `path`, by its (case-insensitive) extension.
    ///
    /// - Throws: a usage error naming the path and the extensions that are understood.
    public init(path: String) throws(ChopIOError) {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".npy") {
            self = .npy
        } else if lowered.hasSuffix(".csv") {
            self = .text(.comma)
        } else if lowered.hasSuffix(".tsv") {
            self = .text(.tab)
        } else if lowered.hasSuffix(".txt") {
            self = .text(nil)
        } else if let (_, kind) = Self.raw.first(where: { lowered.hasSuffix($0.0) }) {
            self = .raw(ElementStorage(kind))
        } else {
            throw .usage("cannot tell the file type of '\(path)': use \(Self.extensions.joined(separator: ", ")), or - for text on standard input or output")
        }
    }

    var isText: Bool {
        if case .text = self { true } else { false }
    }
}
