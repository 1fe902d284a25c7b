// Spans are in the standard library from Swift 6.2 (Apple platforms 26).
@available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *)
extension FloatRounder {
    /// Rounds the elements of `values` in place. See
    /// ``round(_:seed:firstIndex:threads:)-(UnsafeMutableBufferPointer<Double>,_,_,_)`` for the
    /// seed, index and thread rules.
    @inlinable
    public func round(_ values: inout MutableSpan<Double>, seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = Parallelism.automatic) {
        values.withUnsafeMutableBufferPointer { roundInPlace($0, seed: seed, firstIndex: firstIndex, threads: threads) }
    }

    /// Rounds `source` into `destination` (same count, no overlap).
    @inlinable
    public func round(
        _ source: Span<Double>, into destination: inout MutableSpan<Double>, seed: UInt64 = 0, firstIndex: Int = 0,
        threads: Int = Parallelism.automatic
    ) {
        source.withUnsafeBufferPointer { input in
            destination.withUnsafeMutableBufferPointer { output in
                roundOutOfPlace(input, into: output, seed: seed, firstIndex: firstIndex, threads: threads)
            }
        }
    }

    /// Rounds the elements of `values` in place (`Float` data).
    ///
    /// - Throws: ``FormatError/unsupportedElementType(_:)`` unless the format has
    ///   p ≤ 24 and emax ≤ 127.
    @inlinable
    public func round(
        _ values: inout MutableSpan<Float>, seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = Parallelism.automatic
    ) throws(FormatError) {
        try Float.checkHolds(format)
        values.withUnsafeMutableBufferPointer { roundInPlace($0, seed: seed, firstIndex: firstIndex, threads: threads) }
    }

    /// Rounds `source` into `destination` (`Float` data, same count, no overlap).
    @inlinable
    public func round(
        _ source: Span<Float>, into destination: inout MutableSpan<Float>, seed: UInt64 = 0, firstIndex: Int = 0,
        threads: Int = Parallelism.automatic
    ) throws(FormatError) {
        try Float.checkHolds(format)
        source.withUnsafeBufferPointer { input in
            destination.withUnsafeMutableBufferPointer { output in
                roundOutOfPlace(input, into: output, seed: seed, firstIndex: firstIndex, threads: threads)
            }
        }
    }
}
