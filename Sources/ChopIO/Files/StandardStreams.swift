#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard streams as the jobs and the `chop` commands see them: the process's
/// descriptors 0, 1 and 2, or, for a command run in-process (the package's tests), bytes
/// given and captured for the current task.
package struct StandardStreams: Sendable {
    /// Where one stream's bytes go.
    package enum Sink: Sendable {
        /// A file descriptor.
        case descriptor(Int32)
        /// A function that keeps them.
        case capture(@Sendable (UnsafeRawBufferPointer) -> Void)

        /// Writes all of `bytes`.
        ///
        /// - Throws: an I/O error naming `name` when the descriptor refuses them.
        package func write(_ bytes: UnsafeRawBufferPointer, name: String) throws(ChopIOError) {
            switch self {
            case .descriptor(let descriptor): try writeAll(descriptor, bytes, path: name)
            case .capture(let keep): keep(bytes)
            }
        }
    }

    package var output: Sink
    package var error: Sink
    /// What standard input holds (nil: read descriptor 0).
    package var input: [UInt8]?

    package init(output: Sink, error: Sink, input: [UInt8]?) {
        self.output = output
        self.error = error
        self.input = input
    }

    /// Descriptors 0, 1 and 2.
    package static let process = StandardStreams(output: .descriptor(STDOUT_FILENO), error: .descriptor(STDERR_FILENO), input: nil)

    /// The streams of the current task.
    @TaskLocal package static var current = StandardStreams.process
}
