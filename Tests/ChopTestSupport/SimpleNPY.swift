import Foundation

/// A deliberately small `.npy` writer and reader for tests, independent of ChopIO: version
/// 1.0, little-endian float64/float32 (and unsigned integers read as doubles), C or Fortran
/// order (values given and returned in file order).
public enum SimpleNPY {
    public static func write(_ values: [Double], shape: [Int], fortranOrder: Bool = false, to url: URL) throws {
        var data = header(descr: "<f8", shape: shape, fortranOrder: fortranOrder)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        try data.write(to: url)
    }

    public static func write(_ values: [Float], shape: [Int], to url: URL) throws {
        var data = header(descr: "<f4", shape: shape)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        try data.write(to: url)
    }

    /// The dtype string, shape and values in file order (float32 and unsigned integers widened).
    public static func read(_ url: URL) throws -> (descr: String, shape: [Int], values: [Double]) {
        let (descr, shape, _, values) = try readWithOrder(url)
        return (descr, shape, values)
    }

    /// ``read(_:)`` and whether the file is in Fortran order.
    public static func readWithOrder(_ url: URL) throws -> (descr: String, shape: [Int], fortranOrder: Bool, values: [Double]) {
        let data = try Data(contentsOf: url)
        let length = Int(data[8]) | Int(data[9]) << 8
        let text = String(decoding: data[10..<(10 + length)], as: UTF8.self)
        let descr = text.components(separatedBy: "'descr': '")[1].prefix(3)
        let shapeText = text.components(separatedBy: "'shape': (")[1].components(separatedBy: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let payload = data[(10 + length)...]
        var values: [Double] = []
        if descr == "<f8" {
            values = stride(from: payload.startIndex, to: payload.endIndex, by: 8).map { index in
                Double(bitPattern: payload[index..<index + 8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
            }
        } else if descr == "<f4" {
            values = stride(from: payload.startIndex, to: payload.endIndex, by: 4).map { index in
                Double(Float(bitPattern: payload[index..<index + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }))
            }
        } else if let width = ["|u1": 1, "<u2": 2, "<u4": 4, "<u8": 8][String(descr)] {
            values = stride(from: payload.startIndex, to: payload.endIndex, by: width).map { index in
                Double(payload[index..<index + width].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
            }
        }
        return (String(descr), shape, text.contains("'fortran_order': True"), values)
    }

    private static func header(descr: String, shape: [Int], fortranOrder: Bool = false) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        while (10 + dict.utf8.count + 1) % 64 != 0 { dict += " " }
        dict += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data.append(UInt8(dict.utf8.count & 0xFF))
        data.append(UInt8(dict.utf8.count >> 8))
        data.append(contentsOf: Array(dict.utf8))
        return data
    }
}
