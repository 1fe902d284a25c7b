import ChopFormats

/// Rounds chunks to a posit format in any mode: the values (which must fit the output's
/// type), or the codes (`n`-bit two's complement patterns, NaR `10…0`). NaN and ±∞ become NaR
/// (NaN in values); nonzero reals never round to zero or NaR. Deterministic modes round
/// decimal text from its exact value.
struct PositTransform: ChunkTransform {
    let rounder: PositRounder
    let job: RoundingJob
    private(set) var statistics: RoundingStatistics?

    init(rounder: PositRounder, job: RoundingJob) {
        self.rounder = rounder
        self.job = job
        statistics = job.collectsStatistics ? RoundingStatistics() : nil
    }

    var format: PositFormat { rounder.format }
    var mode: RoundingMode { rounder.mode }
    var readsCodes: Bool { false }
    var writesCodes: Bool { job.writesCodes }
    var codeBitWidth: Int { format.bitWidth }
    var valueCheck: ValueCheck { .eachValue(format.name) }

    /// Whether rounding changes within one double of `value`, so that a decimal's exact tail
    /// can matter.
    func isBoundary(_ value: Double) -> Bool {
        value.isFinite && !mode.isStochastic
            && format.roundedCode(value.nextDown, mode: mode) != format.roundedCode(value.nextUp, mode: mode)
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        var inputs = statistics == nil ? [] : chunk.values
        try round(&chunk, firstIndex: firstIndex)
        guard statistics != nil else { return }
        for (index, tail) in chunk.tails { inputs[index] += tail }
        // The values rounded, also when codes are written (decoded: a posit64 value of more
        // than 53 bits is counted at its nearest double).
        let outputs = writesCodes ? chunk.codes.map { format.nearestDouble(ofCode: $0) } : chunk.values
        inputs.withUnsafeBufferPointer { input in
            outputs.withUnsafeBufferPointer { statistics!.add(inputs: input, outputs: $0, posit: format) }
        }
    }

    func complete(_ summary: inout JobSummary) { summary.statistics = statistics }

    /// Rounds a chunk in the job's mode: element `i` of the file uses stochastic word `i`;
    /// deterministic modes round decimal text from the exact decimal (head and tail), while
    /// stochastic rounding reads it through its nearest double.
    private mutating func round(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        let (mode, stream) = (mode, RandomStream(seed: job.seed))
        let exactTails = mode.isStochastic ? [] : chunk.tails
        if writesCodes {
            chunk.codes = chunk.values.enumerated().map { index, value in
                format.roundedCode(value, mode: mode, randomWord: mode.isStochastic ? stream.word(at: UInt64(job.firstIndex + firstIndex + index), bits: mode.randomBitsPerElement) : 0)
            }
            for (index, tail) in exactTails {
                chunk.codes[index] = format.roundedCode(head: chunk.values[index], tail: tail, mode: mode)
            }
            return
        }
        let heads = exactTails.map { chunk.values[$0.index] }
        chunk.values.withUnsafeMutableBufferPointer {
            format.round($0, mode: mode, seed: job.seed, firstIndex: job.firstIndex + firstIndex, threads: job.threads)
        }
        for ((index, tail), head) in zip(exactTails, heads) {
            do {
                chunk.values[index] = try format.decode(format.roundedCode(head: head, tail: tail, mode: mode))
            } catch {
                throw .usage(.valueNeedsCodes(element: firstIndex + index, problem: error.description))
            }
        }
    }
}
