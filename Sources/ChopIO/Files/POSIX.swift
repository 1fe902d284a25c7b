#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The text of the last system error.
func systemError() -> String { String(cString: strerror(errno)) }

/// `read(2)`, named apart from the methods called `read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// A file opened for reading.
final class InputFile {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(ChopIOError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .io(path, "cannot open: \(systemError())") }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw .io(path, "cannot read its status: \(systemError())")
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw .io(path, "is a directory")
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// The file's size in bytes when it was opened.
    let size: Int

    /// Fills `buffer` unless the file ends first; returns the number of bytes read.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ChopIOError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path, "read failed: \(systemError())")
            }
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    /// Goes back to the start of the file, for a second pass.
    func rewind() throws(ChopIOError) {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw .io(path, "cannot read it twice: \(systemError())") }
    }

}

extension InputFile: ReadableFile {}

/// Writes all of `bytes` to a descriptor.
func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(ChopIOError) {
    var written = 0
    while written < bytes.count {
        let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
        if count < 0 {
            if errno == EINTR { continue }
            throw .io(path, "write failed: \(systemError())")
        }
        written += count
    }
}
