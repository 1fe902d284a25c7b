/// Encoding and decoding for the rounders of scalar formats: each element's code alone.
extension FormatRounder where Format: ScalarFormat, Failure == FormatError {
    public var scope: RoundingScope { .element }

    /// The codes of the rounded values.
    ///
    /// - Throws: ``FormatError/invalidShape(shape:count:)``, or
    ///   ``FormatError/notRepresentable(_:format:)`` for a result with no encoding (NaN in a
    ///   format without NaN).
    public func encode(_ values: [Double], shape: [Int], seed: UInt64, firstIndex: Int) throws(FormatError) -> EncodedArray {
        var rounded = values
        try rounded.withUnsafeMutableBufferPointer { (buffer) throws(FormatError) in
            try round(buffer, shape: shape, seed: seed, firstIndex: firstIndex, threads: Parallelism.automatic)
        }
        var codes = [UInt64]()
        codes.reserveCapacity(rounded.count)
        for value in rounded { codes.append(try format.encode(value)) }
        return EncodedArray(shape: shape, codes: codes)
    }

    /// The values of the codes.
    ///
    /// - Throws: ``FormatError/invalidCode(_:format:)`` for a code that is not an encoding.
    public func decode(_ encoded: EncodedArray) throws(FormatError) -> [Double] {
        var values = [Double]()
        values.reserveCapacity(encoded.codes.count)
        for code in encoded.codes { values.append(try format.decode(code)) }
        return values
    }
}
