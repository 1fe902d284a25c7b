extension PositRounder: FormatRounder {
    /// Rounds every element in place: element `i` uses word `i` of the seed's stream.
    ///
    /// - Throws: ``FormatError/invalidShape(shape:count:)`` when `shape` does not hold the values.
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, threads: Int
    ) throws(FormatError) {
        try FormatError.check(shape: shape, count: values.count)
        format.round(values, mode: mode, seed: seed, threads: threads)
    }
}
