import ChopFormats

/// Decodes the codes of a float or posit format into values.
struct ScalarDecodingTransform: ChunkTransform {
    let format: any ScalarFormat

    var readsCodes: Bool { true }
    var writesCodes: Bool { false }
    var codeBitWidth: Int { format.bitWidth }
    var valueCheck: ValueCheck { (format as? FloatFormat).map(ValueCheck.format) ?? .eachValue(format.name) }

    func isBoundary(_ value: Double) -> Bool { false }

    func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        chunk.values.removeAll(keepingCapacity: true)
        for (index, code) in chunk.codes.enumerated() {
            do {
                chunk.values.append(try format.decode(code))
            } catch {
                throw .badData("element \(firstIndex + index)", error.description)
            }
        }
    }
}
