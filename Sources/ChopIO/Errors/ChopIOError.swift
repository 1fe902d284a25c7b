/// A file problem, with the exit status the command line reports for it.
///
/// The message is one line that names the file (and line or element where there is one)
/// and the problem.
public struct ChopIOError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The request cannot be carried out as asked (exit 64, `EX_USAGE`).
        case usage
        /// The input's contents are malformed (exit 65, `EX_DATAERR`).
        case badData
        /// Reading or writing failed (exit 74, `EX_IOERR`).
        case io
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The sysexits.h status for this kind: 64, 65 or 74.
    public var exitCode: Int32 {
        switch kind {
        case .usage: 64
        case .badData: 65
        case .io: 74
        }
    }

    public var description: String { message }

    static func badData(_ path: String, _ problem: String) -> ChopIOError { ChopIOError(.badData, "\(path): \(problem)") }
    static func io(_ path: String, _ problem: String) -> ChopIOError { ChopIOError(.io, "\(path): \(problem)") }
    static func usage(_ problem: String) -> ChopIOError { ChopIOError(.usage, problem) }
}
