import Chop
import Foundation

/// Tables of formats and numbers for `chop formats` and `chop info`.
enum FormatTable {
    /// A magnitude as a power of two when it is one, else with six significant digits.
    static func magnitude(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value > 0 && value == Double(sign: .plus, exponent: value.exponent, significand: 1) && abs(value.exponent) > 6 {
            return "2^\(value.exponent)"
        }
        if value == value.rounded() && value.magnitude < 1e7 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }

    static let columns = ["name", "bits", "p", "emin", "emax", "max", "min normal", "min subnormal", "u", "Inf", "NaN", "-0"]

    static func row(_ format: FloatFormat, name: String) -> [String] {
        [
            name, "\(format.bitWidth)", "\(format.precision)", "\(format.minExponent)", "\(format.maxExponent)",
            magnitude(format.greatestFiniteMagnitude), magnitude(format.leastNormalMagnitude),
            format.hasSubnormals ? magnitude(format.leastNonzeroMagnitude) : "none", "2^-\(format.precision)",
            format.hasInfinity ? "yes" : "no", format.hasNaN ? "yes" : "no", format.hasNegativeZero ? "yes" : "no",
        ]
    }

    static let positColumns = ["name", "bits", "es", "useed", "maxpos", "minpos", "p at 1", "encodings"]

    /// A posit format's numbers: precision counts the hidden bit at 1.0, where it is largest.
    static func positRow(_ format: PositFormat) -> [String] {
        [
            format.name, "\(format.bitWidth)", "\(format.exponentSize)", magnitude(format.useed),
            magnitude(format.greatestFiniteMagnitude), magnitude(format.leastNonzeroMagnitude), "\(format.precision)",
            "2^\(format.bitWidth)",
        ]
    }

    /// Rows aligned in columns (numbers right-aligned, names left-aligned).
    static func aligned(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max()! }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

}
