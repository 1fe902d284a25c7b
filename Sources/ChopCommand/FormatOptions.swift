import ArgumentParser
import Chop

/// `--format NAME`, or a custom format from its numbers.
struct FormatOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The target format: binary16, bfloat16, tf32, e4m3fn, e5m2, e2m1, eXmY, binary8p3, … (chop formats lists them).")
    var format: String?

    @Option(help: "Custom format: precision in bits, counting the hidden bit (1...53).")
    var precision: Int?

    // Negative exponents (`--emin -14`) must not be mistaken for options.
    @Option(parsing: .unconditional, help: "Custom format: the exponent of the greatest finite number.")
    var emax: Int?

    @Option(parsing: .unconditional, help: "Custom format: the exponent of the least normal number (default 1 - emax).")
    var emin: Int?

    @Flag(help: "Custom format: no subnormal numbers.")
    var noSubnormals = false

    /// The format asked for.
    ///
    /// - Throws: `ValidationError` (exit 64) for an unknown name, impossible numbers, or a
    ///   mix of `--format` and custom numbers.
    func resolve() throws -> FloatFormat {
        let custom = precision != nil || emax != nil || emin != nil || noSubnormals
        do {
            switch (format, custom) {
            case (let name?, false):
                return try FloatFormat(named: name)
            case (nil, true):
                guard let precision, let emax else {
                    throw ValidationError("a custom format needs both --precision and --emax")
                }
                return try FloatFormat(
                    precision: precision, maxExponent: emax, minExponent: emin, hasSubnormals: !noSubnormals)
            case (_?, true):
                throw ValidationError("give either --format or --precision/--emax, not both")
            case (nil, false):
                throw ValidationError("missing --format (or --precision and --emax for a custom format)")
            }
        } catch let error as FormatError {
            if case .unknownFormat(let name, _) = error {
                throw ValidationError(FormatError.unknownFormat(name, validNames: FormatRegistry.validNames).description)
            }
            throw ValidationError(error.description)
        }
    }

    /// The posit format named by `--format`, or nil when it names none.
    ///
    /// - Throws: `ValidationError` for a posit name with impossible numbers, or custom-format
    ///   options given with it.
    func resolvePosit() throws -> PositFormat? {
        guard let format, format.lowercased().hasPrefix("posit") else { return nil }
        guard precision == nil && emax == nil && emin == nil && !noSubnormals else {
            throw ValidationError("give either --format or --precision/--emax, not both")
        }
        do {
            return try PositFormat(named: format)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The float or posit format asked for (a name of any family, or custom float numbers).
    ///
    /// - Throws: `ValidationError` (exit 64) for an unknown name, or for an integer or block
    ///   format, naming the family and `why` the command needs a scalar format.
    func resolveScalar(for why: String) throws -> any ScalarFormat {
        guard let name = format, FormatRegistry.family(ofName: name) != .float else { return try resolve() }
        guard precision == nil && emax == nil && emin == nil && !noSubnormals else {
            throw ValidationError("give either --format or --precision/--emax, not both")
        }
        do {
            return try FormatRegistry.scalarFormat(named: name)
        } catch {
            guard case .unsupportedFamily = error else { throw ValidationError(error.description) }
            throw ValidationError("--format \(name): \(error); \(why)")
        }
    }

    /// The format of any family with this name, from the registry.
    ///
    /// - Throws: `ValidationError` (exit 64) with the registry's message for an unknown or
    ///   impossible name.
    static func format(named name: String) throws -> any NumberFormat {
        do {
            return try FormatRegistry.format(named: name)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
