import ChopFormats

/// What a job does to each chunk of elements.
protocol ChunkTransform {
    /// Whether the job reads codes (decoding) rather than values.
    var readsCodes: Bool { get }
    /// Whether the job writes codes rather than values.
    var writesCodes: Bool { get }
    /// Bits of the codes read or written (for text output and code storage).
    var codeBitWidth: Int { get }
    /// How the values written are made to fit a binary output's type.
    var valueCheck: ValueCheck { get }
    /// Whether a double is a rounding boundary of the target (for exact decimal text).
    func isBoundary(_ value: Double) -> Bool
    /// Transforms the chunk, whose first element has global index `firstIndex`: fills
    /// `values` (writing values) or `codes` (writing codes).
    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError)
    /// Whether the transform needs the whole array as one chunk (groups along any axis).
    var needsWholeArray: Bool { get }
    /// Called once before the first chunk: the array's shape and order, and where the output
    /// goes.
    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError)
    /// Files that belong beside the output (scales), written but not yet committed: called
    /// after the last chunk; the job commits them with the output, or abandons them.
    mutating func sidecars() throws(ChopIOError) -> [AtomicOutput]
    /// Adds what the transform gathered (statistics) to the job's summary, after the last
    /// chunk.
    func complete(_ summary: inout JobSummary)
}

extension ChunkTransform {
    var needsWholeArray: Bool { false }
    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) {}
    mutating func sidecars() -> [AtomicOutput] { [] }
    func complete(_ summary: inout JobSummary) {}
}
