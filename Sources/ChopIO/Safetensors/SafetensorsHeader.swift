/// The header of a safetensors file: an 8-byte little-endian length `N`, then `N` bytes of
/// JSON mapping each tensor's name to its `dtype`, `shape` and `data_offsets` (`[begin,
/// end)` in the data that follows the header), and an optional `__metadata__` object of
/// strings.
///
/// Parsing checks what a reader relies on: the JSON is one object; each tensor has a known
/// dtype, a shape of non-negative integers and offsets whose length is the shape's element
/// count times the dtype's size; the tensors' bytes, in order of their offsets, cover the
/// data exactly, with no overlap and no gap.
public struct SafetensorsHeader: Sendable, Equatable {
    /// One tensor's entry.
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var dtype: SafetensorsDType
        public var shape: [Int]
        /// The first byte and the byte after the last, in the data section.
        public var begin: Int
        public var end: Int

        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// The tensors in the order of their bytes.
    public var tensors: [Tensor]
    /// `__metadata__`, in the file's order.
    public var metadata: [(key: String, value: String)]

    public init(tensors: [Tensor], metadata: [(key: String, value: String)]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.tensors == b.tensors && a.metadata.map(\.key) == b.metadata.map(\.key) && a.metadata.map(\.value) == b.metadata.map(\.value)
    }

    /// The largest header this reader accepts (the reference implementation's limit).
    static let maximumLength = 100_000_000

    /// The header in `json`, for a data section of `dataSize` bytes.
    ///
    /// - Throws: bad data naming `path` and the problem: malformed JSON, a missing or
    ///   mistyped field, an unknown dtype, a negative dimension, offsets that do not match the
    ///   shape and dtype, that overlap, leave a gap or run past the data.
    public static func parse(json: [UInt8], dataSize: Int, path: String) throws(ChopIOError) -> SafetensorsHeader {
        let root: JSONValue
        do {
            root = try JSONValue.parse(json)
        } catch {
            throw .badData(path, "the safetensors header is not JSON: \(error)")
        }
        guard let fields = root.objectFields else { throw .badData(path, "the safetensors header is not a JSON object") }
        var tensors: [Tensor] = []
        var metadata: [(key: String, value: String)] = []
        for (name, value) in fields {
            if name == "__metadata__" {
                guard let entries = value.objectFields else { throw .badData(path, "__metadata__ is not an object") }
                for (key, entry) in entries {
                    guard case .string(let text) = entry else {
                        throw .badData(path, "__metadata__ \(JSONValue.quoted(key)) is not a string")
                    }
                    metadata.append((key, text))
                }
                continue
            }
            tensors.append(try tensor(name, value, path: path))
        }
        tensors.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        for tensor in tensors {
            guard tensor.begin == expected else {
                throw .badData(
                    path,
                    tensor.begin < expected
                        ? "tensor \(JSONValue.quoted(tensor.name)) overlaps the one before it (offset \(tensor.begin) < \(expected))"
                        : "a gap in the data before tensor \(JSONValue.quoted(tensor.name)) (offset \(tensor.begin), expected \(expected))")
            }
            expected = tensor.end
        }
        guard expected == dataSize else {
            throw .badData(path, "the tensors hold \(expected) bytes of data, but the file has \(dataSize)")
        }
        return SafetensorsHeader(tensors: tensors, metadata: metadata)
    }

    /// One tensor's entry, checked.
    private static func tensor(_ name: String, _ value: JSONValue, path: String) throws(ChopIOError) -> Tensor {
        let label = "tensor \(JSONValue.quoted(name))"
        guard let fields = value.objectFields else { throw .badData(path, "\(label) is not an object") }
        func field(_ key: String) throws(ChopIOError) -> JSONValue {
            guard let value = fields.first(where: { $0.key == key })?.value else { throw .badData(path, "\(label) has no \(key)") }
            return value
        }
        func integers(_ key: String) throws(ChopIOError) -> [Int] {
            guard case .array(let elements) = try field(key) else { throw .badData(path, "\(label): \(key) is not an array") }
            var result: [Int] = []
            for element in elements {
                guard case .int(let n) = element, n >= 0 else {
                    throw .badData(path, "\(label): \(key) holds \(element.text), not a non-negative integer")
                }
                result.append(n)
            }
            return result
        }
        guard case .string(let dtypeName) = try field("dtype") else { throw .badData(path, "\(label): dtype is not a string") }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw .badData(path, "\(label): unknown dtype \(JSONValue.quoted(dtypeName))")
        }
        let shape = try integers("shape")
        let offsets = try integers("data_offsets")
        guard offsets.count == 2, offsets[0] <= offsets[1] else {
            throw .badData(path, "\(label): data_offsets must be [begin, end] with begin ≤ end")
        }
        var bytes = dtype.byteCount
        for dimension in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw .badData(path, "\(label): shape \(shape) is too large") }
            bytes = product
        }
        guard offsets[1] - offsets[0] == bytes else {
            throw .badData(
                path, "\(label): shape \(shape) of \(dtype.rawValue) needs \(bytes) bytes, but data_offsets span \(offsets[1] - offsets[0])")
        }
        return Tensor(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    /// The header as it is stored: the 8-byte length, then the JSON (`__metadata__` first,
    /// then the tensors in order), padded with spaces to a multiple of 8 bytes so the data
    /// stays aligned.
    public func serialized() -> [UInt8] {
        var fields: [(key: String, value: JSONValue)] = []
        if !metadata.isEmpty {
            fields.append(("__metadata__", .object(metadata.map { ($0.key, JSONValue.string($0.value)) })))
        }
        for tensor in tensors {
            fields.append((tensor.name, .object([
                ("dtype", .string(tensor.dtype.rawValue)), ("shape", .array(tensor.shape.map(JSONValue.int))),
                ("data_offsets", .array([.int(tensor.begin), .int(tensor.end)])),
            ])))
        }
        var json = Array(JSONValue.object(fields).text.utf8)
        while (8 + json.count) % 8 != 0 { json.append(UInt8(ascii: " ")) }
        let length = UInt64(json.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + json
    }
}
