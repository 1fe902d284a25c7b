import ArgumentParser
import Chop
import Foundation

struct RoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Round every element of an array file to a format.",
        discussion: """
            INPUT and OUTPUT: .npy (float16/32/64, any byte order, shape and order; dtype and shape are kept), \
            text (.csv, .tsv, .txt: header, comments and text columns are kept, only numbers change), raw \
            little-endian .f64, .f32, .f16, .bf16, and - for text on standard input or output. The output type \
            comes from its extension; without -o the result is printed. Decimal text is rounded exactly, not \
            through its nearest double. Files are streamed with constant memory and written to a temporary file \
            that is renamed on success. Exit status: 64 usage, 65 bad input data, 74 I/O error.
            """
    )

    @Argument(help: "The input file (- for text on standard input).")
    var input: String

    @Option(name: .shortAndLong, help: "The output file (- or nothing: print as text).")
    var output: String?

    @OptionGroup var format: FormatOptions
    @OptionGroup var rounding: RoundingOptions

    @Option(help: "Threads (results are identical for any count).")
    var threads = 1

    @Flag(help: "Write encodings instead of values: .npy of the smallest unsigned integer type, .u8/.u16/.u32/.u64, or hex text.")
    var codes = false

    @Flag(help: "Print what rounding did (counts of special cases, errors, the seed) to standard error.")
    var stats = false

    @Option(help: "Write the same statistics as JSON to this file (- for standard output).")
    var statsJson: String?

    @Flag(help: "No progress line.")
    var quiet = false

    @Option(help: "Elements per chunk: memory against speed (results do not depend on it).")
    var chunkSize = 1 << 20

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard chunkSize >= 1 else { throw ValidationError("--chunk-size must be at least 1") }
    }

    func run() throws {
        let rounder = try rounding.rounder(for: try format.resolve())
        let seed = rounding.resolvedSeed(for: rounder)
        let job = RoundingJob(
            input: input, output: output, rounder: rounder, seed: seed, threads: threads, writesCodes: codes,
            collectsStatistics: stats || statsJson != nil, chunkElements: chunkSize)
        let progress = ProgressLine(quiet: quiet)
        let summary = try runReportingErrors { () throws(ChopIOError) in
            try job.run { progress.update(done: $0, total: $1) }
        }
        progress.finish()
        guard let statistics = summary.statistics else { return }
        if stats { StandardError.print(StatisticsReport.table(statistics, rounder: rounder, seed: seed)) }
        if let statsJson {
            let text = StatisticsReport.json(statistics, rounder: rounder, seed: seed) + "\n"
            if statsJson == "-" {
                print(text, terminator: "")
            } else {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: statsJson), options: .atomic)
                } catch {
                    StandardError.print("chop: error: \(statsJson): cannot write the statistics: \(error.localizedDescription)")
                    throw ExitCode(74)
                }
            }
        }
    }
}

/// Runs a file job; a failure becomes its one-line message on standard error and its exit
/// status (64, 65 or 74).
@discardableResult
func runReportingErrors<Result>(_ body: () throws(ChopIOError) -> Result) throws -> Result {
    do {
        return try body()
    } catch {
        StandardError.print("chop: error: \(error)")
        throw ExitCode(error.exitCode)
    }
}
