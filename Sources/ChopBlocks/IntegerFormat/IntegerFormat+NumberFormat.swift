import ChopFormats

extension IntegerFormat: NumberFormat {
    /// The contract name: `int<N>`, `uint<N>` or `fixed<I>.<F>`.
    public var name: String { description }
    public var family: FormatFamily { .integer }
}
