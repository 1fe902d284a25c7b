/// An array file opened for reading element by element, in chunks.
final class ArraySource {
    let file: InputFile
    let kind: ArrayFileKind
    let storage: ElementStorage
    let count: Int
    /// The `.npy` header (shape and order); for raw files a 1-d shape.
    let header: NPYHeader
    private var remaining: Int
    private var bytes: [UInt8] = []

    init(path: String) throws(ChopIOError) {
        let kind = try ArrayFileKind(path: path)
        file = try InputFile(path: path)
        self.kind = kind
        switch kind {
        case .npy:
            let (header, offset) = try NPYHeader.read(from: file)
            let count = header.elementCount!
            let dataBytes = file.size - offset
            let (expected, overflow) = count.multipliedReportingOverflow(by: header.storage.byteCount)
            guard !overflow, dataBytes == expected else {
                throw .badData(
                    path, "the header's shape \(header.shape) needs \(overflow ? "too many" : String(expected)) bytes of "
                        + "\(header.storage.kind.rawValue) data, but the file has \(dataBytes)")
            }
            self.header = header
            storage = header.storage
            self.count = count
        case .raw(let storage):
            guard file.size % storage.byteCount == 0 else {
                throw .badData(path, "\(file.size) bytes is not a whole number of \(storage.byteCount)-byte elements")
            }
            self.storage = storage
            count = file.size / storage.byteCount
            header = NPYHeader(storage: storage, shape: [count])
        }
        remaining = count
    }

    /// Decodes the next elements into `values` (up to its count); returns how many.
    func read(into values: UnsafeMutableBufferPointer<Double>) throws(ChopIOError) -> Int {
        let n = min(values.count, remaining)
        let byteCount = n * storage.byteCount
        if bytes.count < byteCount { bytes = [UInt8](repeating: 0, count: byteCount) }
        let got = try bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(ChopIOError) in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<byteCount]))
            }
        }.get()
        guard got == byteCount else { throw .badData(file.path, "the file ended early (it changed while being read?)") }
        bytes.withUnsafeBytes {
            storage.decode(
                UnsafeRawBufferPointer(rebasing: $0[0..<byteCount]), into: UnsafeMutableBufferPointer(rebasing: values[0..<n]))
        }
        remaining -= n
        return n
    }
}
