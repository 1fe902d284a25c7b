import ChopBlocks

/// The files written beside a block format's element codes: `NAME.scales.npy` (one code per
/// block, in the logical order of ``BlockArrayLayout/logicalScaleShape``) and, for a
/// two-level format, `NAME.tensor-scale.npy` (a 0-d float32), where `NAME` is the codes
/// file without its extension.
enum BlockSidecars {
    /// `path` without its extension, the stem of the sidecars' names.
    static func stem(of path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex)))
    }

    static func scalesPath(beside path: String) -> String { stem(of: path) + ".scales.npy" }
    static func tensorScalePath(beside path: String) -> String { stem(of: path) + ".tensor-scale.npy" }

    /// Writes (without committing) the scale codes, and the tensor scale if there is one.
    static func write(
        scaleCodes: [UInt32], scaleShape: [Int], scale: ScaleFormat, tensorScale: Float?, beside path: String
    ) throws(ChopIOError) -> [AtomicOutput] {
        var outputs: [AtomicOutput] = []
        do throws(ChopIOError) {
            let codes = scaleCodes.map(UInt64.init)
            outputs.append(
                try writeNPY(
                    scalesPath(beside: path), storage: .codes(bitWidth: scale.bitWidth), shape: scaleShape,
                    codes: codes, values: nil))
            if let tensorScale {
                outputs.append(
                    try writeNPY(
                        tensorScalePath(beside: path), storage: ElementStorage(.float32), shape: [], codes: nil,
                        values: [Double(tensorScale)]))
            }
        } catch {
            for output in outputs { output.abandon() }
            throw error
        }
        return outputs
    }

    static func writeNPY(
        _ path: String, storage: ElementStorage, shape: [Int], codes: [UInt64]?, values: [Double]?
    ) throws(ChopIOError) -> AtomicOutput {
        let output = try AtomicOutput(destination: path)
        do throws(ChopIOError) {
            let writer = try BinaryElementWriter(
                sink: output, storage: storage, npyHeader: NPYHeader(storage: storage, shape: shape))
            if let codes { try codes.withBuffer { buffer throws(ChopIOError) in try writer.write(codes: buffer) } }
            if let values { try values.withBuffer { buffer throws(ChopIOError) in try writer.write(values: buffer) } }
        } catch {
            output.abandon()
            throw error
        }
        return output
    }

    /// Reads the scale codes written by ``write(scaleCodes:scaleShape:scale:tensorScale:beside:)``
    /// (or by a user), checking their shape.
    ///
    /// - Throws: I/O errors, and bad data for a file that is not a `.npy` of unsigned integers
    ///   of the expected shape.
    static func readScaleCodes(_ path: String, expectedShape: [Int]) throws(ChopIOError) -> [UInt32] {
        let chunk = try readArray(path, codes: true, expectedShape: expectedShape, what: "scales")
        if let index = chunk.codes.firstIndex(where: { $0 > UInt64(UInt32.max) }) {
            throw .badData(path, "scale code \(chunk.codes[index]) (block \(index)) is too large")
        }
        return chunk.codes.map { UInt32($0) }
    }

    /// Reads a `.npy` written beside codes: `what` (scale codes, scales, zero points) of
    /// `expectedShape`, unsigned integers when `codes`, else floating-point values.
    ///
    /// - Throws: I/O errors, and bad data for a file of another kind, shape or order.
    static func readArray(_ path: String, codes: Bool, expectedShape: [Int], what: String) throws(ChopIOError) -> ElementChunk {
        let reader = try BinaryElementReader(file: InputFile(path: path), kind: .npy)
        guard reader.storage!.holdsCodes == codes else {
            throw .badData(path, "holds \(reader.storage!.kind.rawValue) values; \(what) are \(codes ? "unsigned integers" : "floating-point values")")
        }
        guard reader.shape == expectedShape else {
            throw .badData(path, "has shape \(reader.shape), but the codes need \(what) of shape \(expectedShape)")
        }
        guard !reader.isFortranOrder || expectedShape.filter({ $0 > 1 }).count <= 1 else {
            throw .badData(path, "is Fortran-ordered; write \(what) in C order (numpy.ascontiguousarray)")
        }
        var chunk = ElementChunk()
        try reader.read(into: &chunk, limit: reader.count, codes: codes)
        return chunk
    }

    /// Reads a tensor scale: a `.npy` holding one float32 (or any floating-point) value.
    static func readTensorScale(_ path: String) throws(ChopIOError) -> Float {
        let reader = try BinaryElementReader(file: InputFile(path: path), kind: .npy)
        guard !reader.storage!.holdsCodes, reader.count == 1 else {
            throw .badData(path, "a tensor scale is one floating-point value; this file holds \(reader.count) \(reader.storage!.kind.rawValue)")
        }
        var chunk = ElementChunk()
        try reader.read(into: &chunk, limit: 1, codes: false)
        let value = chunk.values[0]
        guard value.isFinite, value >= 0, Double(Float(value)) == value else {
            throw .badData(path, "tensor scale \(value) is not a finite non-negative binary32 number")
        }
        return Float(value)
    }
}
