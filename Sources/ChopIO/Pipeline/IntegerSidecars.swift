import ChopBlocks

/// The files written beside an integer format's codes, named after the codes file without its
/// extension: `NAME.scales.npy` (float64, one scale per group) and, for `uint<N>`,
/// `NAME.zero-points.npy` (uint32, one per group). Fixed point has neither.
///
/// Groups: per tensor, a 0-d array; per channel, one per index along the channel axis; per
/// block, the input's shape without the block axis, then the blocks along it (as the block
/// formats' scales).
enum IntegerSidecars {
    static func scalesPath(beside path: String) -> String { BlockSidecars.stem(of: path) + ".scales.npy" }
    static func zeroPointsPath(beside path: String) -> String { BlockSidecars.stem(of: path) + ".zero-points.npy" }

    /// Writes (without committing) the scales, and the zero points when `zeroPoints` is given.
    static func write(scales: [Double], zeroPoints: [Int64]?, shape: [Int], beside path: String) throws(ChopIOError) -> [AtomicOutput] {
        var outputs: [AtomicOutput] = []
        do throws(ChopIOError) {
            outputs.append(
                try BlockSidecars.writeNPY(
                    scalesPath(beside: path), storage: ElementStorage(.float64), shape: shape, codes: nil, values: scales))
            if let zeroPoints {
                outputs.append(
                    try BlockSidecars.writeNPY(
                        zeroPointsPath(beside: path), storage: .codes(bitWidth: 32), shape: shape,
                        codes: zeroPoints.map { UInt64($0) }, values: nil))
            }
        } catch {
            for output in outputs { output.abandon() }
            throw error
        }
        return outputs
    }
}
