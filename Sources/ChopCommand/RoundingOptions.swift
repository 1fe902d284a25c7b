import ArgumentParser
import Chop

/// `--rounding`, `--random-bits`, `--overflow`/`--saturate`, `--seed`.
struct RoundingOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "nearest-even (1), up (2), down (3), toward-zero (4), stochastic (5), stochastic-equal (6), nearest-away, away-from-zero, odd.")
    var rounding = "nearest-even"

    @Option(help: "Stochastic rounding: random bits per element, 1...52 (default 52).")
    var randomBits: Int?

    @Option(help: "What overflow gives: infinity, nan or saturate (default: infinity where the format has it, else nan, else saturate).")
    var overflow: String?

    @Flag(help: "Same as --overflow saturate.")
    var saturate = false

    @Option(help: "Seed for stochastic rounding (default: a random seed, printed to standard error).")
    var seed: UInt64?

    /// The rounder for `format`.
    ///
    /// - Throws: `ValidationError` (exit 64) for an unknown mode or behaviour, or one the
    ///   format cannot apply.
    func rounder(for format: FloatFormat) throws -> FloatRounder {
        do {
            let mode = try mode()
            if saturate, let overflow, overflow.lowercased() != "saturate" {
                throw ValidationError("--saturate contradicts --overflow \(overflow)")
            }
            let behavior = try saturate ? .saturate : overflow.map { name throws(FormatError) in try OverflowBehavior(named: name) }
            return try FloatRounder(format: format, mode: mode, overflow: behavior)
        } catch let error as FormatError {
            throw ValidationError(error.description)
        }
    }

    /// The rounding mode asked for.
    ///
    /// - Throws: `ValidationError` (exit 64) for an unknown mode or bad random bits.
    func mode() throws -> RoundingMode {
        do {
            return try RoundingMode(named: rounding, randomBits: randomBits)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The seed to use: the one given, or for a stochastic mode a fresh one that is reported
    /// so the run can be repeated.
    func resolvedSeed(isStochastic: Bool) -> UInt64 {
        if let seed { return seed }
        guard isStochastic else { return 0 }
        var generator = SystemRandomNumberGenerator()
        let fresh = generator.next() >> 1  // fits in a signed 64-bit integer, for scripts
        StandardError.print("chop: stochastic rounding with seed \(fresh) (repeat with --seed \(fresh))")
        return fresh
    }
}
