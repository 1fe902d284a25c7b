import ChopBlocks
import ChopFormats
import ChopTestSupport
import Foundation
import Testing

/// `chop round --format int8|uint4|fixed4.4` (integer quantization on the command line): the
/// dequantized values per tensor, channel and block, in C and Fortran order, against the
/// exact-comparison reference; the refusals.
@Suite("chop with integer formats")
struct IntegerCommandTests {
    @Test("int8 per channel, uint4 per block, int4 per tensor, fixed4.4: every axis, C and Fortran order", arguments: [
        ("int8", "channel"), ("uint4", "block"), ("int4", "tensor"), ("fixed4.4", "tensor"), ("uint8", "channel"),
    ])
    func formats(_ name: String, _ granularity: String) throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let shape = BlockCommandTests.shape
        let values = BlockCommandTests.values.map { $0.isNaN ? 1.5 : $0 }
        let format = try IntegerFormat(named: name)
        for axis in granularity == "tensor" ? [0] : [0, 1, 2] {
            let resolved: Granularity = switch granularity {
            case "channel": .channel(axis: axis)
            case "block": .block(size: 16, axis: axis)
            default: .tensor
            }
            let expected = IntegerReference.quantize(values, shape: shape, format: format, granularity: resolved, mode: .toNearestOrEven)
            var arguments = ["--format", name, "--granularity", granularity]
            if granularity != "tensor" { arguments += ["--axis", "\(axis)"] }
            if granularity == "block" { arguments += ["--block-size", "16"] }
            for fortran in [false, true] {
                let (result, got) = try BlockCommandTests.round(fortran: fortran, arguments, in: directory, values: values, shape: shape)
                #expect(result.status == 0, "\(result.standardError)")
                #expect(BlockCommandTests.sameBits(got, expected), "\(name) \(granularity) axis \(axis) fortran \(fortran)")
            }
        }
    }

    @Test("refusals: exit 64 with the problem named and nothing written", arguments: [
        (["--format", "int8", "--granularity", "channel"], "--granularity channel needs --axis K"),
        (["--format", "int8", "--granularity", "block"], "--granularity block needs --block-size N"),
        (["--format", "int8", "--granularity", "rows"], "unknown --granularity 'rows'"),
        (["--format", "int8", "--axis", "0"], "--axis and --block-size need --granularity channel or block"),
        (["--format", "int8", "--codes"], "--codes and --stats are not available for them yet"),
        (["--format", "int99"], "integer formats are int<N> and uint<N>"),
        (["--format", "fixed4.4", "--granularity", "channel", "--axis", "0"], "fixed-point formats have no scale"),
        (["--format", "int8", "--granularity", "channel", "--axis", "5"], "--axis 5 is outside the 3-dimensional array"),
        (["--format", "e4m3fn", "--granularity", "channel"], "--granularity applies to integer formats"),
        (["--format", "int8", "--output-type", "float16"], "cannot hold exactly"),
    ] as [([String], String)])
    func refusals(_ arguments: [String], _ message: String) throws {
        try RoundRefusal.expect(
            arguments, message: message, values: BlockCommandTests.values.map { $0.isNaN ? 1 : $0 },
            shape: BlockCommandTests.shape)
    }
}
