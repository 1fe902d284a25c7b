/// A destination for elements in order: a binary array file, or text created from them.
protocol ElementWriter: AnyObject {
    func write(values: UnsafeBufferPointer<Double>) throws(ChopIOError)
    func write(codes: UnsafeBufferPointer<UInt64>) throws(ChopIOError)
    func finish() throws(ChopIOError)
    func abandon()
}

/// A `.npy` (header first) or raw file of one storage type.
final class BinaryElementWriter: ElementWriter {
    private let sink: ByteSink
    let storage: ElementStorage
    private var bytes: [UInt8] = []

    /// - Throws: a usage error for bfloat16 in a `.npy` file: numpy has no bfloat16 dtype, and
    ///   its `<f2` would read the bits as float16.
    init(sink: ByteSink, storage: ElementStorage, npyHeader: NPYHeader?) throws(ChopIOError) {
        self.sink = sink
        self.storage = storage
        if npyHeader != nil, storage.kind == .bfloat16 {
            throw .usage(".npy has no bfloat16 type (numpy has none; <f2 is float16): write float32, or a raw .bf16 file")
        }
        if let npyHeader { try sink.write(npyHeader.serialized()) }
    }

    func write(values: UnsafeBufferPointer<Double>) throws(ChopIOError) {
        try emit(count: values.count) { storage.encode(values, into: $0) }
    }

    func write(codes: UnsafeBufferPointer<UInt64>) throws(ChopIOError) {
        try emit(count: codes.count) { storage.encodeCodes(codes, into: $0) }
    }

    private func emit(count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) throws(ChopIOError) {
        let byteCount = count * storage.byteCount
        if bytes.count < byteCount { bytes = [UInt8](repeating: 0, count: byteCount) }
        bytes.withUnsafeMutableBytes { fill(UnsafeMutableRawBufferPointer(rebasing: $0[0..<byteCount])) }
        try bytes.withBytes { buffer throws(ChopIOError) in
            try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<byteCount]))
        }
    }

    func finish() throws(ChopIOError) { try sink.finish() }
    func abandon() { sink.abandon() }
}

/// Text made from elements: a row of the last axis per line for C-ordered arrays of two or
/// more dimensions, else one element per line; values at their shortest, codes in hex.
final class TextElementWriter: ElementWriter {
    private let sink: ByteSink
    private let separator: String
    private let valuesPerLine: Int
    private let codeBitWidth: Int
    private var column = 0
    private var text = ""

    init(sink: ByteSink, delimiter: TextDelimiter, shape: [Int], isFortranOrder: Bool, codeBitWidth: Int) {
        self.sink = sink
        separator = String(UnicodeScalar(delimiter.byte))
        valuesPerLine = shape.count >= 2 && !isFortranOrder ? max(1, shape.last!) : 1
        self.codeBitWidth = codeBitWidth
    }

    func write(values: UnsafeBufferPointer<Double>) throws(ChopIOError) {
        try emit(values.count) { NumberFormatting.value(values[$0]) }
    }

    func write(codes: UnsafeBufferPointer<UInt64>) throws(ChopIOError) {
        try emit(codes.count) { NumberFormatting.code(codes[$0], bitWidth: codeBitWidth) }
    }

    private func emit(_ count: Int, _ format: (Int) -> String) throws(ChopIOError) {
        text.removeAll(keepingCapacity: true)
        for index in 0..<count {
            text += format(index)
            column += 1
            if column == valuesPerLine {
                text += "\n"
                column = 0
            } else {
                text += separator
            }
        }
        try sink.write(text)
    }

    func finish() throws(ChopIOError) {
        if column != 0 { try sink.write("\n") }
        try sink.finish()
    }

    func abandon() { sink.abandon() }
}
