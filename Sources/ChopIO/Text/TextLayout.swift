/// What the numbers of a text file are (values to round, or codes to decode).
enum TextNumberKind: Sendable {
    case values
    case codes

    /// Whether a cell's content is a number of this kind.
    func isNumber(_ content: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .values: NumberLexer.classifyValue(content).isNumber
        case .codes: NumberLexer.code(content) != nil
        }
    }
}

/// The structure of a text file, found by a first pass: which columns hold numbers, whether
/// the first record is a header, how many elements there are, and their shape.
///
/// Rules: a column holds numbers if any record after the first has a number in it (or the
/// first record does and is not a header); the first record is a header if it has a cell that
/// is not a number in such a column. Every number in a record that is not the header is an
/// element, in file order. A cell that is not a number in a numeric column is an error
/// (found by the second pass, before any output is kept); empty cells are skipped. Columns
/// beyond the 4,194,304th are not tracked: their numbers are elements, the rest text.
struct TextLayout: Sendable {
    let delimiter: TextDelimiter
    let kind: TextNumberKind
    let hasHeader: Bool
    /// Columns that hold numbers (among the tracked ones).
    let numericColumns: BitSet
    let elementCount: Int
    /// `[records, numbers per record]` when every data record has the same number (above
    /// one) of elements, else `[elementCount]`.
    let shape: [Int]

    static let trackedColumns = 1 << 22

    /// Whether `column` holds numbers; untracked columns count as numeric.
    func isNumericColumn(_ column: Int) -> Bool {
        column >= Self.trackedColumns || numericColumns.contains(column)
    }

    /// Scans a whole file to find its layout.
    static func scan(
        _ file: ReadableFile, delimiter: TextDelimiter, kind: TextNumberKind
    ) throws(ChopIOError) -> TextLayout {
        var classifier = LayoutClassifier(kind: kind)
        var scanner = TextScanner(delimiter: delimiter)
        try scanner.scanAll(file, &classifier)
        return classifier.layout(delimiter: delimiter)
    }
}

/// The first pass: per-column facts in bitsets and per-record counts, constant memory per
/// column.
private struct LayoutClassifier: TextScanDelegate {
    let kind: TextNumberKind
    var firstRecordNumbers = BitSet()
    var firstRecordText = BitSet()
    var numbersAfterFirst = BitSet()
    var firstRecordCount = 0
    var laterCount = 0
    var laterRecords = 0
    var numbersInRecord = 0
    /// The common number of elements per later record, or nil once they differ.
    var perRecord: Int?? = .none

    init(kind: TextNumberKind) { self.kind = kind }

    mutating func literal(_ bytes: UnsafeRawBufferPointer) {}

    mutating func cell(_ cell: ScannedCell) {
        guard !cell.content.isEmpty else { return }
        let isNumber = kind.isNumber(cell.content)
        let tracked = cell.column < TextLayout.trackedColumns
        if cell.record == 0 {
            if isNumber {
                firstRecordCount += 1
                if tracked { firstRecordNumbers.insert(cell.column) }
            } else if tracked {
                firstRecordText.insert(cell.column)
            }
        } else if isNumber {
            numbersInRecord += 1
            laterCount += 1
            if tracked { numbersAfterFirst.insert(cell.column) }
        }
    }

    mutating func longCell(line: Int, record: Int, column: Int) {
        if record == 0 && column < TextLayout.trackedColumns { firstRecordText.insert(column) }
    }

    mutating func endRecord(line: Int, record: Int, cells: Int) {
        guard record > 0 else { return }
        laterRecords += 1
        switch perRecord {
        case .none: perRecord = .some(numbersInRecord)
        case .some(let common?) where common != numbersInRecord: perRecord = .some(nil)
        default: break
        }
        numbersInRecord = 0
    }

    func layout(delimiter: TextDelimiter) -> TextLayout {
        let hasHeader = laterRecords > 0 && firstRecordText.intersects(numbersAfterFirst)
        var numeric = numbersAfterFirst
        if !hasHeader { numeric.formUnion(firstRecordNumbers) }
        let count = laterCount + (hasHeader ? 0 : firstRecordCount)
        // A matrix when every data record has the same number (above one) of elements, as
        // numpy's loadtxt reads it; otherwise (one per record, one record, ragged) a vector.
        var shape = [count]
        if case .some(let common?) = perRecord, common > 1 {
            if hasHeader {
                shape = [laterRecords, common]
            } else if firstRecordCount == common {
                shape = [laterRecords + 1, common]
            }
        }
        return TextLayout(
            delimiter: delimiter, kind: kind, hasHeader: hasHeader, numericColumns: numeric, elementCount: count,
            shape: shape)
    }
}

/// A growable set of small nonnegative integers, one bit each.
struct BitSet: Sendable {
    private var words: [UInt64] = []

    func contains(_ member: Int) -> Bool {
        let word = member >> 6
        return word < words.count && words[word] & (1 << UInt64(member & 63)) != 0
    }

    mutating func insert(_ member: Int) {
        let word = member >> 6
        if word >= words.count { words += [UInt64](repeating: 0, count: word - words.count + 1) }
        words[word] |= 1 << UInt64(member & 63)
    }

    mutating func formUnion(_ other: BitSet) {
        if other.words.count > words.count { words += [UInt64](repeating: 0, count: other.words.count - words.count) }
        for (index, word) in other.words.enumerated() { words[index] |= word }
    }

    func intersects(_ other: BitSet) -> Bool {
        zip(words, other.words).contains { $0 & $1 != 0 }
    }
}
