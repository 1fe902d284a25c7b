import ArgumentParser
import Chop

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Turn codes (the encodings written by round --codes) back into values.",
        discussion: """
            INPUT holds unsigned integers: .npy (uint8/16/32/64), raw .u8, .u16, .u32, .u64, or text of decimal \
            or 0x hexadecimal integers. The output is values: .npy (float64), raw .f64/.f32/.f16/.bf16, or text.
            """
    )

    @Argument(help: "The file of codes (- for text on standard input).")
    var input: String

    @Option(name: .shortAndLong, help: "The output file (- or nothing: print as text).")
    var output: String?

    @OptionGroup var format: FormatOptions

    @Flag(help: "No progress line.")
    var quiet = false

    func run() throws {
        let job = DecodeJob(input: input, output: output, format: try format.resolve())
        let progress = ProgressLine(quiet: quiet)
        try runReportingErrors { () throws(ChopIOError) in
            try job.run { progress.update(done: $0, total: $1) }
        }
        progress.finish()
    }
}
