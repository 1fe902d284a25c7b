import ChopFormats

/// Rounds values with a ``FloatRounder``, optionally encoding the results, and keeps
/// statistics.
///
/// Element `i` of the file uses stochastic word `firstWord + i` of the seed's stream, so
/// chunking never changes the result. Values with an exact tail are rounded once from `value + tail`.
struct FloatTransform: ChunkTransform {
    let rounder: FloatRounder
    let seed: UInt64
    /// The stochastic word of the file's first element.
    let firstWord: Int
    let threads: Int
    let writesCodes: Bool
    private(set) var statistics: RoundingStatistics?
    private var inputs: [Double] = []

    init(rounder: FloatRounder, seed: UInt64, firstWord: Int = 0, threads: Int, writesCodes: Bool, collectsStatistics: Bool) {
        self.rounder = rounder
        self.seed = seed
        self.firstWord = firstWord
        self.threads = threads
        self.writesCodes = writesCodes
        statistics = collectsStatistics ? RoundingStatistics() : nil
    }

    init(rounder: FloatRounder, job: RoundingJob) {
        self.init(
            rounder: rounder, seed: job.seed, firstWord: job.firstIndex, threads: job.threads, writesCodes: job.writesCodes,
            collectsStatistics: job.collectsStatistics)
    }

    var readsCodes: Bool { false }
    var codeBitWidth: Int { rounder.format.bitWidth }
    var valueCheck: ValueCheck { .format(rounder.format) }

    /// Rounds a chunk's values in place: the array path for every head, then elements with a
    /// tail once more from their exact value, with the same random word.
    static func round(_ chunk: inout ElementChunk, with rounder: FloatRounder, seed: UInt64, threads: Int, firstIndex: Int) {
        let heads = chunk.tails.map { chunk.values[$0.index] }
        chunk.values.withUnsafeMutableBufferPointer {
            rounder.round($0, seed: seed, firstIndex: firstIndex, threads: threads)
        }
        let stream = RandomStream(seed: seed)
        for ((index, tail), head) in zip(chunk.tails, heads) {
            chunk.values[index] = rounder.round(
                head: head, tail: tail, randomWord: stream.word(at: UInt64(firstIndex + index), bits: rounder.mode.randomBitsPerElement))
        }
    }

    func isBoundary(_ value: Double) -> Bool { rounder.isRoundingBoundary(value) }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        if statistics != nil {
            inputs = chunk.values
            var twin = chunk
            Self.round(&twin, with: rounder.unboundedTwin, seed: seed, threads: threads, firstIndex: firstWord + firstIndex)
            Self.round(&chunk, with: rounder, seed: seed, threads: threads, firstIndex: firstWord + firstIndex)
            for (index, tail) in chunk.tails { inputs[index] += tail }
            inputs.withUnsafeBufferPointer { input in
                chunk.values.withUnsafeBufferPointer { output in
                    twin.values.withUnsafeBufferPointer { unbounded in
                        statistics!.add(inputs: input, outputs: output, unbounded: unbounded, format: rounder.format)
                    }
                }
            }
        } else {
            Self.round(&chunk, with: rounder, seed: seed, threads: threads, firstIndex: firstWord + firstIndex)
        }
        if writesCodes {
            chunk.codes.removeAll(keepingCapacity: true)
            let format = rounder.format
            for (index, value) in chunk.values.enumerated() {
                do {
                    chunk.codes.append(try format.encode(value))
                } catch {
                    throw .badData("element \(firstIndex + index)", "\(value) has no encoding in \(format.name) (\(error))")
                }
            }
        }
    }

    func complete(_ summary: inout JobSummary) { summary.statistics = statistics }
}
