/// A source of elements in file order: a binary array file or the numbers of a text file.
protocol ElementReader: AnyObject {
    /// The number of elements.
    var count: Int { get }
    /// The array's shape (for `.npy` output), and whether it is in Fortran order.
    var shape: [Int] { get }
    var isFortranOrder: Bool { get }
    /// The input's storage when it is a binary file (kept by `.npy` output), nil for text.
    var storage: ElementStorage? { get }
    /// Replaces the chunk's contents with the next elements, at most `limit`: values (and
    /// tails) or codes.
    func read(into chunk: inout ElementChunk, limit: Int, codes: Bool) throws(ChopIOError)
}

/// Opens `path` (`-` for text on standard input) as an element reader of values or codes.
///
/// - Throws: usage errors for an unknown extension or a file of values read as codes (or
///   the reverse), and whatever reading the header or the first text pass finds.
func openReader(
    _ path: String, codes: Bool, isBoundary: @escaping (Double) -> Bool
) throws(ChopIOError) -> ElementReader {
    if path == "-" {
        let spool = try SpooledStandardInput()
        return try TextElementReader(
            file: InputFile(path: spool.path), displayPath: "standard input", delimiter: nil, codes: codes,
            isBoundary: isBoundary, keeping: spool)
    }
    let kind = try ArrayFileKind(path: path)
    let file = try InputFile(path: path)
    if case .text(let delimiter) = kind {
        return try TextElementReader(
            file: file, displayPath: path, delimiter: delimiter, codes: codes, isBoundary: isBoundary, keeping: nil)
    }
    let reader = try BinaryElementReader(file: file, kind: kind)
    if reader.storage!.holdsCodes != codes {
        throw .usage(
            codes ? "\(path) holds \(reader.storage!.kind.rawValue) values, not codes (codes are unsigned integers)"
                : "\(path) holds \(reader.storage!.kind.rawValue) codes, not values: decode them first")
    }
    return reader
}

/// The elements of a `.npy` or raw file.
final class BinaryElementReader: ElementReader {
    let file: InputFile
    let header: NPYHeader
    let count: Int
    private var remaining: Int
    private var bytes: [UInt8] = []

    var shape: [Int] { header.shape }
    var isFortranOrder: Bool { header.isFortranOrder }
    var storage: ElementStorage? { header.storage }

    init(file: InputFile, kind: ArrayFileKind) throws(ChopIOError) {
        self.file = file
        switch kind {
        case .npy:
            let (header, offset) = try NPYHeader.read(from: file)
            let count = header.elementCount!
            let dataBytes = file.size - offset
            let (expected, overflow) = count.multipliedReportingOverflow(by: header.storage.byteCount)
            guard !overflow, dataBytes == expected else {
                throw .badData(
                    file.path, "the header's shape \(header.shape) needs \(overflow ? "too many" : String(expected)) bytes of "
                        + "\(header.storage.kind.rawValue) data, but the file has \(dataBytes)")
            }
            self.header = header
            self.count = count
        case .raw(let storage):
            guard file.size % storage.byteCount == 0 else {
                throw .badData(file.path, "\(file.size) bytes is not a whole number of \(storage.byteCount)-byte elements")
            }
            count = file.size / storage.byteCount
            header = NPYHeader(storage: storage, shape: [count])
        case .text:
            preconditionFailure("text files have their own reader")
        }
        remaining = count
    }

    func read(into chunk: inout ElementChunk, limit: Int, codes: Bool) throws(ChopIOError) {
        chunk.removeAll()
        let n = min(limit, remaining)
        let storage = header.storage
        let byteCount = n * storage.byteCount
        if bytes.count < byteCount { bytes = [UInt8](repeating: 0, count: byteCount) }
        let got = try bytes.withMutableBytes { buffer throws(ChopIOError) in
            try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<byteCount]))
        }
        guard got == byteCount else { throw .badData(file.path, "the file ended early (it changed while being read?)") }
        bytes.withUnsafeBytes { raw in
            let data = UnsafeRawBufferPointer(rebasing: raw[0..<byteCount])
            if codes {
                chunk.codes = [UInt64](repeating: 0, count: n)
                chunk.codes.withUnsafeMutableBufferPointer { storage.decodeCodes(data, into: $0) }
            } else {
                chunk.values = [Double](repeating: 0, count: n)
                chunk.values.withUnsafeMutableBufferPointer { storage.decode(data, into: $0) }
            }
        }
        remaining -= n
    }
}

/// The numbers of a text file, in order: a first pass finds the layout, a second streams the
/// elements through a queue filled by the scanner.
final class TextElementReader: ElementReader {
    let file: ReadableFile
    let layout: TextLayout
    let cells: TextCells
    private var scanner: TextScanner
    private var collector: ElementCollector
    private var atEnd = false
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    /// Keeps a spooled standard input alive while it is read.
    private let keeping: AnyObject?

    var count: Int { layout.elementCount }
    var shape: [Int] { layout.shape }
    var isFortranOrder: Bool { false }
    var storage: ElementStorage? { nil }

    init(
        file: ReadableFile, displayPath: String, delimiter: TextDelimiter?, codes: Bool,
        isBoundary: @escaping (Double) -> Bool, keeping: AnyObject?
    ) throws(ChopIOError) {
        self.file = file
        self.keeping = keeping
        let chosen: TextDelimiter
        if let delimiter { chosen = delimiter } else { chosen = try TextDelimiter.detect(path: displayPath, file: file) }
        layout = try TextLayout.scan(file, delimiter: chosen, kind: codes ? .codes : .values)
        try file.rewind()
        cells = TextCells(layout: layout, path: displayPath, isBoundary: isBoundary)
        collector = ElementCollector(cells: cells)
        scanner = TextScanner(delimiter: chosen)
    }

    func read(into chunk: inout ElementChunk, limit: Int, codes: Bool) throws(ChopIOError) {
        chunk.removeAll()
        while collector.queue.count < limit && !atEnd {
            let count = try buffer.withMutableBytes { bytes throws(ChopIOError) in try file.read(into: bytes) }
            if count == 0 {
                try scanner.finish(&collector)
                atEnd = true
            } else {
                try buffer.withBytes { bytes throws(ChopIOError) in
                    try scanner.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), &collector)
                }
            }
        }
        collector.take(limit, into: &chunk, codes: codes)
    }
}

/// The second pass's delegate for reading: queues each element.
private struct ElementCollector: TextScanDelegate {
    let cells: TextCells
    var queue = ElementChunk()

    init(cells: TextCells) { self.cells = cells }

    /// Moves the first `limit` queued elements into `chunk`, keeping the rest.
    mutating func take(_ limit: Int, into chunk: inout ElementChunk, codes: Bool) {
        let end = min(queue.count, limit)
        if codes {
            chunk.codes.append(contentsOf: queue.codes[0..<end])
            queue.codes.removeFirst(end)
        } else {
            chunk.values.append(contentsOf: queue.values[0..<end])
            chunk.tails.append(contentsOf: queue.tails.filter { $0.index < end })
            queue.values.removeFirst(end)
            queue.tails = queue.tails.compactMap { $0.index >= end ? ($0.index - end, $0.tail) : nil }
        }
    }

    mutating func literal(_ bytes: UnsafeRawBufferPointer) {}

    mutating func cell(_ cell: ScannedCell) throws(ChopIOError) {
        switch try cells.element(in: cell) {
        case .value(let head, let tail, _)?:
            if tail != 0 { queue.tails.append((queue.values.count, tail)) }
            queue.values.append(head)
        case .code(let code)?:
            queue.codes.append(code)
        case nil:
            break
        }
    }

    mutating func longCell(line: Int, record: Int, column: Int) throws(ChopIOError) {
        try cells.checkLongCell(line: line, record: record, column: column)
    }

    mutating func endRecord(line: Int, record: Int, cells: Int) {}
}
