import ChopFormats

/// A whole array read into memory in logical row-major order: values, the exact tails of
/// decimal text (element `i` is exactly `values[i] + tail`), and the shape.
struct WholeArray {
    var values: [Double]
    var tails: [(index: Int, tail: Double)]
    var shape: [Int]

    /// Reads `path` (`.npy` in C or Fortran order, raw, text; `-` for standard input).
    ///
    /// - Throws: what reading finds: an unknown extension, a malformed header or number, a
    ///   file of codes (exit 64/65/74 by kind).
    init(path: String) throws(ChopIOError) {
        let reader = try openReader(path, codes: false, isBoundary: { _ in true })
        var chunk = ElementChunk()
        var values: [Double] = []
        values.reserveCapacity(reader.count)
        var tails: [(index: Int, tail: Double)] = []
        while values.count < reader.count {
            try reader.read(into: &chunk, limit: reader.count - values.count, codes: false)
            guard chunk.count > 0 else { throw .badData(path, "the file ended early (it changed while being read?)") }
            let first = values.count
            tails += chunk.tails.map { (first + $0.index, $0.tail) }
            values += chunk.values
        }
        self.values = values
        self.tails = tails
        shape = reader.shape
        if reader.isFortranOrder && shape.count > 1 { reorderFromFortran() }
    }

    /// Column-major storage to row-major (the tails follow their elements).
    private mutating func reorderFromFortran() {
        var strides = [Int](repeating: 1, count: shape.count)  // Fortran strides of each axis
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        let fileIndices = stridedOffsets(shape: shape, strides: strides)  // row-major index → file index
        var reordered = [Double](repeating: 0, count: values.count)
        var destination = [Int](repeating: 0, count: values.count)  // file index → row-major index
        for (rowMajor, file) in fileIndices.enumerated() {
            reordered[rowMajor] = values[file]
            destination[file] = rowMajor
        }
        values = reordered
        tails = tails.map { (destination[$0.index], $0.tail) }
    }

    /// The array as a matrix `rows × columns`, or a usage error naming `role` and the shape.
    func matrixShape(_ role: String, _ path: String) throws(ChopIOError) -> (rows: Int, columns: Int) {
        guard shape.count == 2 else {
            throw .usage("\(role) (\(path)) has shape \(shape): a matrix product needs 2-D arrays")
        }
        return (shape[0], shape[1])
    }
}

/// Whole arrays in and out of files, for programs that want an array rather than a stream.
public enum ArrayFile {
    /// The values (row-major, whatever the file's order) and shape of `path`: `.npy`, raw
    /// (`.f64`, `.f32`, …: one dimension), or text (a matrix when every row has the same count).
    ///
    /// - Throws: ``ChopIOError`` naming the file and the problem.
    public static func read(_ path: String) throws(ChopIOError) -> (values: [Double], shape: [Int]) {
        let array = try WholeArray(path: path)
        return (array.values, array.shape)
    }

    /// Writes `values` (row-major, of `shape`) atomically: `.npy` as `storage` (default
    /// float64), raw as the extension says, text otherwise; nil or `-` is standard output.
    ///
    /// - Throws: a usage error when a value does not fit the element type exactly, or an I/O
    ///   error; the destination is untouched then.
    public static func write(
        _ values: [Double], shape: [Int], to path: String?, storage: ElementStorage = ElementStorage(.float64)
    ) throws(ChopIOError) {
        guard !shape.contains(where: { $0 < 0 }), shape.reduce(1, *) == values.count else {
            throw .usage("\(path ?? "standard output"): \(values.count) values do not fill the shape \(shape)")
        }
        try writeWholeArray(values, shape: shape, to: path, storage: storage)
    }
}

/// Writes `values` (row-major, of `shape`) to `path`, atomically: `.npy` as `storage`, raw
/// files as their extension says, text with the shape's last axis as rows; nil or `-` is
/// text on standard output.
///
/// - Throws: a usage error when a value does not fit `storage` exactly (named by index), or an
///   I/O error; the destination is untouched then.
func writeWholeArray(_ values: [Double], shape: [Int], to path: String?, storage: ElementStorage) throws(ChopIOError) {
    let target = try OutputTarget(path, input: "-")
    let writer: ElementWriter
    switch target {
    case .standardOutput:
        writer = TextElementWriter(sink: StandardOutput(), delimiter: .comma, shape: shape, isFortranOrder: false, codeBitWidth: 0)
    case .file(let path, .text(let delimiter)):
        writer = TextElementWriter(
            sink: try AtomicOutput(destination: path), delimiter: delimiter ?? .whitespace, shape: shape,
            isFortranOrder: false, codeBitWidth: 0)
    case .file(let path, .npy), .file(let path, .raw):
        var stored = storage
        if case .file(_, .raw(let raw)) = target {
            guard !raw.holdsCodes else { throw .usage("\(path) would hold codes; write values to .f64, .f32, .npy or text") }
            stored = raw
        }
        if stored.format != .binary64 { try ValueCheck.checkStorable(values, in: stored.format, what: "result", firstIndex: 0) }
        var header: NPYHeader?
        if case .file(_, .npy) = target { header = NPYHeader(storage: stored, shape: shape) }
        let sink = try AtomicOutput(destination: path)
        do {
            writer = try BinaryElementWriter(sink: sink, storage: stored, npyHeader: header)
        } catch {
            sink.abandon()
            throw error
        }
    }
    do throws(ChopIOError) {
        try values.withUnsafeBufferPointer { buffer throws(ChopIOError) in try writer.write(values: buffer) }
        try writer.finish()
    } catch {
        writer.abandon()
        throw error
    }
}
