#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file written to a temporary file in the destination's directory and renamed
/// over the destination only by ``commit()``, so a failure never leaves a partial or
/// clobbered output. Abandoned (or never committed) outputs remove their temporary file.
///
/// The destination may be the input being read: the reader keeps its open descriptor after
/// the rename.
public final class AtomicOutput {
    public let destination: String
    /// Where the output is written until ``commit()`` (for libraries that open files by path).
    let temporaryPath: String
    private var descriptor: Int32
    private var finished = false

    public init(destination: String) throws(ChopIOError) {
        self.destination = destination
        let slash = destination.lastIndex(of: "/")
        let directory = slash.map { String(destination[...$0]) } ?? ""
        let name = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
        var template = Array("\(directory).\(name).chop-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw .io(destination, "cannot create a temporary file beside it: \(systemError())")
        }
        self.descriptor = descriptor
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The permissions a plain create would give: the existing file's, or 0666 less umask.
        var status = stat()
        let mode: mode_t
        if stat(destination, &status) == 0 {
            mode = status.st_mode & 0o7777
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        fchmod(descriptor, mode)
    }

    deinit { if !finished { abandon() } }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(ChopIOError) {
        try writeAll(descriptor, bytes, path: destination)
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(ChopIOError) {
        try bytes.withBytes { buffer throws(ChopIOError) in try write(buffer) }
    }

    /// Flushes the temporary file and renames it over the destination.
    public func commit() throws(ChopIOError) {
        precondition(!finished, "output already finished")
        finished = true
        if fsync(descriptor) != 0 || close(descriptor) != 0 {
            let problem = systemError()
            unlink(temporaryPath)
            throw .io(destination, "cannot finish writing: \(problem)")
        }
        if rename(temporaryPath, destination) != 0 {
            let problem = systemError()
            unlink(temporaryPath)
            throw .io(destination, "cannot replace it: \(problem)")
        }
    }

    /// The bytes written so far, opened for reading (for outputs assembled in two steps).
    func readBack() throws(ChopIOError) -> InputFile { try InputFile(path: temporaryPath) }

    /// Discards the temporary file; the destination is untouched.
    public func abandon() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        unlink(temporaryPath)
    }
}
