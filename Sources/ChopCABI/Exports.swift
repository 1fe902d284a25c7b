import CChop
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ChopBlocks
import ChopFormats

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
        let request = try RoundingRequest(format: format, options: .at(options))
        let shape = try Shape(shape, rank)
        let (input, output) = try Buffers.check(input, output, count: shape.count)
        if request.rounder.scope == .element {
            // Nothing can fail once the request and shape are checked: round in the output.
            if input != UnsafePointer(output) { output.update(from: input, count: shape.count) }
            try request.round(UnsafeMutableBufferPointer(start: output, count: shape.count), shape: shape.dimensions)
            return
        }
        var values = Array(UnsafeBufferPointer(start: input, count: shape.count))
        try values.withUnsafeMutableBufferPointer { try request.round($0, shape: shape.dimensions) }
        values.withUnsafeBufferPointer { output.update(from: $0.baseAddress!, count: shape.count) }
    }
}

@_cdecl("chop_round_shaped_f32")
public func chop_round_shaped_f32(
    _ format: UnsafePointer<CChar>?, _ options: UnsafePointer<chop_options>?, _ input: UnsafePointer<Float>?,
    _ output: UnsafeMutablePointer<Float>?, _ shape: UnsafePointer<Int>?, _ rank: Int
) -> Int32 {
    reportingFailure {
        let request = try RoundingRequest(format: format, options: .at(options))
        let shape = try Shape(shape, rank)
        let (input, output) = try Buffers.check(input, output, count: shape.count)
        if let float = request.rounder as? FloatRounder, (try? Float.checkHolds(float.format)) != nil {
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
        try values.withUnsafeMutableBufferPointer { try request.round($0, shape: shape.dimensions) }
        for (index, value) in values.enumerated() where !value.isNaN && Double(Float(value)) != value {
            throw CInterfaceError("element \(index) becomes \(value), which float cannot hold exactly; round doubles instead")
        }
        for index in values.indices { output[index] = Float(values[index]) }
    }
}

@_cdecl("chop_encode_f64")
public func chop_encode_f64(
    _ format: UnsafePointer<CChar>?, _ options: UnsafePointer<chop_options>?, _ input: UnsafePointer<Double>?,
    _ codes: UnsafeMutablePointer<UInt64>?, _ count: Int
) -> Int32 {
    reportingFailure {
        let request = try RoundingRequest(format: format, options: .at(options))
        guard request.rounder.scope == .element else {
            throw CInterfaceError("\(request.rounder.format.name) has scales; chop_encode_f64 writes the codes of element-wise formats")
        }
        guard count >= 0, let input, let codes else { throw CInterfaceError("a NULL array, or a negative count") }
        var values = Array(UnsafeBufferPointer(start: input, count: count))
        try values.withUnsafeMutableBufferPointer { try request.round($0, shape: [count]) }
        let encoded = try request.rounder.encode(values, shape: [count], seed: 0)
        codes.update(from: encoded.codes, count: count)
    }
}

@_cdecl("chop_decode_f64")
public func chop_decode_f64(
    _ format: UnsafePointer<CChar>?, _ codes: UnsafePointer<UInt64>?, _ output: UnsafeMutablePointer<Double>?, _ count: Int
) -> Int32 {
    reportingFailure {
        let request = try RoundingRequest(format: format, options: .at(nil))
        guard request.rounder.scope == .element else {
            throw CInterfaceError("\(request.rounder.format.name) has scales; chop_decode_f64 decodes element-wise formats")
        }
        guard count >= 0, let codes, let output else { throw CInterfaceError("a NULL array, or a negative count") }
        let values = try request.rounder.decode(EncodedArray(shape: [count], codes: Array(UnsafeBufferPointer(start: codes, count: count))))
        output.update(from: values, count: count)
    }
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
        dimensions = rank == 0 ? [] : Array(UnsafeBufferPointer(start: pointer, count: rank))
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
