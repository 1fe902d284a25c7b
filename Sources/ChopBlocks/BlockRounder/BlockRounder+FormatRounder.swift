import ChopFormats

extension BlockRounder: FormatRounder {
    /// A scale per block: the blocks must be read whole.
    public var scope: RoundingScope { .group }

    /// Quantizes and dequantizes in place (``BlockQuantizer/quantizeDequantize(_:into:shape:axis:seed:tensorAmax:threads:)``;
    /// tiles through ``quantize(_:shape:seed:)``).
    public func round(_ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, threads: Int) throws(BlockError) {
        guard tile == nil else {
            let result = try quantize(Array(values), shape: shape, seed: seed)
            _ = values.update(fromContentsOf: result.values)
            return
        }
        try quantizer.quantizeDequantize(
            UnsafeBufferPointer(values), into: values, shape: shape, axis: axis, seed: seed, tensorAmax: tensorAmax,
            threads: threads)
    }

    /// Element codes, block scales with their codes, and the tensor scale.
    public func encode(_ values: [Double], shape: [Int], seed: UInt64) throws(BlockError) -> EncodedArray {
        let quantized = try quantize(values, shape: shape, seed: seed)
        return EncodedArray(
            shape: shape, codes: quantized.elementCodes.map(UInt64.init), scales: quantized.scales,
            scaleCodes: quantized.scaleCodes.map(UInt64.init), tensorScale: quantized.tensorScale.map(Double.init))
    }

    /// The values of element codes and scale codes.
    ///
    /// - Throws: as ``BlockQuantized/init(format:shape:axis:tile:elementCodes:scaleCodes:tensorScale:)``.
    public func decode(_ encoded: EncodedArray) throws(BlockError) -> [Double] {
        guard encoded.codes.allSatisfy({ $0 <= UInt8.max }), encoded.scaleCodes.allSatisfy({ $0 <= UInt32.max }) else {
            throw .invalidParameters("a code wider than its format")
        }
        let quantized = try BlockQuantized(
            format: format, shape: encoded.shape, axis: axis, tile: tile, elementCodes: encoded.codes.map { UInt8($0) },
            scaleCodes: encoded.scaleCodes.map { UInt32($0) }, tensorScale: encoded.tensorScale.map { Float($0) })
        return quantized.values
    }
}
