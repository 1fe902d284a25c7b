import CChop
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ChopBlocks
import ChopFormats
import ChopIO

// The functions of chop.h. Each validates everything before it writes, so a failing call
// leaves its output as it was.

@_cdecl("chop_last_error")
public func chop_last_error() -> UnsafePointer<CChar> { LastError.current }

@_cdecl("chop_round_f64")
public func chop_round_f64(
    _ format: UnsafePointer<CChar>?, _ rounding: UnsafePointer<CChar>?, _ seed: UInt64, _ firstIndex: UInt64,
    _ input: UnsafePointer<Double>?, _ output: UnsafeMutablePointer<Double>?, _ count: Int
) -> Int32 {
    flat(rounding, seed, firstIndex, count) { chop_round_shaped_f64(format, $0, input, output, $1, 1) }
}

@_cdecl("chop_round_f32")
public func chop_round_f32(
    _ format: UnsafePointer<CChar>?, _ rounding: UnsafePointer<CChar>?, _ seed: UInt64, _ firstIndex: UInt64,
    _ input: UnsafePointer<Float>?, _ output: UnsafeMutablePointer<Float>?, _ count: Int
) -> Int32 {
    flat(rounding, seed, firstIndex, count) { chop_round_shaped_f32(format, $0, input, output, $1, 1) }
}

@_cdecl("chop_round_shaped_f64")
public func chop_round_shaped_f64(
    _ format: UnsafePointer<CChar>?, _ options: UnsafePointer<chop_options>?, _ input: UnsafePointer<Double>?,
    _ output: UnsafeMutablePointer<Double>?, _ shape: UnsafePointer<Int>?, _ rank: Int
) -> Int32 {
    reportingFailure {
        let request = try RoundingRequest(format: format, options: options, shape: shape, rank: rank)
        let shape = request.shape
        let (input, output) = try Buffers.check(input, output, count: shape.count)
        if request.rounder.scope == .element {
            // Nothing can fail once the request and shape are checked: round in the output.
            if input != UnsafePointer(output) { output.update(from: input, count: shape.count) }
            try request.round(UnsafeMutableBufferPointer(start: output, count: shape.count))
            return
        }
        var values = Array(UnsafeBufferPointer(start: input, count: shape.count))
        try values.withUnsafeMutableBufferPointer { try request.round($0) }
        values.withUnsafeBufferPointer { output.update(from: $0.baseAddress!, count: shape.count) }
    }
}

@_cdecl("chop_round_shaped_f32")
public func chop_round_shaped_f32(
    _ format: UnsafePointer<CChar>?, _ options: UnsafePointer<chop_options>?, _ input: UnsafePointer<Float>?,
    _ output: UnsafeMutablePointer<Float>?, _ shape: UnsafePointer<Int>?, _ rank: Int
) -> Int32 {
    reportingFailure {
        let request = try RoundingRequest(format: format, options: options, shape: shape, rank: rank)
        let shape = request.shape
        let (input, output) = try Buffers.check(input, output, count: shape.count)
        if let float = request.rounder as? FloatRounder, (try? Float.checkHolds(float.format)) != nil,
           request.piece.isWhole || !float.mode.isStochastic {
            // Every result is a float: round straight into the output.
            let (source, target) = (UnsafeBufferPointer(start: input, count: shape.count), UnsafeMutableBufferPointer(start: output, count: shape.count))
            if input == UnsafePointer(output) {
                try float.round(target, seed: request.seed, firstIndex: request.firstIndex, threads: request.threads)
            } else {
                try float.round(source, into: target, seed: request.seed, firstIndex: request.firstIndex, threads: request.threads)
            }
            return
        }
        var values = UnsafeBufferPointer(start: input, count: shape.count).map { Double($0) }
        try values.withUnsafeMutableBufferPointer { try request.round($0) }
        for (index, value) in values.enumerated() where !value.isNaN && Double(Float(value)) != value {
            throw CInterfaceError("element \(index) becomes \(value), which float cannot hold exactly; round doubles instead")
        }
        for index in values.indices { output[index] = Float(values[index]) }
    }
}

@_cdecl("chop_scale_count")
public func chop_scale_count(
    _ format: UnsafePointer<CChar>?, _ options: UnsafePointer<chop_options>?, _ shape: UnsafePointer<Int>?, _ rank: Int,
    _ count: UnsafeMutablePointer<Int>?
) -> Int32 {
    reportingFailure {
        let request = try RoundingRequest(format: format, options: options, shape: shape, rank: rank)
        let shape = request.shape
        guard let count else { throw CInterfaceError("count is NULL") }
        count.pointee = try request.rounder.scaleCount(shape: shape.dimensions)
    }
}

@_cdecl("chop_encode_shaped_f64")
public func chop_encode_shaped_f64(
    _ format: UnsafePointer<CChar>?, _ options: UnsafePointer<chop_options>?, _ input: UnsafePointer<Double>?,
    _ shape: UnsafePointer<Int>?, _ rank: Int, _ encoded: UnsafeMutablePointer<chop_encoded>?
) -> Int32 {
    reportingFailure {
        let request = try RoundingRequest(format: format, options: options, shape: shape, rank: rank)
        let shape = request.shape
        guard request.piece.isWhole else { throw CInterfaceError("codes are made for a whole array: give no origin or global_shape") }
        guard let encoded, let input = try Buffers.input(input, count: shape.count) else { throw CInterfaceError("the input or the encoded result is NULL") }
        let scaleCount = try request.rounder.scaleCount(shape: shape.dimensions)
        let target = encoded.pointee
        guard shape.count == 0 || target.codes != nil else { throw CInterfaceError("encoded->codes is NULL") }
        let result = try request.rounder.encode(
            Array(UnsafeBufferPointer(start: input, count: shape.count)), shape: shape.dimensions, seed: request.seed,
            firstIndex: request.firstIndex)
        target.codes?.update(from: result.codes, count: shape.count)
        if scaleCount > 0 {
            target.scales?.update(from: result.scales, count: min(scaleCount, result.scales.count))
            target.scale_codes?.update(from: result.scaleCodes, count: min(scaleCount, result.scaleCodes.count))
            target.zero_points?.update(from: result.zeroPoints, count: min(scaleCount, result.zeroPoints.count))
        }
        encoded.pointee.tensor_scale = result.tensorScale ?? .nan
    }
}

@_cdecl("chop_decode_shaped_f64")
public func chop_decode_shaped_f64(
    _ format: UnsafePointer<CChar>?, _ options: UnsafePointer<chop_options>?, _ encoded: UnsafePointer<chop_encoded>?,
    _ shape: UnsafePointer<Int>?, _ rank: Int, _ output: UnsafeMutablePointer<Double>?
) -> Int32 {
    reportingFailure {
        let request = try RoundingRequest(format: format, options: options, shape: shape, rank: rank)
        let shape = request.shape
        guard let encoded, let output = try Buffers.output(output, count: shape.count) else { throw CInterfaceError("the encoded array or the output is NULL") }
        let source = encoded.pointee
        guard shape.count == 0 || source.codes != nil else { throw CInterfaceError("encoded->codes is NULL") }
        let scaleCount = try request.rounder.scaleCount(shape: shape.dimensions)
        func read<T>(_ pointer: UnsafeMutablePointer<T>?, count: Int) -> [T] {
            pointer.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        }
        let array = EncodedArray(
            shape: shape.dimensions, codes: read(source.codes, count: shape.count), scales: read(source.scales, count: scaleCount),
            scaleCodes: read(source.scale_codes, count: scaleCount), zeroPoints: read(source.zero_points, count: scaleCount),
            tensorScale: source.tensor_scale.isNaN ? nil : source.tensor_scale)
        let values = try request.rounder.decode(array)
        output.update(from: values, count: shape.count)
    }
}

@_cdecl("chop_encode_f64")
public func chop_encode_f64(
    _ format: UnsafePointer<CChar>?, _ options: UnsafePointer<chop_options>?, _ input: UnsafePointer<Double>?,
    _ codes: UnsafeMutablePointer<UInt64>?, _ count: Int
) -> Int32 {
    var shape = count
    var encoded = chop_encoded(codes: codes, scales: nil, scale_codes: nil, zero_points: nil, tensor_scale: .nan)
    return withElementwiseFormat(format, "chop_encode_f64") { chop_encode_shaped_f64(format, options, input, &shape, 1, &encoded) }
}

@_cdecl("chop_decode_f64")
public func chop_decode_f64(
    _ format: UnsafePointer<CChar>?, _ codes: UnsafePointer<UInt64>?, _ output: UnsafeMutablePointer<Double>?, _ count: Int
) -> Int32 {
    var shape = count
    var encoded = chop_encoded(codes: UnsafeMutablePointer(mutating: codes), scales: nil, scale_codes: nil, zero_points: nil, tensor_scale: .nan)
    return withElementwiseFormat(format, "chop_decode_f64") { chop_decode_shaped_f64(format, nil, &encoded, &shape, 1, output) }
}

/// Runs a flat codes function after checking that `format` is element-wise (the flat
/// functions have nowhere to put scales).
private func withElementwiseFormat(_ format: UnsafePointer<CChar>?, _ function: String, _ body: () -> Int32) -> Int32 {
    let check = reportingFailure {
        guard let format else { throw CInterfaceError("the format name is NULL") }
        let name = String(cString: format)
        if try FormatRegistry.format(named: name).rounder(.toNearestOrEven).scope != .element {
            throw CInterfaceError("\(name) has scales; \(function) writes the codes of element-wise formats (use the _shaped function)")
        }
    }
    return check == 0 ? body() : check
}

@_cdecl("chop_format_bit_width")
public func chop_format_bit_width(_ format: UnsafePointer<CChar>?) -> Int32 {
    do {
        guard let format else { throw CInterfaceError("the format name is NULL") }
        return Int32(try FormatRegistry.format(named: String(cString: format)).bitWidth)
    } catch {
        LastError.set("\(error)")
        return -1
    }
}

@_cdecl("chop_matmul_f64")
public func chop_matmul_f64(
    _ options: UnsafePointer<chop_matmul_options>?, _ a: UnsafePointer<Double>?, _ b: UnsafePointer<Double>?,
    _ addend: UnsafePointer<Double>?, _ d: UnsafeMutablePointer<Double>?, _ m: Int, _ k: Int, _ n: Int
) -> Int32 {
    reportingFailure {
        var raw = chop_matmul_options()
        if let options { raw = options.pointee } else { chop_matmul_options_default(&raw) }
        func name(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
        var settings = MatrixProductSettings()
        settings.inputFormat = name(raw.input_format) ?? settings.inputFormat
        settings.inputRounding = name(raw.input_rounding) ?? settings.inputRounding
        settings.accumulate = name(raw.accumulate)
        settings.order = name(raw.order)
        settings.productFormat = name(raw.product_format)
        settings.outputFormat = name(raw.output_format)
        settings.rounding = name(raw.rounding) ?? settings.rounding
        settings.randomBits = raw.random_bits == 0 ? nil : Int(raw.random_bits)
        settings.overflow = name(raw.overflow)
        settings.model = name(raw.model)
        settings.promoteEvery = raw.promote_every == 0 ? nil : Int(raw.promote_every)
        settings.seed = raw.seed
        guard raw.threads >= 0 else { throw CInterfaceError("threads \(raw.threads): use 0 (automatic) or at least 1") }
        let product = try settings.resolved()
        let (aCount, bCount, dCount) = (try Shape([m, k]).count, try Shape([k, n]).count, try Shape([m, n]).count)
        guard let a = try Buffers.input(a, count: aCount), let b = try Buffers.input(b, count: bCount),
              let d = try Buffers.output(d, count: dCount) else { throw CInterfaceError("a NULL matrix") }
        let c = addend.map { (Array(UnsafeBufferPointer(start: $0, count: dCount)), [m, n]) }
        let result = try product.multiply(
            Array(UnsafeBufferPointer(start: a, count: aCount)), shape: [m, k], Array(UnsafeBufferPointer(start: b, count: bCount)),
            shape: [k, n], addend: c, threads: Int(raw.threads))
        d.update(from: result.values, count: dCount)
    }
}

@_cdecl("chop_format_info")
public func chop_format_info(_ format: UnsafePointer<CChar>?) -> UnsafePointer<CChar>? {
    do {
        guard let format else { throw CInterfaceError("the format name is NULL") }
        return FormatInfo.text.set(FormatFacts.json(try FormatRegistry.format(named: String(cString: format))))
    } catch {
        LastError.set("\(error)")
        return nil
    }
}

/// The calling thread's last `chop_format_info` answer.
enum FormatInfo {
    static let text = ThreadLocalString()
}

@_cdecl("chop_format_names")
public func chop_format_names() -> UnsafePointer<CChar> { FormatNames.text }

/// The preset names, one per line, made once and kept for the life of the program.
enum FormatNames {
    nonisolated(unsafe) static let text: UnsafePointer<CChar> = {
        let names = FloatFormat.presets.map(\.name) + PositFormat.presets.map(\.name) + BlockFormat.presets.map(\.name)
        return UnsafePointer(strdup(names.joined(separator: "\n"))!)
    }()
}

/// Calls a shaped function for a flat call: the default options with `rounding`, `seed` and
/// `firstIndex`, and the shape `[count]`.
private func flat(
    _ rounding: UnsafePointer<CChar>?, _ seed: UInt64, _ firstIndex: UInt64, _ count: Int,
    _ shaped: (UnsafePointer<chop_options>, UnsafePointer<Int>) -> Int32
) -> Int32 {
    var options = chop_options.at(nil)
    (options.rounding, options.seed, options.first_index) = (rounding, seed, firstIndex)
    var shape = count
    return shaped(&options, &shape)
}

/// A C shape: `rank` sizes at `pointer`.
struct Shape {
    let dimensions: [Int]
    var count: Int { dimensions.reduce(1, *) }

    init(_ pointer: UnsafePointer<Int>?, _ rank: Int) throws {
        guard rank >= 0, rank == 0 || pointer != nil else { throw CInterfaceError("a NULL shape of rank \(rank)") }
        try self.init(rank == 0 ? [] : Array(UnsafeBufferPointer(start: pointer, count: rank)))
    }

    /// - Throws: for a negative size, or more elements than memory.
    init(_ dimensions: [Int]) throws {
        self.dimensions = dimensions
        guard dimensions.allSatisfy({ $0 >= 0 }) else { throw CInterfaceError("shape \(dimensions) has a negative size") }
        var total = 1
        for size in dimensions {
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            guard !overflow else { throw CInterfaceError("shape \(dimensions) has more elements than memory") }
            total = product
        }
    }
}

/// Input and output arrays, checked non-NULL when they must hold elements.
enum Buffers {
    /// The input, or nil for a NULL one that holds nothing.
    static func input<Element>(_ input: UnsafePointer<Element>?, count: Int) throws -> UnsafePointer<Element>? {
        if let input { return input }
        if count == 0 { return UnsafePointer(bitPattern: MemoryLayout<Element>.alignment)! }
        throw CInterfaceError("the input array is NULL")
    }

    /// The output, or a stand-in for a NULL one that holds nothing.
    static func output<Element>(_ output: UnsafeMutablePointer<Element>?, count: Int) throws -> UnsafeMutablePointer<Element>? {
        if let output { return output }
        if count == 0 { return UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)! }
        throw CInterfaceError("the output array is NULL")
    }

    static func check<Element>(
        _ input: UnsafePointer<Element>?, _ output: UnsafeMutablePointer<Element>?, count: Int
    ) throws -> (UnsafePointer<Element>, UnsafeMutablePointer<Element>) {
        guard let input, let output else {
            if count == 0 { return (UnsafePointer(bitPattern: MemoryLayout<Element>.alignment)!, UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!) }
            throw CInterfaceError("the input or output array is NULL")
        }
        return (input, output)
    }
}
