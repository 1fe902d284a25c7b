import ChopFormats

/// How array elements are stored in a file: a binary floating-point type and a byte order.
public struct ElementStorage: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case float16, bfloat16, float32, float64
    }

    public let kind: Kind
    public let isBigEndian: Bool

    public init(_ kind: Kind, bigEndian: Bool = false) {
        self.kind = kind
        self.isBigEndian = bigEndian
    }

    /// Bytes per element.
    public var byteCount: Int {
        switch kind {
        case .float16, .bfloat16: 2
        case .float32: 4
        case .float64: 8
        }
    }

    /// The number format the elements are in.
    public var format: FloatFormat {
        switch kind {
        case .float16: .binary16
        case .bfloat16: .bfloat16
        case .float32: .binary32
        case .float64: .binary64
        }
    }

    public var description: String { kind.rawValue + (isBigEndian ? " (big-endian)" : "") }

    /// Throws unless every result of rounding to `format` can be stored: the format's
    /// precision and emax must not exceed the storage's (smaller subnormals are fine: a
    /// stored input is already a multiple of any finer quantum).
    public func checkHolds(_ format: FloatFormat) throws(ChopIOError) {
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
        case .float16, .bfloat16:
            let format = self.format
            for i in 0..<count {
                let code = UInt16(truncatingIfNeeded: (try? format.encode(values[i])) ?? (try! format.encode(.nan)))
                bytes.storeBytes(of: isBigEndian ? code.byteSwapped : code, toByteOffset: i * 2, as: UInt16.self)
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
