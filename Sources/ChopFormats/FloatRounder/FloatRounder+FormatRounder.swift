extension FloatRounder: FormatRounder {
    /// Rounds every element in place (``round(_:seed:firstIndex:threads:)-(UnsafeMutableBufferPointer<Double>,_,_,_)``).
    ///
    /// - Throws: ``FormatError/invalidShape(shape:count:)`` when `shape` does not hold the values.
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, firstIndex: Int, threads: Int
    ) throws(FormatError) {
        try FormatError.check(shape: shape, count: values.count)
        round(values, seed: seed, firstIndex: firstIndex, threads: threads)
    }
}
