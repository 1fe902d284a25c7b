import ArgumentParser
import Chop

struct RoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Round every element of an array file to a format.",
        discussion: """
            INPUT and OUTPUT are .npy (float16/32/64, any shape and order; dtype and shape are kept) \
            or raw little-endian .f64, .f32, .f16, .bf16 files. Without -o the values are printed, \
            one per line. The output is written to a temporary file and renamed, so a failure never \
            leaves a partial output. Exit status: 64 usage, 65 bad input data, 74 I/O error.
            """
    )

    @Argument(help: "The input file.")
    var input: String

    @Option(name: .shortAndLong, help: "The output file (default: print the values).")
    var output: String?

    @OptionGroup var format: FormatOptions
    @OptionGroup var rounding: RoundingOptions

    @Option(help: "Threads (results are identical for any count).")
    var threads = 1

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let rounder = try rounding.rounder(for: try format.resolve())
        let job = RoundingJob(
            input: input, output: output, rounder: rounder, seed: rounding.resolvedSeed(for: rounder), threads: threads)
        do {
            try job.run()
        } catch {
            StandardError.print("chop: error: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}
