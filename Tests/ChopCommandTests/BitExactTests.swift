import ChopFormats
import ChopTestSupport
import Foundation
import Testing

/// `chop round` on a float64 .npy, for every preset and custom format, every deterministic
/// mode and every overflow behaviour: every element bit-exact against GNU MPFR (or, where the
/// oracle is not built, against the library core, which the oracle suite checks).
@Suite("chop round is bit-exact")
struct BitExactTests {
    /// The command-line arguments that name a format: `--format` where its name parses back
    /// to it, else the custom numbers.
    static func formatArguments(_ format: FloatFormat) -> [String] {
        if let named = try? FloatFormat(named: format.name), named == format { return ["--format", format.name] }
        return ["--precision", "\(format.precision)", "--emax", "\(format.maxExponent)", "--emin", "\(format.minExponent)"]
            + (format.hasSubnormals ? [] : ["--no-subnormals"])
    }

    static func inputs(_ format: FloatFormat) -> [Double] {
        let edges = EdgeInputs(format: format, randomCount: 2_000, sampledCodes: 100)
        let step = max(1, edges.neighbourhoods.count / 3_000)
        return stride(from: 0, to: edges.neighbourhoods.count, by: step).map { edges.neighbourhoods[$0] }
            + edges.overflow + edges.underflow + edges.specials + edges.random
    }

    @Test("every format, deterministic mode and overflow behaviour", arguments: TestFormats.all)
    func bitExact(_ format: FloatFormat) throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let values = Self.inputs(format)
        try SimpleNPY.write(values, shape: [values.count], to: directory.appendingPathComponent("in.npy"))
        #if MPFR
        let oracle = OracleExpectation(format: format)
        #endif
        for overflow in TestFormats.overflowBehaviors(of: format) {
            for mode in RoundingMode.deterministicModes {
                let result = ChopInProcess.run(
                    ["round", "in.npy", "-o", "out.npy", "--rounding", mode.name, "--overflow", overflow.name]
                        + Self.formatArguments(format), in: directory)
                #expect(result.status == 0, "\(format) \(mode) \(overflow): \(result.standardError)")
                let output = try SimpleNPY.read(directory.appendingPathComponent("out.npy")).values
                #if MPFR
                let expected = values.map { oracle.expected($0, mode: mode, overflow: overflow) }
                #else
                let rounder = try FloatRounder(format: format, mode: mode, overflow: overflow)
                let expected = values.map { rounder.round($0) }
                #endif
                let mismatches = zip(values, zip(output, expected)).filter { !sameValue($1.0, $1.1) }
                #expect(mismatches.isEmpty, "\(format) \(mode) \(overflow): \(mismatches.prefix(5))")
            }
        }
    }
}
