import ChopIO

/// What a command writes to standard output, and the directory relative paths are read
/// from: the process's by default; a buffer and a directory of their own for a command run
/// in-process (the package's tests run most commands so, side by side).
enum Console {
    /// The directory relative file arguments are resolved against (nil: the working directory).
    @TaskLocal static var directory: String?

    /// `path` resolved against ``directory`` (absolute paths and `-` are kept).
    static func resolve(_ path: String) -> String {
        guard let directory, !path.hasPrefix("/"), path != "-" else { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// Writes `text` and `terminator` to standard output.
    static func print(_ text: String, terminator: String = "\n") {
        var text = text + terminator
        text.withUTF8 { buffer in try? StandardStreams.current.output.write(UnsafeRawBufferPointer(buffer), name: "standard output") }
    }
}
