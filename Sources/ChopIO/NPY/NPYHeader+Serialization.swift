extension NPYHeader {
    /// The header as numpy writes it: version 1.0 (2.0 if longer than 65,535 bytes), the
    /// dict padded with spaces and ended by a newline so the data starts at a multiple of 64.
    public func serialized() -> [UInt8] {
        let endian = storage.byteCount == 1 ? "|" : storage.isBigEndian ? ">" : "<"
        let descr = "\(endian)\(storage.holdsCodes ? "u" : "f")\(storage.byteCount)"
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let dict = "{'descr': '\(descr)', 'fortran_order': \(isFortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        var body = Array(dict.utf8)
        let version: UInt8 = body.count + 11 <= 65_535 ? 1 : 2
        let prefixLength = 6 + 2 + (version == 1 ? 2 : 4)
        let padding = (64 - (prefixLength + body.count + 1) % 64) % 64
        body += [UInt8](repeating: UInt8(ascii: " "), count: padding) + [UInt8(ascii: "\n")]
        var bytes = Self.magic + [version, 0]
        let length = body.count
        bytes += (0..<(version == 1 ? 2 : 4)).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        return bytes + body
    }
}
