#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages for the user, on standard error.
enum StandardError {
    static func print(_ message: String) { write(message + "\n") }

    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in writeToStandardError(buffer) }
    }
}

/// `write(2)` to standard error, named apart from ``StandardError/write(_:)``.
private func writeToStandardError(_ buffer: UnsafeBufferPointer<UInt8>) {
    _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count)
}
