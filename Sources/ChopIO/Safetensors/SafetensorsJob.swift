import ChopBlocks
import ChopFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Rounds the floating-point tensors of a safetensors checkpoint (F64, F32, F16, BF16) with a
/// prepared rounder of any family, tensor by tensor, and copies every other tensor byte for
/// byte.
///
/// ```swift
/// try SafetensorsJob(input: "model.safetensors", output: "fp8.safetensors",
///                    rounder: FloatRounder(format: .e4m3fn, overflow: .saturate), only: ["*.weight"]).run()
/// ```
///
/// - Selection: a floating tensor is rounded when its name matches one of ``only`` (every
///   name when empty) and none of ``skip`` (shell patterns: `*`, `?`, `[...]`).
/// - The output keeps the tensors' names, shapes, order and `__metadata__`, and adds
///   `chop.format`, `chop.rounding` (and `chop.seed` for stochastic modes) to the metadata.
///   Rounded tensors keep their dtype (or take ``outputStorage``'s); a result the dtype
///   cannot hold exactly is an error naming the tensor and element.
/// - Codes (``writesCodes``) replace each rounded tensor `NAME` with tensors beside it:
///   `NAME.codes` (float and posit formats: one code per element in the smallest unsigned
///   dtype, shape kept; integer formats: the `N`-bit codes, two's complement for signed ones;
///   block formats: U8, one dimension, the element codes in row-major order packed as
///   hardware stores them — 4-bit codes two to a byte, low nibble first; 6-bit four to three
///   bytes; 8-bit one to a byte), `NAME.scales` (block formats: U8 scale codes, or F32 for
///   binary32 scales, of the shape `BlockQuantized.scaleShape`; integer formats: F64, one per
///   group), `NAME.zero_points` (unsigned integer formats: I64, one per group) and
///   `NAME.tensor_scale` (NVFP4: F32, shape `[]`).
/// - Stochastic rounding: element `i` of tensor `NAME` draws word `i` of
///   `RandomStream(seed: seed ^ FNV-1a(NAME))`, so a tensor's bits do not depend on which
///   other tensors are selected or on their order.
/// - Memory holds the largest tensor (and its result); the rounded data go to a temporary
///   file, then the output is assembled and renamed into place, so a failure leaves nothing.
public struct SafetensorsJob: Sendable {
    public var input: String
    public var output: String
    public var rounder: any FormatRounder
    public var seed: UInt64
    public var threads: Int
    public var only: [String]
    public var skip: [String]
    public var writesCodes: Bool
    public var collectsStatistics: Bool
    /// The dtype of rounded tensors (nil: each tensor's own).
    public var outputStorage: ElementStorage?

    public init(
        input: String, output: String, rounder: any FormatRounder, seed: UInt64 = 0, threads: Int = Parallelism.automatic,
        only: [String] = [], skip: [String] = [], writesCodes: Bool = false, collectsStatistics: Bool = false,
        outputStorage: ElementStorage? = nil
    ) {
        self.input = input
        self.output = output
        self.rounder = rounder
        self.seed = seed
        self.threads = threads
        self.only = only
        self.skip = skip
        self.writesCodes = writesCodes
        self.collectsStatistics = collectsStatistics
        self.outputStorage = outputStorage
    }

    /// One rounded tensor: its name, shape and input dtype, and what rounding did to it.
    public struct TensorReport: Sendable {
        public var name: String
        public var shape: [Int]
        public var dtype: SafetensorsDType
        public var statistics: TensorErrorStatistics?
    }

    /// Whether the tensor `name` is selected.
    public func selects(_ name: String) -> Bool {
        func matches(_ pattern: String) -> Bool { fnmatch(pattern, name, 0) == 0 }
        return (only.isEmpty || only.contains(where: matches)) && !skip.contains(where: matches)
    }

    /// The seed of tensor `name`'s stream: `seed ^ FNV-1a(name)` (64-bit FNV-1a of its UTF-8).
    public func seed(ofTensor name: String) -> UInt64 { streamSeed(seed, named: name) }

    /// Runs the job, calling `progress(done, total)` with bytes of tensor data after each tensor.
    ///
    /// - Throws: ``ChopIOError``: bad data for a malformed header (with the reason); usage
    ///   for a result the output dtype cannot hold, a tensor the rounder refuses (an axis
    ///   outside it), or a codes tensor whose name is taken; I/O. The output is untouched on
    ///   any error.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> [TensorReport] {
        let file = try InputFile(path: input)
        let lengthBytes = try file.read(exactly: 8, what: "safetensors header length")
        let length = lengthBytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(SafetensorsHeader.maximumLength), Int(length) <= file.size - 8 else {
            throw .badData(input, "the safetensors header length \(length) exceeds the file (\(file.size) bytes) or 100 MB")
        }
        let json = try file.read(exactly: Int(length), what: "safetensors header")
        let dataSize = file.size - 8 - Int(length)
        let header = try SafetensorsHeader.parse(json: json, dataSize: dataSize, path: input)
        let names = Set(header.tensors.map(\.name))

        let data = try AtomicOutput(destination: output)
        defer { data.abandon() }
        var tensors: [SafetensorsHeader.Tensor] = []
        var reports: [TensorReport] = []
        var offset = 0
        for tensor in header.tensors {
            let bytes = try file.read(exactly: tensor.end - tensor.begin, what: "tensor \(JSONValue.quoted(tensor.name))")
            var pieces: [Piece]
            if let storage = tensor.dtype.floatStorage, selects(tensor.name) {
                var report = TensorReport(name: tensor.name, shape: tensor.shape, dtype: tensor.dtype)
                pieces = try round(tensor, bytes, storage: storage, report: &report)
                for piece in pieces where piece.name != tensor.name && names.contains(piece.name) {
                    throw .usage("the codes of tensor \(JSONValue.quoted(tensor.name)) would be named \(JSONValue.quoted(piece.name)), which the file already has")
                }
                reports.append(report)
            } else {
                pieces = [Piece(name: tensor.name, dtype: tensor.dtype, shape: tensor.shape, bytes: bytes)]
            }
            for piece in pieces {
                try data.write(piece.bytes)
                tensors.append(.init(name: piece.name, dtype: piece.dtype, shape: piece.shape, begin: offset, end: offset + piece.bytes.count))
                offset += piece.bytes.count
            }
            progress?(tensor.end, dataSize)
        }

        var metadata = header.metadata.filter { !$0.key.hasPrefix("chop.") }
        metadata.append(("chop.format", rounder.format.name))
        metadata.append(("chop.rounding", rounder.mode.description))
        if rounder.mode.isStochastic { metadata.append(("chop.seed", "\(seed)")) }
        let result = try AtomicOutput(destination: output)
        do throws(ChopIOError) {
            try result.write(SafetensorsHeader(tensors: tensors, metadata: metadata).serialized())
            let assembled = try data.readBack()
            var copied = 0
            while copied < offset {
                let chunk = try assembled.read(exactly: min(1 << 20, offset - copied), what: "rounded data")
                try result.write(chunk)
                copied += chunk.count
            }
            try result.commit()
        } catch {
            result.abandon()
            throw error
        }
        return reports
    }

    /// The tensors that replace a selected one: its rounded values, or its codes and scales.
    private func round(
        _ tensor: SafetensorsHeader.Tensor, _ bytes: [UInt8], storage: ElementStorage, report: inout TensorReport
    ) throws(ChopIOError) -> [Piece] {
        let label = "tensor \(JSONValue.quoted(tensor.name))"
        var inputs = [Double](repeating: 0, count: tensor.elementCount)
        bytes.withUnsafeBytes { raw in inputs.withUnsafeMutableBufferPointer { storage.decode(raw, into: $0) } }
        let tensorSeed = seed(ofTensor: tensor.name)
        var values = inputs
        if !writesCodes || collectsStatistics {
            do {
                try values.withUnsafeMutableBufferPointer { try rounder.round($0, shape: tensor.shape, seed: tensorSeed, threads: threads) }
            } catch {
                throw .usage("\(label): \(error)")
            }
        }
        if collectsStatistics {
            var statistics = TensorErrorStatistics()
            statistics.add(inputs: inputs, outputs: values, greatestFinite: (rounder.format as? any ScalarFormat)?.greatestFiniteMagnitude)
            report.statistics = statistics
        }
        if !writesCodes {
            let target = outputStorage ?? storage
            do {
                try ValueCheck.checkStorable(values, in: target.format, what: rounder.format.name, firstIndex: 0)
            } catch {
                throw error.within(label)
            }
            return [Piece(name: tensor.name, shape: tensor.shape, values: values, storage: target)]
        }
        return try codes(tensor, inputs, seed: tensorSeed, label: label)
    }

    /// A selected tensor's codes and scales (see the type's documentation for the layout).
    private func codes(
        _ tensor: SafetensorsHeader.Tensor, _ inputs: [Double], seed tensorSeed: UInt64, label: String
    ) throws(ChopIOError) -> [Piece] {
        let name = tensor.name
        do {
            switch rounder {
            case let block as BlockRounder:
                let quantized = try block.quantize(inputs, shape: tensor.shape, seed: tensorSeed)
                let packed = quantized.packedElements
                var pieces = [Piece(name: "\(name).codes", dtype: .u8, shape: [packed.count], bytes: packed)]
                if block.format.scale.bitWidth <= 8 {
                    pieces.append(Piece(
                        name: "\(name).scales", shape: quantized.scaleShape, codes: quantized.scaleCodes.map(UInt64.init),
                        storage: ElementStorage(.uint8)))
                } else {
                    pieces.append(Piece(name: "\(name).scales", shape: quantized.scaleShape, values: quantized.scales, storage: ElementStorage(.float32)))
                }
                if let tensorScale = quantized.tensorScale {
                    pieces.append(Piece(name: "\(name).tensor_scale", shape: [], values: [Double(tensorScale)], storage: ElementStorage(.float32)))
                }
                return pieces
            case let integer as IntegerQuantizer:
                let encoded = try integer.encode(inputs, shape: tensor.shape, seed: tensorSeed)
                var pieces = [Piece(
                    name: "\(name).codes", shape: tensor.shape, codes: encoded.codes, storage: .codes(bitWidth: integer.format.bitWidth))]
                if case .fixed = integer.format { return pieces }
                pieces.append(Piece(name: "\(name).scales", shape: [encoded.scales.count], values: encoded.scales, storage: ElementStorage(.float64)))
                if case .asymmetric = integer.format {
                    // Two's complement bits: the bytes of the signed integers.
                    pieces.append(Piece(
                        name: "\(name).zero_points", shape: [encoded.zeroPoints.count],
                        codes: encoded.zeroPoints.map { UInt64(bitPattern: $0) }, storage: ElementStorage(.uint64), dtype: .i64))
                }
                return pieces
            default:
                let encoded = try rounder.encode(inputs, shape: tensor.shape, seed: tensorSeed)
                return [Piece(name: "\(name).codes", shape: tensor.shape, codes: encoded.codes, storage: .codes(bitWidth: rounder.format.bitWidth))]
            }
        } catch {
            throw .usage("\(label): \(error)")
        }
    }

    /// One tensor of the output: its name, dtype, shape and little-endian bytes.
    struct Piece {
        var name: String
        var dtype: SafetensorsDType
        var shape: [Int]
        var bytes: [UInt8]

        init(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8]) {
            (self.name, self.dtype, self.shape, self.bytes) = (name, dtype, shape, bytes)
        }

        /// Values stored as `storage` (each exactly a value of it).
        init(name: String, shape: [Int], values: [Double], storage: ElementStorage) {
            var bytes = [UInt8](repeating: 0, count: values.count * storage.byteCount)
            values.withUnsafeBufferPointer { v in bytes.withUnsafeMutableBytes { storage.encode(v, into: $0) } }
            self.init(name: name, dtype: SafetensorsDType(storage: storage), shape: shape, bytes: bytes)
        }

        /// Codes stored as the unsigned integers of `storage`, under `dtype` (default: the
        /// storage's own).
        init(name: String, shape: [Int], codes: [UInt64], storage: ElementStorage, dtype: SafetensorsDType? = nil) {
            var bytes = [UInt8](repeating: 0, count: codes.count * storage.byteCount)
            codes.withUnsafeBufferPointer { c in bytes.withUnsafeMutableBytes { storage.encodeCodes(c, into: $0) } }
            self.init(name: name, dtype: dtype ?? SafetensorsDType(storage: storage), shape: shape, bytes: bytes)
        }
    }
}
