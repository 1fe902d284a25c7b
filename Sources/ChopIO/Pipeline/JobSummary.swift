import ChopBlocks
import ChopFormats

/// What a job did: the element count and shape and, when asked, its statistics.
public struct JobSummary: Sendable {
    public var count: Int
    public var shape: [Int]
    /// What rounding did, element by element (floats, posits, integer formats).
    public var statistics: RoundingStatistics?
    /// What quantization did to the blocks (block formats).
    public var blockStatistics: BlockStatistics?
    /// The tensor scale a two-level block format (NVFP4) used.
    public var tensorScale: Float?
}
