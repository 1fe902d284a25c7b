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

    /// The delimiter a text file uses: commas for `.csv`, tabs for `.tsv`; otherwise told
    /// by the first line that is neither blank nor a comment: tabs if it has one, else commas
    /// if it has one, else runs of whitespace.
    static func detect(path: String, sample: ArraySlice<UInt8>) -> TextDelimiter {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") { return .comma }
        if lowered.hasSuffix(".tsv") { return .tab }
        for line in sample.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let content = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            if content.isEmpty || content.first == UInt8(ascii: "#") { continue }
            if content.contains(UInt8(ascii: "\t")) { return .tab }
            if content.contains(UInt8(ascii: ",")) { return .comma }
            return .whitespace
        }
        return .comma
    }
}
