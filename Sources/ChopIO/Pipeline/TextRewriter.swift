/// Rewrites a text file with every element transformed and everything else (header,
/// comments, text columns, delimiters, spacing) kept byte for byte.
///
/// Pieces wait in a buffer until a chunk of elements is complete (or more than a megabyte
/// of text is waiting), then the chunk is transformed and the pieces written, so memory is
/// bounded whatever the file holds.
struct TextRewriter<Transform: ChunkTransform>: TextScanDelegate {
    private let cells: TextCells
    private let sink: ByteSink
    private var transform: Transform
    private let chunkSize: Int
    private let progress: ((Int, Int) -> Void)?
    private let total: Int

    private var pending: [UInt8] = []
    /// Where each element of the chunk goes in `pending`, and whether it looked like an integer.
    private var slots: [(offset: Int, integerLike: Bool)] = []
    private var chunk = ElementChunk()
    private var done = 0

    init(
        cells: TextCells, sink: ByteSink, transform: Transform, chunkSize: Int, total: Int,
        progress: ((Int, Int) -> Void)?
    ) {
        self.cells = cells
        self.sink = sink
        self.transform = transform
        self.chunkSize = chunkSize
        self.total = total
        self.progress = progress
    }

    /// The transform, with whatever it gathered (statistics).
    var finalTransform: Transform { transform }

    /// Scans `file` (already scanned once for its layout) and writes the result;
    /// `beforeFinishing` sees the transform after the last element, before the output is
    /// committed.
    mutating func run(_ file: ReadableFile, beforeFinishing: (inout Transform) throws(ChopIOError) -> Void = { _ in })
        throws(ChopIOError)
    {
        var scanner = TextScanner(delimiter: cells.layout.delimiter)
        try scanner.scanAll(file, &self)
        try flush()
        try beforeFinishing(&transform)
        try sink.finish()
    }

    mutating func literal(_ bytes: UnsafeRawBufferPointer) throws(ChopIOError) {
        pending.append(contentsOf: bytes)
        if pending.count > 1 << 20 && !transform.needsWholeArray { try flush() }
    }

    mutating func cell(_ cell: ScannedCell) throws(ChopIOError) {
        guard let element = try cells.element(in: cell) else {
            pending.append(contentsOf: cell.prefix)
            pending.append(contentsOf: cell.content)
            pending.append(contentsOf: cell.suffix)
            return
        }
        pending.append(contentsOf: cell.prefix)
        switch element {
        case .value(let head, let tail, let integerLike):
            if tail != 0 { chunk.tails.append((chunk.values.count, tail)) }
            chunk.values.append(head)
            slots.append((pending.count, integerLike))
        case .code(let code):
            chunk.codes.append(code)
            slots.append((pending.count, false))
        }
        pending.append(contentsOf: cell.suffix)
        if slots.count == chunkSize { try flush() }
    }

    func longCell(line: Int, record: Int, column: Int) throws(ChopIOError) {
        try cells.checkLongCell(line: line, record: record, column: column)
    }

    func endRecord(line: Int, record: Int, cells: Int) {}

    /// Transforms the waiting elements and writes everything waiting.
    private mutating func flush() throws(ChopIOError) {
        if !slots.isEmpty {
            try transform.apply(&chunk, firstIndex: done)
            var output: [UInt8] = []
            output.reserveCapacity(pending.count + slots.count * 24)
            var start = 0
            for (index, slot) in slots.enumerated() {
                output.append(contentsOf: pending[start..<slot.offset])
                let text = transform.writesCodes
                    ? NumberFormatting.code(chunk.codes[index], bitWidth: transform.codeBitWidth)
                    : NumberFormatting.value(chunk.values[index], integerLike: slot.integerLike)
                output.append(contentsOf: text.utf8)
                start = slot.offset
            }
            output.append(contentsOf: pending[start...])
            try sink.write(output)
            done += slots.count
            progress?(done, total)
        } else if !pending.isEmpty {
            try sink.write(pending)
        }
        pending.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
        chunk.removeAll()
    }
}
