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
    public func seed(ofTensor name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return seed ^ hash
    }

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
            var pieces: [(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8])]
            if let storage = tensor.dtype.floatStorage, selects(tensor.name) {
                var report = TensorReport(name: tensor.name, shape: tensor.shape, dtype: tensor.dtype)
                pieces = try round(tensor, bytes, storage: storage, report: &report)
                for piece in pieces where piece.name != tensor.name && names.contains(piece.name) {
                    throw .usage("the codes of tensor \(JSONValue.quoted(tensor.name)) would be named \(JSONValue.quoted(piece.name)), which the file already has")
                }
                reports.append(report)
            } else {
                pieces = [(tensor.name, tensor.dtype, tensor.shape, bytes)]
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
    ) throws(ChopIOError) -> [(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8])] {
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
                throw ChopIOError(error.kind, "\(label): \(error.message)", reason: error.reason)
            }
            var out = [UInt8](repeating: 0, count: values.count * target.byteCount)
            values.withUnsafeBufferPointer { v in out.withUnsafeMutableBytes { target.encode(v, into: $0) } }
            return [(tensor.name, SafetensorsDType(storage: target)!, tensor.shape, out)]
        }
        return try codes(tensor, inputs, seed: tensorSeed, label: label)
    }

    /// A selected tensor's codes and scales (see the type's documentation for the layout).
    private func codes(
        _ tensor: SafetensorsHeader.Tensor, _ inputs: [Double], seed tensorSeed: UInt64, label: String
    ) throws(ChopIOError) -> [(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8])] {
        func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
            values.flatMap { value in (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value.littleEndian >> (8 * $0)) } }
        }
        func unsigned(_ codes: [UInt64], bits: Int) -> (SafetensorsDType, [UInt8]) {
            switch SafetensorsDType.codes(bitWidth: bits) {
            case .u8: (.u8, codes.map { UInt8(truncatingIfNeeded: $0) })
            case .u16: (.u16, littleEndian(codes.map { UInt16(truncatingIfNeeded: $0) }))
            case .u32: (.u32, littleEndian(codes.map { UInt32(truncatingIfNeeded: $0) }))
            default: (.u64, littleEndian(codes))
            }
        }
        let name = tensor.name
        do {
            switch rounder {
            case let block as BlockRounder:
                let quantized = try block.quantize(inputs, shape: tensor.shape, seed: tensorSeed)
                let packed = quantized.packedElements
                var pieces: [(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8])] = [
                    ("\(name).codes", .u8, [packed.count], packed)
                ]
                if block.format.scale.bitWidth <= 8 {
                    pieces.append(("\(name).scales", .u8, quantized.scaleShape, quantized.scaleCodes.map { UInt8(truncatingIfNeeded: $0) }))
                } else {
                    pieces.append(("\(name).scales", .f32, quantized.scaleShape, littleEndian(quantized.scales.map { Float($0).bitPattern })))
                }
                if let tensorScale = quantized.tensorScale {
                    pieces.append(("\(name).tensor_scale", .f32, [], littleEndian([tensorScale.bitPattern])))
                }
                return pieces
            case let integer as IntegerQuantizer:
                let encoded = try integer.encode(inputs, shape: tensor.shape, seed: tensorSeed)
                let (dtype, bytes) = unsigned(encoded.codes, bits: integer.format.bitWidth)
                var pieces: [(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8])] = [("\(name).codes", dtype, tensor.shape, bytes)]
                if case .fixed = integer.format { return pieces }
                pieces.append(("\(name).scales", .f64, [encoded.scales.count], littleEndian(encoded.scales.map(\.bitPattern))))
                if case .asymmetric = integer.format {
                    pieces.append(("\(name).zero_points", .i64, [encoded.zeroPoints.count], littleEndian(encoded.zeroPoints)))
                }
                return pieces
            default:
                let encoded = try rounder.encode(inputs, shape: tensor.shape, seed: tensorSeed)
                let (dtype, bytes) = unsigned(encoded.codes, bits: rounder.format.bitWidth)
                return [("\(name).codes", dtype, tensor.shape, bytes)]
            }
        } catch {
            throw .usage("\(label): \(error)")
        }
    }
}
