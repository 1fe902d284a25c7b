import ArgumentParser

@main
struct ChopTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chop",
        abstract: "Round numbers to low-precision formats: bfloat16, FP8, FP6, FP4, binary16, custom.",
        discussion: """
            Every deterministic rounding is checked bit-for-bit against GNU MPFR. Examples:
              chop round weights.npy -o weights-e4m3.npy --format e4m3fn --stats
              chop data.csv -o data-bf16.csv --format bf16 --rounding stochastic --seed 7
              chop matmul A.npy B.npy -o C.npy --input-format e4m3fn --block-k 16
              chop compare kernel-out.npy reference.npy --format e4m3fn --max-ulps 1
              chop formats
            Shell completions: chop --generate-completion-script bash|zsh|fish
            """,
        version: "0.1.0",
        subcommands: [
            RoundCommand.self, DecodeCommand.self, MatmulCommand.self, FormatsCommand.self, InfoCommand.self,
            CompareCommand.self, BenchCommand.self,
        ],
        defaultSubcommand: RoundCommand.self
    )
}
