import ChopFormats

extension BlockFormat: NumberFormat {
    public var family: FormatFamily { .block }
    /// Bits of one element's code (the block's scale comes on top: `scale.bitWidth` per block).
    public var bitWidth: Int { element.bitWidth }
}
