import ChopFormats

/// How array elements are stored in a file: a binary floating-point type (for values) or
/// an unsigned integer type (for codes written and read back), and a byte order.
public struct ElementStorage: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case float16, bfloat16, float32, float64
        case uint8, uint16, uint32, uint64
    }

    public let kind: Kind
    public let isBigEndian: Bool

    public init(_ kind: Kind, bigEndian: Bool = false) {
        self.kind = kind
        self.isBigEndian = bigEndian && kind != .uint8
    }

    /// Bytes per element.
    public var byteCount: Int {
        switch kind {
        case .uint8: 1
        case .float16, .bfloat16, .uint16: 2
        case .float32, .uint32: 4
        case .float64, .uint64: 8
        }
    }

    /// Whether elements are unsigned integers (codes) rather than floating-point values.
    public var holdsCodes: Bool {
        switch kind {
        case .uint8, .uint16, .uint32, .uint64: true
        case .float16, .bfloat16, .float32, .float64: false
        }
    }

    /// The smallest unsigned integer storage that holds codes of `bitWidth` bits.
    public static func codes(bitWidth: Int) -> ElementStorage {
        switch bitWidth {
        case ...8: ElementStorage(.uint8)
        case ...16: ElementStorage(.uint16)
        case ...32: ElementStorage(.uint32)
        default: ElementStorage(.uint64)
        }
    }

    /// The number format of floating-point storage.
    public var format: FloatFormat {
        switch kind {
        case .float16: .binary16
        case .bfloat16: .bfloat16
        case .float32: .binary32
        case .float64, .uint8, .uint16, .uint32, .uint64: .binary64
        }
    }

    public var description: String { kind.rawValue + (isBigEndian ? " (big-endian)" : "") }

    /// Throws unless every result of rounding to `format` can be stored: the format's
    /// precision and emax must not exceed the storage's (smaller subnormals are fine: a
    /// stored input is already a multiple of any finer quantum).
    public func checkHolds(_ format: FloatFormat) throws(ChopIOError) {
        guard !holdsCodes else {
            throw .usage(.valuesInCodeStorage(storage: kind.rawValue))
        }
        let storage = self.format
        guard format.precision <= storage.precision, format.maxExponent <= storage.maxExponent else {
            throw .usage(
                "\(format.name) (p = \(format.precision), emax = \(format.maxExponent)) does not fit \(kind.rawValue) data "
                    + "(p = \(storage.precision), emax = \(storage.maxExponent)); write the output as a wider type")
        }
    }

    /// Decodes `count` stored elements into doubles, exactly.
    public func decode(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Double>) {
        let count = values.count
        precondition(bytes.count >= count * byteCount)
        switch kind {
        case .float64:
            for i in 0..<count {
                let bits = bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                values[i] = Double(bitPattern: isBigEndian ? bits.byteSwapped : bits)
            }
        case .float32:
            for i in 0..<count {
                let bits = bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                values[i] = Double(Float(bitPattern: isBigEndian ? bits.byteSwapped : bits))
            }
        case .uint8, .uint16, .uint32, .uint64:
            preconditionFailure("\(kind) holds codes; use decodeCodes")
        case .float16, .bfloat16:
            let table = kind == .float16 ? HalfTables.binary16 : HalfTables.bfloat16
            for i in 0..<count {
                let bits = bytes.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                values[i] = table[Int(isBigEndian ? bits.byteSwapped : bits)]
            }
        }
    }

    /// Encodes doubles that are values of the storage format (as rounding guarantees, see
    /// ``checkHolds(_:)``); NaNs become the canonical quiet NaN.
    public func encode(_ values: UnsafeBufferPointer<Double>, into bytes: UnsafeMutableRawBufferPointer) {
        let count = values.count
        precondition(bytes.count >= count * byteCount)
        switch kind {
        case .float64:
            for i in 0..<count {
                let bits = values[i].bitPattern
                bytes.storeBytes(of: isBigEndian ? bits.byteSwapped : bits, toByteOffset: i * 8, as: UInt64.self)
            }
        case .float32:
            for i in 0..<count {
                let bits = Float(values[i]).bitPattern
                bytes.storeBytes(of: isBigEndian ? bits.byteSwapped : bits, toByteOffset: i * 4, as: UInt32.self)
            }
        case .uint8, .uint16, .uint32, .uint64:
            preconditionFailure("\(kind) holds codes; use encodeCodes")
        case .float16, .bfloat16:
            let format = self.format
            for i in 0..<count {
                let code = UInt16(truncatingIfNeeded: (try? format.encode(values[i])) ?? (try! format.encode(.nan)))
                bytes.storeBytes(of: isBigEndian ? code.byteSwapped : code, toByteOffset: i * 2, as: UInt16.self)
            }
        }
    }
}

extension ElementStorage {
    /// Reads `codes.count` stored unsigned integers (of any width, either byte order).
    public func decodeCodes(_ bytes: UnsafeRawBufferPointer, into codes: UnsafeMutableBufferPointer<UInt64>) {
        precondition(holdsCodes && bytes.count >= codes.count * byteCount)
        for i in 0..<codes.count {
            var value: UInt64 = 0
            for b in 0..<byteCount {
                let byte = UInt64(bytes[i * byteCount + (isBigEndian ? byteCount - 1 - b : b)])
                value |= byte << UInt64(8 * b)
            }
            codes[i] = value
        }
    }

    /// Stores codes that fit this width.
    public func encodeCodes(_ codes: UnsafeBufferPointer<UInt64>, into bytes: UnsafeMutableRawBufferPointer) {
        precondition(holdsCodes && bytes.count >= codes.count * byteCount)
        for i in 0..<codes.count {
            for b in 0..<byteCount {
                let byte = UInt8(truncatingIfNeeded: codes[i] >> UInt64(8 * b))
                bytes[i * byteCount + (isBigEndian ? byteCount - 1 - b : b)] = byte
            }
        }
    }
}

/// Every binary16 and bfloat16 value, by code: decoding is a table look-up, never a
/// `Float16` conversion (a library call on x86-64 Linux).
enum HalfTables {
    static let binary16: [Double] = (0...0xFFFF).map { try! FloatFormat.binary16.decode(UInt64($0)) }
    static let bfloat16: [Double] = (0...0xFFFF).map { try! FloatFormat.bfloat16.decode(UInt64($0)) }
}
