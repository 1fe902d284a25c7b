import ChopFormats
import ChopIO

/// Any bytes as text: rounding either throws or keeps every byte that is not a number,
/// so the line count never changes; reading the values agrees with the shape.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let rounder = try! FloatRounder(format: .bfloat16, mode: .stochastic())
    let fp4 = try! FloatRounder(format: .e2m1, mode: .toNearestOrAwayFromZero)
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    for delimiter in [nil, TextDelimiter.comma, .tab, .whitespace] {
        if let rounded = try? TextNumbers.round(bytes, with: rounder, seed: 1, delimiter: delimiter) {
            precondition(rounded.filter { $0 == 10 }.count == bytes.filter { $0 == 10 }.count, "line count changed")
        }
        _ = try? TextNumbers.round(bytes, with: fp4, writesCodes: true, delimiter: delimiter)
        if let (values, shape) = try? TextNumbers.values(in: bytes, delimiter: delimiter) {
            precondition(shape.reduce(1, *) == values.count, "shape \(shape) for \(values.count) values")
        }
    }
    return 0
}
