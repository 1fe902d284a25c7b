#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages for the user, on standard error.
enum StandardError {
    static func print(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { buffer in _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count) }
    }
}
