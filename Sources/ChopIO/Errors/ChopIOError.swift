/// A file problem: what kind it is, a one-line message that names the file (and line or
/// element where there is one) and the problem, and for the problems a caller may want to
/// act on or word its own way, the problem as a value (``reason``).
///
/// The messages speak of files, formats and values, never of a program's options: a
/// command line renders ``reason`` in its own terms (the `chop` tool names its flags) and
/// chooses its own exit status from ``kind``.
public struct ChopIOError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The request cannot be carried out as asked.
        case usage
        /// The input's contents are malformed.
        case badData
        /// Reading or writing failed.
        case io
    }

    /// A problem of the request, with the values that make it one.
    public enum Reason: Sendable, Equatable {
        /// A group axis outside the array (`axis` as given; `shape` the array's logical shape).
        case axisOutside(axis: Int, shape: [Int])
        /// Two-dimensional tiles asked of an array of fewer than two dimensions.
        case tilesNeedTwoDimensions(shape: [Int])
        /// Tiles on a Fortran-ordered array of more than two dimensions.
        case tilesOnFortranOrder(dimensions: Int)
        /// Codes of a scaled format (its scales go beside the output) without an output file.
        case scalesNeedOutputFile(format: String)
        /// A result the output's floating-point type cannot hold exactly (`results` names
        /// what made it: a format or a quantization).
        case notStorable(element: Int, value: Double, storage: String, results: String)
        /// Values asked of an output type that holds codes.
        case valuesInCodeStorage(storage: String)
        /// Values asked of a raw output file whose extension holds codes.
        case valuesInCodeFile(path: String)
        /// A value with no representation in the output's type: only its code can be written.
        case valueNeedsCodes(element: Int, problem: String)
        /// A netCDF variable's `_FillValue` beyond the greatest finite magnitude of the
        /// format it is rounded to, with a rounder that does not saturate.
        case fillValueOutsideFormat(variable: String, fill: Double, format: String, greatest: Double)
    }

    public let kind: Kind
    public let message: String
    /// The problem as a value, when it is one of the ``Reason`` cases.
    public let reason: Reason?
    /// Where the problem is, when it lies inside a larger input ("tensor \"a.weight\""):
    /// ``message`` begins with it, and a caller that words ``reason`` its own way puts it
    /// first too.
    public let place: String?

    public init(_ kind: Kind, _ message: String, reason: Reason? = nil, place: String? = nil) {
        self.kind = kind
        self.message = message
        self.reason = reason
        self.place = place
    }

    /// The same problem located inside `place` (outermost first when nested).
    public func within(_ place: String) -> ChopIOError {
        ChopIOError(kind, "\(place): \(message)", reason: reason, place: self.place.map { "\(place): \($0)" } ?? place)
    }

    public var description: String { message }

    static func badData(_ path: String, _ problem: String) -> ChopIOError { ChopIOError(.badData, "\(path): \(problem)") }
    static func io(_ path: String, _ problem: String) -> ChopIOError { ChopIOError(.io, "\(path): \(problem)") }
    static func usage(_ problem: String) -> ChopIOError { ChopIOError(.usage, problem) }

    /// A usage error with its reason and the library's wording of it.
    static func usage(_ reason: Reason) -> ChopIOError { ChopIOError(.usage, reason.message, reason: reason) }
}

extension ChopIOError.Reason {
    /// The problem in the library's words.
    public var message: String {
        switch self {
        case .axisOutside(let axis, let shape):
            "axis \(axis) is outside the \(shape.count)-dimensional array of shape \(shape)"
        case .tilesNeedTwoDimensions(let shape):
            "tiles need an array of two or more dimensions; this one has shape \(shape)"
        case .tilesOnFortranOrder(let dimensions):
            "tiles on a Fortran-ordered array of \(dimensions) dimensions: make it C-ordered (numpy.ascontiguousarray)"
        case .scalesNeedOutputFile(let format):
            "codes of \(format) come with their scales, written beside the output: name an output file"
        case .notStorable(let element, let value, let storage, let results):
            "element \(element) becomes \(value), which \(storage) cannot hold exactly; write the \(results) values as float64"
        case .valuesInCodeStorage(let storage):
            "\(storage) holds codes, not values: write codes, or values to a floating-point type"
        case .valuesInCodeFile(let path):
            "\(path) would hold codes; write values to .f64, .f32, .f16, .bf16, .npy or text, or write codes"
        case .valueNeedsCodes(let element, let problem):
            "element \(element): \(problem); write codes instead"
        case .fillValueOutsideFormat(let variable, let fill, let format, let greatest):
            "variable \(variable): its _FillValue \(fill) is beyond \(format)'s largest finite value \(greatest); "
                + "round with saturating overflow to keep it as the fill value"
        }
    }
}
