/// Bytes read in order, from the start again when asked: a file, or bytes in memory.
protocol ReadableFile: AnyObject {
    /// The name used in messages.
    var path: String { get }
    /// The size in bytes.
    var size: Int { get }
    /// Fills `buffer` unless the bytes end first; returns the number of bytes read.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ChopIOError) -> Int
    /// Goes back to the start, for a second pass.
    func rewind() throws(ChopIOError)
}

extension ReadableFile {
    /// Exactly `count` bytes, or a bad-data error naming what was expected.
    func read(exactly count: Int, what: String) throws(ChopIOError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try bytes.withMutableBytes { buffer throws(ChopIOError) in try read(into: buffer) }
        guard got == count else { throw .badData(path, "the file ends inside the \(what)") }
        return bytes
    }
}

/// Bytes in memory, read like a file.
final class MemoryFile: ReadableFile {
    let path: String
    private let bytes: [UInt8]
    private var position = 0

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    var size: Int { bytes.count }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - position)
        if count > 0 {
            bytes.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + position, byteCount: count)
            }
        }
        position += count
        return count
    }

    func rewind() { position = 0 }
}

/// Bytes gathered in memory.
final class MemorySink: ByteSink {
    private(set) var bytes: [UInt8] = []
    func write(_ buffer: UnsafeRawBufferPointer) { bytes.append(contentsOf: buffer) }
    func finish() {}
    func abandon() { bytes.removeAll() }
}
