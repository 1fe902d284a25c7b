#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ChopFormats

/// Rounds an array file into another, streaming in chunks with constant memory, through
/// the one rounding core.
///
/// Element `i` of the file is rounded with stochastic word `i` of the seed's stream,
/// whatever the chunk size, so the output equals rounding the whole array in memory.
/// The output is written to a temporary file and renamed only on success.
public struct RoundingJob: Sendable {
    /// The input path.
    public var input: String
    /// The output path; nil writes the values as text to standard output, one per line.
    public var output: String?
    public var rounder: FloatRounder
    public var seed: UInt64
    public var threads: Int
    /// Elements per chunk.
    public var chunkElements: Int

    public init(
        input: String, output: String?, rounder: FloatRounder, seed: UInt64 = 0, threads: Int = 1,
        chunkElements: Int = 1 << 20
    ) {
        self.input = input
        self.output = output
        self.rounder = rounder
        self.seed = seed
        self.threads = threads
        self.chunkElements = max(1, chunkElements)
    }

    /// What was rounded.
    public struct Summary: Sendable, Equatable {
        public var count: Int
        public var shape: [Int]
        public var storage: ElementStorage
    }

    /// Runs the job.
    ///
    /// - Throws: ``ChopIOError``: usage (the format does not fit the output's element type,
    ///   an unknown extension), bad data (a malformed input), I/O. On any error the output
    ///   file is untouched and no temporary file remains.
    @discardableResult
    public func run() throws(ChopIOError) -> Summary {
        let source = try ArraySource(path: input)
        let sink = try OutputSink(path: output, source: source)
        try sink.storage.checkHolds(rounder.format)
        var chunk = [Double](repeating: 0, count: min(chunkElements, max(source.count, 1)))
        var done = 0
        do {
            while done < source.count {
                let n = try chunk.withUnsafeMutableBufferPointer { buffer in
                    Result { () throws(ChopIOError) in try source.read(into: buffer) }
                }.get()
                chunk.withUnsafeMutableBufferPointer { buffer in
                    rounder.round(UnsafeMutableBufferPointer(rebasing: buffer[0..<n]), seed: seed, firstIndex: done, threads: threads)
                }
                try chunk.withUnsafeBufferPointer { buffer in
                    Result { () throws(ChopIOError) in try sink.write(UnsafeBufferPointer(rebasing: buffer[0..<n])) }
                }.get()
                done += n
            }
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
        return Summary(count: source.count, shape: source.header.shape, storage: sink.storage)
    }
}

/// Where rounded elements go: an atomic file (`.npy` or raw) or text on standard output
/// (one row of the last axis per line, comma-separated, for C-ordered arrays of two or
/// more dimensions; otherwise one value per line).
final class OutputSink {
    let storage: ElementStorage
    private let file: AtomicOutput?
    private var bytes: [UInt8] = []
    private var text = ""
    private let valuesPerLine: Int
    private var column = 0

    init(path: String?, source: ArraySource) throws(ChopIOError) {
        let shape = source.header.shape
        valuesPerLine = shape.count >= 2 && !source.header.isFortranOrder ? max(1, shape.last!) : 1
        guard let path else {
            storage = ElementStorage(.float64)
            file = nil
            return
        }
        let kind = try ArrayFileKind(path: path)
        var header = source.header
        switch kind {
        case .npy:
            storage = source.storage
        case .raw(let raw):
            storage = raw
            header.storage = raw
        }
        file = try AtomicOutput(destination: path)
        if kind == .npy { try file!.write(header.serialized()) }
    }

    func write(_ values: UnsafeBufferPointer<Double>) throws(ChopIOError) {
        guard let file else {
            text.removeAll(keepingCapacity: true)
            for value in values {
                column += 1
                text += column == valuesPerLine ? "\(value)\n" : "\(value), "
                if column == valuesPerLine { column = 0 }
            }
            var lines = text
            try lines.withUTF8 { buffer in
                Result { () throws(ChopIOError) in
                    try writeAll(STDOUT_FILENO, UnsafeRawBufferPointer(buffer), path: "standard output")
                }
            }.get()
            return
        }
        let byteCount = values.count * storage.byteCount
        if bytes.count < byteCount { bytes = [UInt8](repeating: 0, count: byteCount) }
        bytes.withUnsafeMutableBytes { storage.encode(values, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<byteCount])) }
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(ChopIOError) in try file.write(UnsafeRawBufferPointer(rebasing: buffer[0..<byteCount])) }
        }.get()
    }

    func finish() throws(ChopIOError) {
        try file?.commit()
    }

    func abandon() { file?.abandon() }
}
