import Chop

/// How `chop` reports a library error: the library's problem in the command line's terms
/// (the option that asked for it) and the sysexits status of its kind.
extension ChopIOError {
    /// The message, with each ``ChopIOError/Reason`` worded by the option a user typed, after
    /// the error's ``ChopIOError/place``.
    var commandLineMessage: String {
        guard let reason else { return message }
        return (place.map { "\($0): " } ?? "") + reasonInCommandLineTerms(reason)
    }

    /// `reason` worded by the option a user typed.
    private func reasonInCommandLineTerms(_ reason: Reason) -> String {
        switch reason {
        case .axisOutside(let axis, let shape):
            "--axis \(axis) is outside the \(shape.count)-dimensional array of shape \(shape)"
        case .tilesNeedTwoDimensions(let shape):
            "--tile needs an array of two or more dimensions; this one has shape \(shape)"
        case .tilesOnFortranOrder(let dimensions):
            "--tile on a Fortran-ordered array of \(dimensions) dimensions: make it C-ordered (numpy.ascontiguousarray)"
        case .scalesNeedOutputFile(let format):
            "--codes with \(format) writes its scales beside the output file: give -o FILE"
        case .notStorable(let element, let value, let storage, let results):
            "element \(element) becomes \(value), which \(storage) cannot hold exactly; write the \(results) values as "
                + "float64 (--output-type float64, or a .f64 or text output)"
        case .valuesInCodeStorage(let storage):
            "\(storage) holds codes, not values: use --codes, or a floating-point --output-type"
        case .valuesInCodeFile(let path):
            "\(path) would hold codes; write values to .f64, .f32, .f16, .bf16, .npy or text, or add --codes"
        case .valueNeedsCodes(let element, let problem):
            "element \(element): \(problem); write --codes"
        case .fillValueOutsideFormat(let variable, let fill, let format, let greatest):
            "variable \(variable): its _FillValue \(fill) is beyond \(format)'s largest finite value \(greatest); "
                + "add --saturate to keep it as the fill value, or choose the variables with --variables"
        }
    }

    /// The sysexits.h status: 64 (`EX_USAGE`), 65 (`EX_DATAERR`) or 74 (`EX_IOERR`).
    var exitCode: Int32 {
        switch kind {
        case .usage: 64
        case .badData: 65
        case .io: 74
        }
    }
}
