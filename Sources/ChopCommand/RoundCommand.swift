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

            Block formats (mxfp8-e4m3, mxfp8-e5m2, mxfp6-e3m2, mxfp6-e2m3, mxfp4, mxint8, mxint8-sym, nvfp4): \
            blocks run along --axis (default the last) of the array, or are --tile ROWSxCOLUMNS over its last two \
            dimensions; the whole array is read into memory. The output holds the dequantized values (same shape, \
            order and type). With --codes it holds one element code per element and NAME.scales.npy (and, for \
            nvfp4, NAME.tensor-scale.npy) are written beside it; chop decode reads them back. --stats reports the \
            scale histogram, clamped and flushed elements, zero and NaN blocks, and the error.

            safetensors checkpoints (INPUT.safetensors -o OUT.safetensors): every F64, F32, F16 and BF16 tensor \
            selected by --only/--skip is rounded in its own dtype (or --output-type), every other tensor is \
            copied byte for byte; names, order and __metadata__ are kept and chop.format/chop.rounding added. \
            With --codes a rounded tensor NAME becomes NAME.codes (block formats: packed as hardware stores \
            them) and NAME.scales (and NAME.tensor_scale, NAME.zero_points). --stats prints a row per tensor.

            netCDF files (INPUT.nc -o OUT.nc; chop built with the NetCDF trait, else exit 69): every float and \
            double data variable (not coordinates), or those named by --variables, is rounded and keeps its type; \
            everything else (groups, dimensions, attributes, chunking, compression) is copied. Fill and \
            missing_value elements are never rounded; a _FillValue beyond the format is an error unless \
            --saturate. chop_format, chop_rounding (and chop_seed) are added to each rounded variable; \
            variable PATH draws its random words from seed ^ FNV-1a(PATH). --stats prints a row per variable.
            """
    )

    @Argument(help: "The input file (- for text on standard input).", transform: Console.resolve)
    var input: String

    @Option(name: .shortAndLong, help: "The output file (- or nothing: print as text).", transform: Console.resolve)
    var output: String?

    @OptionGroup var format: FormatOptions
    @OptionGroup var rounding: RoundingOptions
    @OptionGroup(title: "Block formats") var blocks: BlockOptions

    @Option(parsing: .unconditional, help: "NVFP4: the tensor amax that sets the binary32 tensor scale (default: the data's largest finite magnitude).")
    var tensorAmax: Double?

    @Option(help: "The floating-point type of .npy values: float64, float32 or float16 (default: the input's).")
    var outputType: OutputType?

    @OptionGroup(title: "Integer formats") var integers: IntegerOptions

    @Option(help: "Threads: N, or auto (0): every core for chunks of at least 1,048,576 elements, else one (results are identical for any count).")
    var threads = ThreadCount.automatic

    @Flag(help: "Write encodings instead of values: .npy of the smallest unsigned integer type, .u8/.u16/.u32/.u64, or hex text.")
    var codes = false

    @Flag(help: "Print what rounding did (counts of special cases, errors, the seed) to standard error.")
    var stats = false

    @Option(help: "Write the same statistics as JSON to this file (- for standard output).", transform: Console.resolve)
    var statsJson: String?

    @Option(help: "safetensors: round only the tensors whose names match this pattern (*, ?, [...]; repeatable; default: every floating tensor).")
    var only: [String] = []

    @Option(help: "safetensors: leave the tensors whose names match this pattern as they are (repeatable).")
    var skip: [String] = []

    @Option(help: "Stochastic rounding: the random word of the input's first element (element i draws word N + i), so pieces of an array rounded separately equal one run over the whole.")
    var firstIndex = 0

    @Option(help: "netCDF: round only these variables (comma-separated paths, repeatable; default: every float or double data variable).")
    var variables: [String] = []

    @Flag(help: "No progress line.")
    var quiet = false

    @Option(help: "Elements per chunk: memory against speed (results do not depend on it).")
    var chunkSize = 1 << 20

    /// Whether `--stats` or `--stats-json` asks for statistics.
    private var collectsStatistics: Bool { stats || statsJson != nil }

    func validate() throws {
        guard chunkSize >= 1 else { throw ValidationError("--chunk-size must be at least 1") }
        guard firstIndex >= 0 else { throw ValidationError("--first-index must be at least 0") }
    }

    func run() throws {
        let outputStorage = try resolvedOutputStorage()
        let request = RounderRequest(
            format: format, blocks: blocks, integers: integers, rounding: rounding, tensorAmax: tensorAmax)
        let rounder = try request.rounder()
        let seed = rounding.resolvedSeed(isStochastic: rounder.mode.isStochastic)
        if firstIndex != 0 && (Self.isSafetensors(input) || Self.isNetCDF(input)) {
            throw ValidationError("--first-index applies to array files; each tensor or variable of a checkpoint or netCDF file starts its own stream")
        }
        if Self.isSafetensors(input) {
            try runSafetensors(rounder, seed: seed, outputStorage: outputStorage)
            return
        }
        guard only.isEmpty && skip.isEmpty else { throw ValidationError("--only and --skip select tensors of a .safetensors input") }
        if Self.isNetCDF(input) {
            try runNetCDF(rounder, seed: seed)
            return
        }
        guard variables.isEmpty else { throw ValidationError("--variables selects variables of a netCDF input (.nc)") }
        let job = RoundingJob(
            input: input, output: output, rounder: rounder, seed: seed, firstIndex: firstIndex, threads: threads.requested,
            writesCodes: codes,
            collectsStatistics: collectsStatistics, chunkElements: chunkSize, outputStorage: outputStorage)
        let progress = ProgressLine(quiet: quiet)
        let summary = try runReportingErrors { () throws(ChopIOError) in
            try job.run { progress.update(done: $0, total: $1) }
        }
        progress.finish()
        if let statistics = summary.blockStatistics, let block = rounder as? BlockRounder {
            let report = BlockStatisticsReport(
                statistics: statistics, format: block.format, mode: block.mode, seed: seed, tensorScale: summary.tensorScale)
            if stats { StandardError.print(report.table) }
            try writeStatisticsJSON(report.json)
        } else if let statistics = summary.statistics {
            let overflow = (rounder as? FloatRounder)?.overflow.name ?? "saturate"
            let name = rounder.format.name
            if stats {
                StandardError.print(StatisticsReport.table(statistics, format: name, mode: rounder.mode, overflow: overflow, seed: seed))
            }
            try writeStatisticsJSON(StatisticsReport.json(statistics, format: name, mode: rounder.mode, overflow: overflow, seed: seed))
        }
    }

    /// Rounds the selected tensors of a safetensors checkpoint.
    private func runSafetensors(_ rounder: any FormatRounder, seed: UInt64, outputStorage: ElementStorage?) throws {
        guard let output, Self.isSafetensors(output) else {
            throw ValidationError("a .safetensors input is written to a .safetensors output: give -o OUT.safetensors")
        }
        let job = SafetensorsJob(
            input: input, output: output, rounder: rounder, seed: seed, threads: threads.requested, only: only, skip: skip,
            writesCodes: codes, collectsStatistics: collectsStatistics, outputStorage: outputStorage)
        let progress = ProgressLine(quiet: quiet)
        let reports = try runReportingErrors { () throws(ChopIOError) in try job.run { progress.update(done: $0, total: $1) } }
        progress.finish()
        if reports.isEmpty { StandardError.print("chop: warning: no floating-point tensor of \(input) was selected") }
        guard collectsStatistics else { return }
        let report = TensorStatisticsReport(reports: reports, format: rounder.format.name, mode: rounder.mode, seed: seed)
        if stats { StandardError.print(report.table) }
        try writeStatisticsJSON(report.json)
    }

    /// Whether `path` names a safetensors checkpoint, by its extension.
    static func isSafetensors(_ path: String) -> Bool { path.lowercased().hasSuffix(".safetensors") }

    /// Whether `path` names a netCDF file, by its extension (.nc, .nc4, .cdf, .netcdf).
    static func isNetCDF(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return [".nc", ".nc4", ".cdf", ".netcdf"].contains { lowered.hasSuffix($0) }
    }

    /// Rounds the selected variables of a netCDF file.
    private func runNetCDF(_ rounder: any FormatRounder, seed: UInt64) throws {
        guard let output, Self.isNetCDF(output) else {
            throw ValidationError("a netCDF input is written to a netCDF output: give -o OUT.nc")
        }
        guard !codes && outputType == nil else {
            throw ValidationError("netCDF variables keep their type and hold values: --codes and --output-type do not apply")
        }
        #if NetCDF
        let job = NetCDFJob(
            input: input, output: output, rounder: rounder, seed: seed, threads: threads.requested,
            variables: variables.flatMap { $0.split(separator: ",").map(String.init) }, collectsStatistics: collectsStatistics)
        let progress = ProgressLine(quiet: quiet)
        let reports = try runReportingErrors { () throws(ChopIOError) in try job.run { progress.update(done: $0, total: $1) } }
        progress.finish()
        if reports.isEmpty { StandardError.print("chop: warning: no float or double data variable of \(input) was selected") }
        for report in reports where report.becameMissing > 0 {
            StandardError.print("chop: warning: \(report.becameMissing) elements of \(report.path) rounded onto its fill or missing value")
        }
        guard collectsStatistics else { return }
        let report = TensorStatisticsReport(reports: reports, format: rounder.format.name, mode: rounder.mode, seed: seed)
        if stats { StandardError.print(report.table) }
        try writeStatisticsJSON(report.json)
        #else
        StandardError.print("chop: error: this chop was built without netCDF support: build it with --traits NetCDF (needs libnetcdf-dev)")
        throw ExitCode(69)
        #endif
    }

    /// `--output-type`, checked against the output and `--codes`.
    private func resolvedOutputStorage() throws -> ElementStorage? {
        guard let outputType else { return nil }
        guard let output, output.lowercased().hasSuffix(".npy") || Self.isSafetensors(output) else {
            throw ValidationError("--output-type sets the type of .npy output (and of rounded safetensors tensors); other outputs take theirs from the extension")
        }
        guard !codes else { throw ValidationError("--output-type is for values; codes are unsigned integers") }
        return outputType.storage
    }

    /// `--stats-json`: the report to standard output or atomically to a file.
    private func writeStatisticsJSON(_ json: String) throws {
        guard let statsJson else { return }
        let text = json + "\n"
        if statsJson == "-" {
            Console.print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: statsJson), options: .atomic)
        } catch {
            StandardError.print("chop: error: \(statsJson): cannot write the statistics: \(error.localizedDescription)")
            throw ExitCode(74)
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
        StandardError.print("chop: error: \(error.commandLineMessage)")
        throw ExitCode(error.exitCode)
    }
}
