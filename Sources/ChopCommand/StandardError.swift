import Chop
import ChopIO

/// Messages for the user, on standard error (``StandardStreams/current``'s).
enum StandardError {
    static func print(_ message: String) { write(message + "\n") }

    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in try? StandardStreams.current.error.write(UnsafeRawBufferPointer(buffer), name: "standard error") }
    }
}
