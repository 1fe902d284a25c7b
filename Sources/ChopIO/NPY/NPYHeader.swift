/// The header of a NumPy `.npy` file: element storage, memory order and shape.
///
/// Format: the magic `\x93NUMPY`, a major and minor version (1.0, 2.0 or 3.0), the
/// header length (2 bytes little-endian in 1.0, 4 bytes after), then a Python dict literal
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and a
/// newline so that the data starts at a multiple of 64 bytes.
public struct NPYHeader: Equatable, Sendable {
    public var storage: ElementStorage
    public var isFortranOrder: Bool
    public var shape: [Int]

    public init(storage: ElementStorage, isFortranOrder: Bool = false, shape: [Int]) {
        self.storage = storage
        self.isFortranOrder = isFortranOrder
        self.shape = shape
    }

    /// The number of elements (1 for a 0-d array), or nil if the product overflows.
    public var elementCount: Int? {
        var count = 1
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            count = product
        }
        return count
    }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// The longest header accepted (numpy itself refuses more than 10,000 bytes by default).
    static let maximumHeaderLength = 1 << 20
}
