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

    /// Reads the scales (any floating-point `.npy`) or zero points (unsigned integers) of
    /// `shape`, written by ``write(scales:zeroPoints:shape:beside:)`` or by a user.
    ///
    /// - Throws: I/O errors, and bad data for a file of another kind or shape.
    static func read(_ path: String, codes: Bool, expectedShape: [Int]) throws(ChopIOError) -> ElementChunk {
        let reader = try BinaryElementReader(file: InputFile(path: path), kind: .npy)
        guard reader.storage!.holdsCodes == codes else {
            throw .badData(path, codes ? "zero points are unsigned integers" : "scales are floating-point values")
        }
        guard reader.shape == expectedShape else {
            throw .badData(path, "has shape \(reader.shape), but the codes need \(expectedShape)")
        }
        guard !reader.isFortranOrder || expectedShape.filter({ $0 > 1 }).count <= 1 else {
            throw .badData(path, "is Fortran-ordered; write it in C order (numpy.ascontiguousarray)")
        }
        var chunk = ElementChunk()
        try reader.read(into: &chunk, limit: reader.count, codes: codes)
        return chunk
    }
}
