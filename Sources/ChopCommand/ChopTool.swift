import ArgumentParser

@main
struct ChopTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chop",
        abstract: "Round numbers to low-precision formats: bfloat16, FP8, FP6, FP4, binary16, custom.",
        discussion: """
            Every deterministic rounding is checked bit-for-bit against GNU MPFR. \
            Examples:
              chop round weights.npy -o weights-e4m3.npy --format e4m3fn
              chop data.f64 -o data-bf16.f64 --format bf16 --rounding stochastic --seed 7
              chop bench --format binary16 --rounding nearest-even --count 10000000 --json
            """,
        version: "0.1.0",
        subcommands: [RoundCommand.self, BenchCommand.self],
        defaultSubcommand: RoundCommand.self
    )
}
