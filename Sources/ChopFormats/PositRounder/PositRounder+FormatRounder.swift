extension PositRounder: FormatRounder {
    /// Rounds every element in place (see ``PositFormat/round(_:mode:seed:firstIndex:threads:)``).
    ///
    /// - Throws: ``FormatError/invalidShape(shape:count:)`` when `shape` does not hold the values.
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, firstIndex: Int, threads: Int
    ) throws(FormatError) {
        try FormatError.check(shape: shape, count: values.count)
        format.round(values, mode: mode, seed: seed, firstIndex: firstIndex, threads: threads)
    }
}
