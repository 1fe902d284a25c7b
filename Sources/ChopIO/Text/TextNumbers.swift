import ChopFormats

/// The numbers of a text table in memory (CSV, TSV or whitespace-separated), by the same
/// rules as files: a header row, comments and text columns are kept, and only the numbers
/// change.
///
/// ```swift
/// let csv = Array("name,x\nalpha,0.1\nbeta,464\n".utf8)
/// let rounded = try TextNumbers.round(csv, with: FloatRounder(format: .e4m3fn))
/// String(decoding: rounded, as: UTF8.self)   // "name,x\nalpha,0.1015625\nbeta,448\n"
/// ```
public enum TextNumbers {
    /// Rounds every number of `text`, each exactly once from its decimal value; with
    /// `writesCodes` the numbers become hexadecimal encodings.
    ///
    /// - Parameter delimiter: nil tells it from the first line that is not a comment.
    /// - Throws: ``ChopIOError`` for a cell that is not a number in a column of numbers (its
    ///   line and column named), or a value with no encoding.
    public static func round(
        _ text: [UInt8], with rounder: FloatRounder, seed: UInt64 = 0, writesCodes: Bool = false,
        delimiter: TextDelimiter? = nil, name: String = "text"
    ) throws(ChopIOError) -> [UInt8] {
        let transform = FloatTransform(
            rounder: rounder, seed: seed, threads: 1, writesCodes: writesCodes, collectsStatistics: false)
        let file = MemoryFile(bytes: text, path: name)
        let reader = try TextElementReader(
            file: file, displayPath: name, delimiter: delimiter, codes: false, isBoundary: transform.isBoundary,
            keeping: nil)
        let sink = MemorySink()
        var rewriter = TextRewriter(
            cells: reader.cells, sink: sink, transform: transform, chunkSize: 1 << 16, total: reader.count, progress: nil)
        try rewriter.run(file)
        return sink.bytes
    }

    /// The numbers of `text` in order (each the double nearest its literal), and the table's
    /// shape (`[rows, columns]` when every row has the same number of them, else a vector).
    public static func values(
        in text: [UInt8], delimiter: TextDelimiter? = nil, name: String = "text"
    ) throws(ChopIOError) -> (values: [Double], shape: [Int]) {
        let reader = try TextElementReader(
            file: MemoryFile(bytes: text, path: name), displayPath: name, delimiter: delimiter, codes: false,
            isBoundary: { _ in false }, keeping: nil)
        var chunk = ElementChunk()
        try reader.read(into: &chunk, limit: reader.count, codes: false)
        return (chunk.values, reader.shape)
    }
}
