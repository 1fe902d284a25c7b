/// The second pass's decision for each cell of a text file: an element (with its number) or
/// text to copy. Shared by the element reader and the layout-preserving rewriter.
struct TextCells {
    let layout: TextLayout
    let path: String
    let isBoundary: (Double) -> Bool

    /// A cell's element: its exact value (values) or code (codes), and whether it was written
    /// as an integer.
    enum Element {
        case value(head: Double, tail: Double, integerLike: Bool)
        case code(UInt64)
    }

    /// The element in `cell`, nil when the cell is copied as text.
    ///
    /// - Throws: a bad-data error naming the line and column when a cell that is not a
    ///   number stands in a column of numbers.
    func element(in cell: ScannedCell) throws(ChopIOError) -> Element? {
        if cell.record == 0 && layout.hasHeader { return nil }
        if cell.content.isEmpty { return nil }
        switch layout.kind {
        case .values:
            let (isNumber, isInteger) = NumberLexer.classifyValue(cell.content)
            if isNumber {
                let (head, tail) = NumberLexer.exactValue(cell.content, isBoundary: isBoundary)
                return .value(head: head, tail: tail, integerLike: isInteger)
            }
        case .codes:
            if let code = NumberLexer.code(cell.content) { return .code(code) }
        }
        if cell.column < TextLayout.trackedColumns && layout.isNumericColumn(cell.column) {
            throw notANumber(line: cell.line, column: cell.column, text: String(decoding: cell.content.prefix(40), as: UTF8.self))
        }
        return nil
    }

    /// A cell too long to keep cannot be a number: an error in a column of numbers.
    func checkLongCell(line: Int, record: Int, column: Int) throws(ChopIOError) {
        if record == 0 && layout.hasHeader { return }
        if column < TextLayout.trackedColumns && layout.isNumericColumn(column) {
            throw notANumber(line: line, column: column, text: "a cell of over \(TextScanner.maximumCellBytes) bytes")
        }
    }

    private func notANumber(line: Int, column: Int, text: String) -> ChopIOError {
        let what = layout.kind == .values ? "a number" : "a code"
        return .badData("\(path):\(line):\(column + 1)", "'\(text)' is not \(what), but column \(column + 1) holds numbers")
    }
}
