import ChopFormats

/// What a job does to each chunk of elements.
protocol ChunkTransform {
    /// Whether the job reads codes (decoding) rather than values.
    var readsCodes: Bool { get }
    /// Whether the job writes codes rather than values.
    var writesCodes: Bool { get }
    /// Bits of the codes read or written (for text output and code storage).
    var codeBitWidth: Int { get }
    /// Whether a double is a rounding boundary of the target (for exact decimal text).
    func isBoundary(_ value: Double) -> Bool
    /// Transforms the chunk, whose first element has global index `firstIndex`: fills
    /// `values` (writing values) or `codes` (writing codes).
    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError)
    /// Whether the transform needs the whole array as one chunk (blocks along any axis).
    var needsWholeArray: Bool { get }
    /// Called once before the first chunk: the array's shape and order, where the output
    /// goes, and the format its values are stored in (nil for text, which holds any double).
    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget, outputFormat: FloatFormat?)
        throws(ChopIOError)
    /// Files that belong beside the output (block scales), written but not yet committed:
    /// called after the last chunk; the job commits them with the output, or abandons them.
    mutating func sidecars() throws(ChopIOError) -> [AtomicOutput]
}

extension ChunkTransform {
    var needsWholeArray: Bool { false }
    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget, outputFormat: FloatFormat?) {}
    mutating func sidecars() -> [AtomicOutput] { [] }
}

/// Throws unless every value is exactly a value of `format` (the output's type): results
/// that would need a second rounding to be stored are refused, not rounded.
func checkStorable(_ values: [Double], in format: FloatFormat, what: String) throws(ChopIOError) {
    for (index, value) in values.enumerated() where !value.isNaN {
        guard (try? format.encode(value)) != nil else {
            throw .usage(
                "element \(index) becomes \(value), which \(format.name) cannot hold exactly; write the \(what) "
                    + "values as float64 (--output-type float64, or a .f64 or text output)")
        }
    }
}

/// Rounds values with a ``FloatRounder``, optionally encoding the results, and keeps
/// statistics.
///
/// Element `i` of the file uses stochastic word `i` of the seed's stream, so chunking never
/// changes the result. Values with an exact tail are rounded once from `value + tail`.
struct RoundingTransform: ChunkTransform {
    let rounder: FloatRounder
    let seed: UInt64
    let threads: Int
    let writesCodes: Bool
    var statistics: RoundingStatistics?
    private var inputs: [Double] = []

    init(rounder: FloatRounder, seed: UInt64, threads: Int, writesCodes: Bool, collectsStatistics: Bool) {
        self.rounder = rounder
        self.seed = seed
        self.threads = threads
        self.writesCodes = writesCodes
        statistics = collectsStatistics ? RoundingStatistics() : nil
    }

    var readsCodes: Bool { false }
    var codeBitWidth: Int { rounder.format.bitWidth }

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
                head: head, tail: tail, randomWord: stream.word(at: UInt64(firstIndex + index)))
        }
    }

    func isBoundary(_ value: Double) -> Bool { rounder.isRoundingBoundary(value) }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        if statistics != nil {
            inputs = chunk.values
            var twin = chunk
            Self.round(&twin, with: rounder.unboundedTwin, seed: seed, threads: threads, firstIndex: firstIndex)
            Self.round(&chunk, with: rounder, seed: seed, threads: threads, firstIndex: firstIndex)
            for (index, tail) in chunk.tails { inputs[index] += tail }
            inputs.withUnsafeBufferPointer { input in
                chunk.values.withUnsafeBufferPointer { output in
                    twin.values.withUnsafeBufferPointer { unbounded in
                        statistics!.add(inputs: input, outputs: output, unbounded: unbounded, format: rounder.format)
                    }
                }
            }
        } else {
            Self.round(&chunk, with: rounder, seed: seed, threads: threads, firstIndex: firstIndex)
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
}

/// Decodes codes into values.
struct DecodingTransform: ChunkTransform {
    let format: any NumberFormat
    /// The output's value type, when it is narrower than binary64 and the format's values
    /// are not known to fit it (posits: checked value by value).
    private var narrowOutput: FloatFormat?

    init(format: any NumberFormat) { self.format = format }

    var readsCodes: Bool { true }
    var writesCodes: Bool { false }
    var codeBitWidth: Int { format.bitWidth }

    func isBoundary(_ value: Double) -> Bool { false }

    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget, outputFormat: FloatFormat?) {
        if let outputFormat, outputFormat != .binary64, !(format is FloatFormat) { narrowOutput = outputFormat }
    }

    func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        chunk.values.removeAll(keepingCapacity: true)
        for (index, code) in chunk.codes.enumerated() {
            do {
                chunk.values.append(try format.decode(code))
            } catch {
                throw .badData("element \(firstIndex + index)", error.description)
            }
        }
        if let narrowOutput { try checkStorable(chunk.values, in: narrowOutput, what: format.name) }
    }
}
