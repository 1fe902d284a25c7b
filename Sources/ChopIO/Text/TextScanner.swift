/// One cell of a text file, handed to a ``TextScanDelegate`` (the buffers are valid only
/// during the call).
struct ScannedCell {
    /// 1-based line of the cell's first byte.
    let line: Int
    /// 0-based record (a line with cells; comment and blank lines are not records).
    let record: Int
    /// 0-based column within the record.
    let column: Int
    /// Leading whitespace and an opening quote.
    let prefix: UnsafeRawBufferPointer
    /// The cell's text without surrounding whitespace or quotes.
    let content: UnsafeRawBufferPointer
    /// A closing quote and trailing whitespace.
    let suffix: UnsafeRawBufferPointer
}

/// Receives the pieces of a text file in order. Writing every literal, and every cell's
/// prefix, content and suffix, reproduces the file byte for byte.
protocol TextScanDelegate {
    /// Bytes outside cells (delimiters, line ends, comments, blank lines), and the bytes of
    /// cells too long to be numbers.
    mutating func literal(_ bytes: UnsafeRawBufferPointer) throws(ChopIOError)
    mutating func cell(_ cell: ScannedCell) throws(ChopIOError)
    /// A cell longer than the scanner keeps; its bytes went out as literals.
    mutating func longCell(line: Int, record: Int, column: Int) throws(ChopIOError)
    /// The end of a record with `cells` cells.
    mutating func endRecord(line: Int, record: Int, cells: Int) throws(ChopIOError)
}

/// A streaming scanner for CSV, TSV and whitespace-separated text, fed in chunks of any
/// size, with memory bounded by ``maximumCellBytes`` whatever the file holds (a 2 GB
/// line, binary garbage).
///
/// Rules: cells are separated by the delimiter (or runs of spaces and tabs); a cell may be
/// quoted with `"` (delimiters and line breaks inside, `""` for a quote); a `#` at the start
/// of a cell begins a comment that runs to the end of the line; a line with only a comment
/// or whitespace is not a record; `\r` before `\n` is kept as trailing whitespace.
struct TextScanner {
    /// Cells longer than this (with their surrounding whitespace) are text, passed on as
    /// literal bytes: no number literal is anywhere near this long.
    static let maximumCellBytes = 1024

    /// Where a cell too long to keep stands with respect to quotes.
    private enum LongQuote { case unquoted, inQuotes, closingQuote }

    private enum State {
        /// Before a cell's content: collecting leading whitespace.
        case cellStart
        /// In unquoted content.
        case content
        /// Inside quotes.
        case quoted
        /// Just after a quote inside a quoted cell: `""` or the closing quote.
        case quoteEnd
        /// After the closing quote.
        case afterQuote
        /// In a cell too long to keep.
        case long(LongQuote)
        /// In a comment, to the end of the line.
        case comment
    }

    let delimiter: TextDelimiter
    private var state = State.cellStart
    /// The current cell: prefix `cell[..<contentStart]`, content
    /// `cell[contentStart..<suffixStart]`, suffix `cell[suffixStart...]`.
    private var cell: [UInt8] = []
    private var contentStart = 0
    private var suffixStart = 0
    private var line = 1
    private var cellLine = 1
    private var record = 0
    /// Cells of the current record so far: the next cell's column.
    private var column = 0
    private var recordHasCells = false

    init(delimiter: TextDelimiter) {
        self.delimiter = delimiter
        cell.reserveCapacity(Self.maximumCellBytes + 1)
    }

    private var contentIsEmpty: Bool { suffixStart == contentStart }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\r") || (byte == UInt8(ascii: "\t") && delimiter != .tab)
    }

    private func isDelimiter(_ byte: UInt8) -> Bool {
        switch delimiter {
        case .comma: byte == UInt8(ascii: ",")
        case .tab: byte == UInt8(ascii: "\t")
        case .whitespace: byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
        }
    }

    /// Scans the next bytes of the file.
    mutating func feed<Delegate: TextScanDelegate>(
        _ bytes: UnsafeRawBufferPointer, _ delegate: inout Delegate
    ) throws(ChopIOError) {
        // Bytes of comments and long cells pass through as runs of the input buffer.
        var literalStart = 0
        var index = 0
        func flushLiteral(upTo end: Int, _ delegate: inout Delegate) throws(ChopIOError) {
            if end > literalStart { try delegate.literal(UnsafeRawBufferPointer(rebasing: bytes[literalStart..<end])) }
            literalStart = end
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .comment:
                if byte == UInt8(ascii: "\n") {
                    try flushLiteral(upTo: index + 1, &delegate)
                    try endLine(&delegate)
                }
            case .long(let quote):
                var ends = false
                switch quote {
                case .inQuotes:
                    if byte == UInt8(ascii: "\"") { state = .long(.closingQuote) } else if byte == UInt8(ascii: "\n") { line += 1 }
                case .closingQuote where byte == UInt8(ascii: "\""):
                    state = .long(.inQuotes)
                case .closingQuote, .unquoted:
                    state = .long(.unquoted)
                    ends = isDelimiter(byte) || byte == UInt8(ascii: "\n")
                }
                if ends {
                    try flushLiteral(upTo: index, &delegate)
                    try delegate.longCell(line: cellLine, record: record, column: column)
                    column += 1
                    try endCell(at: byte, &delegate)
                    literalStart = index + 1
                }
            case .cellStart:
                if byte == UInt8(ascii: "\n") {
                    try lineEndAtCellStart(&delegate)
                } else if isSpace(byte) || (delimiter == .whitespace && isDelimiter(byte)) {
                    try appendBounded(byte, toPrefix: true, &delegate)
                } else if isDelimiter(byte) {
                    cellLine = line
                    try emitCell(&delegate)
                    try endCell(at: byte, &delegate)
                } else if byte == UInt8(ascii: "#") {
                    try passPrefix(&delegate)
                    state = .comment
                    literalStart = index
                    index += 1
                    continue
                } else {
                    cellLine = line
                    if byte == UInt8(ascii: "\"") {
                        appendToPrefix(byte)
                        state = .quoted
                    } else {
                        try appendContent(byte, quoted: false, &delegate)
                        if case .cellStart = state { state = .content }
                    }
                }
                literalStart = index + 1
            case .content:
                if isDelimiter(byte) || byte == UInt8(ascii: "\n") {
                    try finishUnquotedCell(&delegate)
                    try endCell(at: byte, &delegate)
                } else if byte == UInt8(ascii: "#"), !contentIsEmpty, isSpace(cell[suffixStart - 1]) {
                    // "1.5 # note": the cell ends, and a comment runs to the end of the line.
                    try finishUnquotedCell(&delegate)
                    state = .comment
                    literalStart = index
                    index += 1
                    continue
                } else {
                    try appendContent(byte, quoted: false, &delegate)
                }
                literalStart = index + 1
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteEnd
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    try appendContent(byte, quoted: true, &delegate)
                }
                literalStart = index + 1
            case .quoteEnd:
                if byte == UInt8(ascii: "\"") {
                    // An escaped quote: both bytes stay in the content.
                    state = .quoted
                    try appendContent(byte, quoted: true, &delegate)
                    if case .quoted = state { try appendContent(byte, quoted: true, &delegate) }
                    literalStart = index + 1
                } else {
                    state = .afterQuote
                    try appendBounded(UInt8(ascii: "\""), toPrefix: false, &delegate)
                    literalStart = index
                    continue  // this byte again, in the new state
                }
            case .afterQuote:
                if isDelimiter(byte) || byte == UInt8(ascii: "\n") {
                    try emitCell(&delegate)
                    try endCell(at: byte, &delegate)
                } else {
                    try appendBounded(byte, toPrefix: false, &delegate)
                }
                literalStart = index + 1
            }
            index += 1
        }
        try flushLiteral(upTo: bytes.count, &delegate)
    }

    /// Scans all of `file` from where it stands, then ends the input.
    mutating func scanAll<Delegate: TextScanDelegate>(
        _ file: ReadableFile, _ delegate: inout Delegate
    ) throws(ChopIOError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try buffer.withMutableBytes { bytes throws(ChopIOError) in try file.read(into: bytes) }
            if count == 0 { break }
            try buffer.withBytes { bytes throws(ChopIOError) in
                try feed(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), &delegate)
            }
        }
        try finish(&delegate)
    }

    /// Ends the input: completes a last line that has no line break.
    mutating func finish<Delegate: TextScanDelegate>(_ delegate: inout Delegate) throws(ChopIOError) {
        switch state {
        case .comment:
            try endLine(&delegate)
        case .long:
            try delegate.longCell(line: cellLine, record: record, column: column)
            column += 1
            try endLine(&delegate)
        case .cellStart:
            try passPrefix(&delegate)
            if column > 0 && delimiter != .whitespace {
                cellLine = line
                try emitCell(&delegate)
            }
            try endLine(&delegate)
        case .content:
            try finishUnquotedCell(&delegate)
            try endLine(&delegate)
        case .quoted, .quoteEnd, .afterQuote:
            if case .quoteEnd = state { cell.append(UInt8(ascii: "\"")) }
            try emitCell(&delegate)
            try endLine(&delegate)
        }
    }

    // MARK: - Cells and lines

    /// A delimiter or line break after a cell: passed on; a line break ends the line.
    private mutating func endCell<Delegate: TextScanDelegate>(at byte: UInt8, _ delegate: inout Delegate) throws(ChopIOError) {
        var copy = byte
        try withUnsafeBytes(of: &copy) { buffer throws(ChopIOError) in try delegate.literal(buffer) }
        if byte == UInt8(ascii: "\n") {
            try endLine(&delegate)
        } else {
            state = .cellStart
        }
    }

    /// A line break where a cell would start: after a delimiter (not whitespace) it ends an
    /// empty last cell; otherwise the line had no more cells.
    private mutating func lineEndAtCellStart<Delegate: TextScanDelegate>(_ delegate: inout Delegate) throws(ChopIOError) {
        if column > 0 && delimiter != .whitespace {
            cellLine = line
            try emitCell(&delegate)
        } else {
            try passPrefix(&delegate)
        }
        try endCell(at: UInt8(ascii: "\n"), &delegate)
    }

    private mutating func endLine<Delegate: TextScanDelegate>(_ delegate: inout Delegate) throws(ChopIOError) {
        if recordHasCells {
            try delegate.endRecord(line: line, record: record, cells: column)
            record += 1
        }
        recordHasCells = false
        column = 0
        line += 1
        state = .cellStart
    }

    /// Moves an unquoted cell's trailing whitespace into its suffix and emits it.
    private mutating func finishUnquotedCell<Delegate: TextScanDelegate>(_ delegate: inout Delegate) throws(ChopIOError) {
        while suffixStart > contentStart && isSpace(cell[suffixStart - 1]) { suffixStart -= 1 }
        try emitCell(&delegate)
    }

    private mutating func emitCell<Delegate: TextScanDelegate>(_ delegate: inout Delegate) throws(ChopIOError) {
        recordHasCells = true
        let place = (line: cellLine, record: record, column: column, content: contentStart, suffix: suffixStart)
        try cell.withBytes { all throws(ChopIOError) in
            try delegate.cell(
                ScannedCell(
                    line: place.line, record: place.record, column: place.column,
                    prefix: UnsafeRawBufferPointer(rebasing: all[0..<place.content]),
                    content: UnsafeRawBufferPointer(rebasing: all[place.content..<place.suffix]),
                    suffix: UnsafeRawBufferPointer(rebasing: all[place.suffix...])))
        }
        column += 1
        clearCell()
        state = .cellStart
    }

    private mutating func clearCell() {
        cell.removeAll(keepingCapacity: true)
        contentStart = 0
        suffixStart = 0
    }

    private mutating func appendToPrefix(_ byte: UInt8) {
        cell.append(byte)
        contentStart += 1
        suffixStart += 1
    }

    /// Leading whitespace that precedes no cell (or a comment): literal.
    private mutating func passPrefix<Delegate: TextScanDelegate>(_ delegate: inout Delegate) throws(ChopIOError) {
        if !cell.isEmpty {
            try cell.withBytes { buffer throws(ChopIOError) in try delegate.literal(buffer) }
            clearCell()
        }
    }

    /// Appends to a cell's content; past the limit the cell becomes long, and everything
    /// kept so far goes out as literal bytes.
    private mutating func appendContent<Delegate: TextScanDelegate>(
        _ byte: UInt8, quoted: Bool, _ delegate: inout Delegate
    ) throws(ChopIOError) {
        cell.append(byte)
        suffixStart += 1
        if cell.count > Self.maximumCellBytes {
            try becomeLong(quoted ? .inQuotes : .unquoted, &delegate)
        }
    }

    /// Appends whitespace (or a closing quote) around a cell, keeping it bounded: a long run
    /// of leading whitespace is passed on as literal; a long tail makes the cell long.
    private mutating func appendBounded<Delegate: TextScanDelegate>(
        _ byte: UInt8, toPrefix: Bool, _ delegate: inout Delegate
    ) throws(ChopIOError) {
        if toPrefix { appendToPrefix(byte) } else { cell.append(byte) }
        guard cell.count > Self.maximumCellBytes else { return }
        if toPrefix { try passPrefix(&delegate) } else { try becomeLong(.unquoted, &delegate) }
    }

    private mutating func becomeLong<Delegate: TextScanDelegate>(
        _ quote: LongQuote, _ delegate: inout Delegate
    ) throws(ChopIOError) {
        recordHasCells = true
        try cell.withBytes { buffer throws(ChopIOError) in try delegate.literal(buffer) }
        clearCell()
        state = .long(quote)
    }
}
