#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where output bytes go: a file written atomically, or standard output.
protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(ChopIOError)
    /// Completes the output (renames the file into place, flushes standard output).
    func finish() throws(ChopIOError)
    /// Gives up: a file output leaves the destination untouched.
    func abandon()
}

extension ByteSink {
    func write(_ bytes: [UInt8]) throws(ChopIOError) {
        try bytes.withBytes { buffer throws(ChopIOError) in try write(buffer) }
    }

    func write(_ text: String) throws(ChopIOError) {
        var text = text
        try text.withUTF8 { buffer in
            Result { () throws(ChopIOError) in try write(UnsafeRawBufferPointer(buffer)) }
        }.get()
    }
}

extension AtomicOutput: ByteSink {
    func finish() throws(ChopIOError) { try commit() }
}

/// Standard output (``StandardStreams/current``'s when made), buffered.
final class StandardOutput: ByteSink {
    private var buffer: [UInt8] = []
    private let sink = StandardStreams.current.output

    init() { buffer.reserveCapacity(1 << 16) }

    func write(_ bytes: UnsafeRawBufferPointer) throws(ChopIOError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func finish() throws(ChopIOError) { try flush() }

    func abandon() { buffer.removeAll() }

    private func flush() throws(ChopIOError) {
        try buffer.withBytes { bytes throws(ChopIOError) in try sink.write(bytes, name: "standard output") }
        buffer.removeAll(keepingCapacity: true)
    }
}
