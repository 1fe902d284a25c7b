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
    /// Called once before the first chunk: the array's shape and order, and where the output
    /// goes.
    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError)
    /// Files that belong beside the output (block scales), written but not yet committed:
    /// called after the last chunk; the job commits them with the output, or abandons them.
    mutating func sidecars() throws(ChopIOError) -> [AtomicOutput]
}

extension ChunkTransform {
    var needsWholeArray: Bool { false }
    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) {}
    mutating func sidecars() -> [AtomicOutput] { [] }
}

/// How a job makes sure the values it writes fit a binary output's type without a second
/// rounding.
enum ValueCheck {
    /// Every result is a value of this format: checked against the output type once, before
    /// anything is created.
    case format(FloatFormat)
    /// Results of what this names (a posit or block format, an integer quantization) are not
    /// all values of one float format: each value is checked as it is written, and one the
    /// output type cannot hold exactly is refused.
    case eachValue(String)

    var name: String {
        switch self {
        case .format(let format): format.name
        case .eachValue(let name): name
        }
    }
}

/// Throws unless every value is exactly a value of `format` (the output's type): results
/// that would need a second rounding to be stored are refused, not rounded.
func checkStorable(_ values: [Double], in format: FloatFormat, what: String, firstIndex: Int) throws(ChopIOError) {
    for (index, value) in values.enumerated() where !value.isNaN {
        guard (try? format.encode(value)) != nil else {
            throw .usage(
                "element \(firstIndex + index) becomes \(value), which \(format.name) cannot hold exactly; write the "
                    + "\(what) values as float64 (--output-type float64, or a .f64 or text output)")
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
    let format: any ScalarFormat

    var readsCodes: Bool { true }
    var writesCodes: Bool { false }
    var codeBitWidth: Int { format.bitWidth }

    func isBoundary(_ value: Double) -> Bool { false }

    func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        chunk.values.removeAll(keepingCapacity: true)
        for (index, code) in chunk.codes.enumerated() {
            do {
                chunk.values.append(try format.decode(code))
            } catch {
                throw .badData("element \(firstIndex + index)", error.description)
            }
        }
    }
}
