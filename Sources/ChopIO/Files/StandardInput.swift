#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard input (``StandardStreams/current``'s) copied to a temporary file, so that text can be read in two passes with
/// constant memory. The file is removed when this is released.
final class SpooledStandardInput {
    let path: String

    init() throws(ChopIOError) {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/chop-stdin-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .io("standard input", "cannot create a temporary file: \(systemError())") }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { close(descriptor) }
        if let given = StandardStreams.current.input {
            do {
                try given.withBytes { bytes throws(ChopIOError) in try writeAll(descriptor, bytes, path: path) }
            } catch {
                unlink(path)
                throw error
            }
            return
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                unlink(path)
                throw .io("standard input", "read failed: \(systemError())")
            }
            if count == 0 { break }
            do {
                try buffer.withBytes { bytes throws(ChopIOError) in
                    try writeAll(descriptor, UnsafeRawBufferPointer(rebasing: bytes[0..<count]), path: path)
                }
            } catch {
                unlink(path)
                throw error
            }
        }
    }

    deinit { unlink(path) }
}
