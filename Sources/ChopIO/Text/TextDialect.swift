/// How cells are separated in a text file.
public enum TextDelimiter: Sendable, Equatable {
    case comma
    case tab
    /// Runs of spaces and tabs.
    case whitespace

    /// The byte between cells, written when `chop` creates text (a space for whitespace).
    var byte: UInt8 {
        switch self {
        case .comma: UInt8(ascii: ",")
        case .tab: UInt8(ascii: "\t")
        case .whitespace: UInt8(ascii: " ")
        }
    }

    /// The delimiter a text file uses: commas for `.csv`, tabs for `.tsv`; otherwise the first
    /// line (of the first hundred that are neither blank nor comments) with a tab or a comma
    /// outside quotes tells: tabs if it has one, else commas; with none, runs of whitespace.
    /// Reads as far as it needs, in constant memory, and leaves the file at its start.
    static func detect(path: String, file: ReadableFile) throws(ChopIOError) -> TextDelimiter {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") { return .comma }
        if lowered.hasSuffix(".tsv") { return .tab }
        defer { try? file.rewind() }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var lines = 0
        var atLineStart = true
        var inComment = false
        var inQuotes = false
        var sawComma = false
        var sawContent = false
        while lines < 100 {
            let count = try buffer.withMutableBytes { bytes throws(ChopIOError) in try file.read(into: bytes) }
            if count == 0 { break }
            for byte in buffer[0..<count] {
                if byte == UInt8(ascii: "\n") {
                    if sawComma { return .comma }
                    if sawContent { lines += 1 }
                    (atLineStart, inComment, inQuotes, sawContent) = (true, false, false, false)
                    continue
                }
                if inComment { continue }
                let isSpace = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\r")
                if atLineStart && (isSpace || byte == UInt8(ascii: "\t")) { continue }
                if atLineStart && byte == UInt8(ascii: "#") {
                    inComment = true
                    continue
                }
                atLineStart = false
                sawContent = true
                if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
                if inQuotes { continue }
                if byte == UInt8(ascii: "\t") { return .tab }
                if byte == UInt8(ascii: ",") { sawComma = true }
            }
        }
        return sawComma ? .comma : .whitespace
    }
}
