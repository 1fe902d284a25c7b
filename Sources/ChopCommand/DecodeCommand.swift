import ArgumentParser
import Chop

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Turn codes (the encodings written by round --codes) back into values.",
        discussion: """
            INPUT holds unsigned integers: .npy (uint8/16/32/64), raw .u8, .u16, .u32, .u64, or text of decimal \
            or 0x hexadecimal integers. The output is values: .npy (float64), raw .f64/.f32/.f16/.bf16, or text.

            Block formats: the element codes (one per element, as round --codes writes them) are decoded with the \
            scale codes in NAME.scales.npy beside them (and NAME.tensor-scale.npy for nvfp4), or the files given; \
            give the --block-size, --scale-format, --axis or --tile used to quantize.

            Integer formats (int8, uint4, fixed4.4): the codes are decoded with NAME.scales.npy (and, for uint<N>, \
            NAME.zero-points.npy) beside them, or the files given; give the --granularity, --axis and --block-size \
            used to quantize. Fixed point needs no scales.
            """
    )

    @Argument(help: "The file of codes (- for text on standard input).", transform: Console.resolve)
    var input: String

    @Option(name: .shortAndLong, help: "The output file (- or nothing: print as text).", transform: Console.resolve)
    var output: String?

    @OptionGroup var format: FormatOptions
    @OptionGroup(title: "Block formats") var blocks: BlockOptions

    @Option(help: "Block formats: the scale codes; integer formats: the scales (default: NAME.scales.npy beside the input).", transform: Console.resolve)
    var scales: String?

    @Option(help: "NVFP4: the tensor scale, a .npy of one float32 (default: NAME.tensor-scale.npy beside the input).", transform: Console.resolve)
    var tensorScale: String?

    @Option(help: "uint<N>: the zero points (default: NAME.zero-points.npy beside the input).", transform: Console.resolve)
    var zeroPoints: String?

    @OptionGroup(title: "Integer formats") var integers: IntegerOptions

    @Flag(help: "No progress line.")
    var quiet = false

    func run() throws {
        let request = RounderRequest(format: format, blocks: blocks, integers: integers, rounding: nil, tensorAmax: nil)
        let job = DecodeJob(
            input: input, output: output, rounder: try request.rounder(), scales: scales, zeroPoints: zeroPoints,
            tensorScale: tensorScale)
        let progress = ProgressLine(quiet: quiet)
        try runReportingErrors { () throws(ChopIOError) in try job.run { progress.update(done: $0, total: $1) } }
        progress.finish()
    }
}
