extension NPYHeader {
    /// Parses the header at the start of `bytes` (at least the whole header); returns it and
    /// the offset of the data.
    ///
    /// - Throws: a bad-data error naming `path` and what is wrong: not an `.npy` file, an
    ///   unknown version, a truncated or malformed header, an unsupported dtype, a shape
    ///   whose element count overflows.
    public static func parse(
        bytes: [UInt8], path: String = "<memory>"
    ) throws(ChopIOError) -> (header: NPYHeader, dataOffset: Int) {
        try read(from: MemoryFile(bytes: bytes, path: path))
    }

    /// Reads the header at the start of a file; see ``parse(bytes:path:)``.
    static func read(from file: ReadableFile) throws(ChopIOError) -> (header: NPYHeader, dataOffset: Int) {
        let prefix = try file.read(exactly: 8, what: ".npy magic and version")
        guard Array(prefix[0..<6]) == magic else { throw .badData(file.path, "not an .npy file (bad magic)") }
        let major = prefix[6]
        guard (1...3).contains(major) else { throw .badData(file.path, "unsupported .npy version \(major).\(prefix[7])") }
        let lengthBytes = try file.read(exactly: major == 1 ? 2 : 4, what: ".npy header length")
        let length = lengthBytes.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard length <= maximumHeaderLength else {
            throw .badData(file.path, ".npy header claims \(length) bytes; at most \(maximumHeaderLength) are accepted")
        }
        let text = try file.read(exactly: length, what: ".npy header")
        let header = try parse(text, path: file.path)
        return (header, 8 + lengthBytes.count + length)
    }

    /// Parses the header's dict literal.
    static func parse(_ bytes: [UInt8], path: String) throws(ChopIOError) -> NPYHeader {
        var parser = DictParser(ByteCursor(bytes: bytes, path: path))
        let entries = try parser.parseDict()
        guard case .string(let descr)? = entries["descr"] else { throw .badData(path, ".npy header has no 'descr'") }
        guard case .bool(let fortran)? = entries["fortran_order"] else {
            throw .badData(path, ".npy header has no 'fortran_order'")
        }
        guard case .tuple(let shape)? = entries["shape"] else { throw .badData(path, ".npy header has no 'shape'") }
        let header = NPYHeader(storage: try storage(descr: descr, path: path), isFortranOrder: fortran, shape: shape)
        guard header.elementCount != nil else { throw .badData(path, ".npy shape \(shape) has too many elements") }
        return header
    }

    /// The storage of a numpy dtype string: `<f2`, `<f4`, `<f8` (any byte order) for values,
    /// `|u1`, `<u2`, `<u4`, `<u8` for codes.
    static func storage(descr: String, path: String) throws(ChopIOError) -> ElementStorage {
        let characters = Array(descr)
        let kinds: [String: ElementStorage.Kind] = [
            "f2": .float16, "f4": .float32, "f8": .float64, "u1": .uint8, "u2": .uint16, "u4": .uint32, "u8": .uint64,
        ]
        guard characters.count == 3, "<>=|".contains(characters[0]), let kind = kinds[String(characters[1...])] else {
            throw .badData(
                path, "dtype '\(descr)' is not supported; chop reads float16, float32 and float64 (<f2, <f4, <f8) "
                    + "and, for codes, unsigned integers (|u1, <u2, <u4, <u8)")
        }
        return ElementStorage(kind, bigEndian: characters[0] == ">")
    }
}

/// Bytes in memory with a read position, for the dict parser.
struct ByteCursor {
    let bytes: [UInt8]
    let path: String
    var position = 0

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// The next byte, if any.
    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }
}

/// A parser for the small subset of Python literals `.npy` headers use: a dict of string
/// keys to strings, booleans and tuples of integers.
private struct DictParser {
    enum Value { case string(String), bool(Bool), tuple([Int]) }

    private var cursor: ByteCursor
    private var bytes: [UInt8] { cursor.bytes }
    private var position: Int {
        get { cursor.position }
        set { cursor.position = newValue }
    }

    init(_ cursor: ByteCursor) { self.cursor = cursor }

    mutating func parseDict() throws(ChopIOError) -> [String: Value] {
        try expect(UInt8(ascii: "{"))
        var entries: [String: Value] = [:]
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: "}") { position += 1; break }
            let key = try parseString()
            try expect(UInt8(ascii: ":"))
            entries[key] = try parseValue()
            skipSpaces()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            break
        }
        skipSpaces()
        guard position == bytes.count else { throw malformed("unexpected text after the dict") }
        return entries
    }

    mutating func parseValue() throws(ChopIOError) -> Value {
        skipSpaces()
        switch peek() {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "("): return .tuple(try parseTuple())
        case UInt8(ascii: "T"): try expectWord("True"); return .bool(true)
        case UInt8(ascii: "F"): try expectWord("False"); return .bool(false)
        default: throw malformed("unexpected value")
        }
    }

    mutating func parseString() throws(ChopIOError) -> String {
        skipSpaces()
        guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw malformed("expected a quoted string")
        }
        position += 1
        let start = position
        while position < bytes.count && bytes[position] != quote { position += 1 }
        guard position < bytes.count else { throw malformed("unterminated string") }
        defer { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func parseTuple() throws(ChopIOError) -> [Int] {
        try expect(UInt8(ascii: "("))
        var values: [Int] = []
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: ")") { position += 1; return values }
            var value = 0
            var digits = 0
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { throw malformed("shape extent too large") }
                value = sum
                digits += 1
                position += 1
            }
            // numpy writes Python ints; a trailing L (Python 2) is tolerated.
            if peek() == UInt8(ascii: "L") { position += 1 }
            guard digits > 0 else { throw malformed("expected a nonnegative integer in the shape") }
            values.append(value)
            skipSpaces()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: ")"))
            return values
        }
    }

    mutating func expect(_ byte: UInt8) throws(ChopIOError) {
        skipSpaces()
        guard peek() == byte else { throw malformed("expected '\(Character(UnicodeScalar(byte)))'") }
        position += 1
    }

    mutating func expectWord(_ word: String) throws(ChopIOError) {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected
        else { throw malformed("expected \(word)") }
        position += expected.count
    }

    mutating func skipSpaces() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") {
            position += 1
        }
    }

    func peek() -> UInt8? { cursor.peek() }

    func malformed(_ problem: String) -> ChopIOError {
        .badData(cursor.path, "malformed .npy header at byte \(position): \(problem)")
    }
}
