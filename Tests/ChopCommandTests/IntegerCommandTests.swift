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

    @Test("--codes: N-bit codes with their scales (and zero points) beside them decode to the reference's values", arguments: [
        ("int8", "channel", 0), ("uint4", "block", 1), ("int4", "tensor", 0), ("fixed4.4", "tensor", 0),
    ])
    func codes(_ name: String, _ granularity: String, _ axis: Int) throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let shape = BlockCommandTests.shape  // [3, 40, 5]
        let values = BlockCommandTests.values.map { $0.isNaN ? 1.5 : $0 }
        try SimpleNPY.write(values, shape: shape, to: directory.appendingPathComponent("in.npy"))
        let format = try IntegerFormat(named: name)
        var arguments = ["round", "in.npy", "-o", "q.npy", "--format", name, "--granularity", granularity, "--codes"]
        if granularity != "tensor" { arguments += ["--axis", "\(axis)"] }
        if granularity == "block" { arguments += ["--block-size", "16"] }
        let result = ChopInProcess.run(arguments, in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let (descr, codeShape, codes) = try SimpleNPY.read(directory.appendingPathComponent("q.npy"))
        #expect(descr == "|u1" && codeShape == shape)
        let resolved: Granularity = switch granularity {
        case "channel": .channel(axis: axis)
        case "block": .block(size: 16, axis: axis)
        default: .tensor
        }
        let expected = IntegerReference.quantize(values, shape: shape, format: format, granularity: resolved, mode: .toNearestOrEven)
        // The group of element (i, j, k) and the sidecars' shapes, as documented.
        let group: (Int, Int, Int) -> Int
        let scaleShape: [Int]
        switch granularity {
        case "channel": (group, scaleShape) = ({ i, _, _ in i }, [3])
        case "block": (group, scaleShape) = ({ i, j, k in (i * 5 + k) * 3 + j / 16 }, [3, 5, 3])
        default: (group, scaleShape) = ({ _, _, _ in 0 }, [])
        }
        var scales = [Double](repeating: 1.0 / 16, count: 1)  // fixed4.4: 2^-4, no file
        var zeroPoints = [Double](repeating: 0, count: scaleShape.reduce(1, *))
        if case .fixed = format {
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("q.scales.npy").path))
        } else {
            let (_, shapeRead, read) = try SimpleNPY.read(directory.appendingPathComponent("q.scales.npy"))
            #expect(shapeRead == scaleShape)
            scales = read
        }
        if case .asymmetric = format {
            let (_, shapeRead, read) = try SimpleNPY.read(directory.appendingPathComponent("q.zero-points.npy"))
            #expect(shapeRead == scaleShape)
            zeroPoints = read
        }
        let bits = format.bitWidth
        var wrong = 0
        for i in 0..<3 {
            for j in 0..<40 {
                for k in 0..<5 {
                    let index = (i * 40 + j) * 5 + k
                    let raw = Int64(codes[index])
                    let code = format.codeRange.lowerBound < 0 && raw >= 1 << (bits - 1) ? raw - (1 << bits) : raw
                    let g = group(i, j, k)
                    let value = (Double(code) - zeroPoints[g]) * scales[g]
                    if value.bitPattern != expected[index].bitPattern && !(value == 0 && expected[index] == 0) { wrong += 1 }
                }
            }
        }
        #expect(wrong == 0, "\(name): \(wrong) codes decode to other values than the reference's")
        // chop decode reads the codes and the sidecars back to the same values.
        let decode = ChopInProcess.run(["decode", "q.npy", "-o", "back.npy", "--format", name] + arguments.dropFirst(6).filter { $0 != "--codes" }, in: directory)
        #expect(decode.status == 0, "\(decode.standardError)")
        let (_, _, back) = try SimpleNPY.read(directory.appendingPathComponent("back.npy"))
        #expect(BlockCommandTests.sameBits(back, expected), "\(name): decoded values differ from the reference's")
        // Codes need a file to put the scales beside.
        let printed = ChopInProcess.run(["round", "in.npy", "--format", name, "--codes"], in: directory)
        #expect(printed.status == 64 && printed.standardError.contains("writes its scales beside the output file: give -o FILE"), "\(printed.standardError)")
    }

    @Test("--stats: values beyond fixed point's range count as overflowed and saturated, small ones as flushed")
    func statistics() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // fixed4.4 holds -8...7.9375 in steps of 1/16: 9 and -20 clamp, 0.01 (0.16 steps) flushes to 0,
        // 0.04 (0.64 steps) becomes 1/16, 1 and 2.5 stay.
        try SimpleNPY.write([9, -20, 0.01, 1, 2.5, 0.04], shape: [6], to: directory.appendingPathComponent("in.npy"))
        let result = ChopInProcess.run(["round", "in.npy", "-o", "out.npy", "--format", "fixed4.4", "--stats-json", "-"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        #expect(json["format"] as? String == "fixed4.4" && json["overflow"] as? String == "saturate")
        #expect(json["overflowed"] as? Int == 2 && json["saturated"] as? Int == 2)
        #expect(json["underflow_to_zero"] as? Int == 1 && json["unchanged"] as? Int == 2)
        let (_, _, out) = try SimpleNPY.read(directory.appendingPathComponent("out.npy"))
        #expect(out == [7.9375, -8, 0, 1, 2.5, 0.0625])
    }

    @Test("refusals: exit 64 with the problem named and nothing written", arguments: [
        (["--format", "int8", "--granularity", "channel"], "--granularity channel needs --axis K"),
        (["--format", "int8", "--granularity", "block"], "--granularity block needs --block-size N"),
        (["--format", "int8", "--granularity", "rows"], "unknown --granularity 'rows'"),
        (["--format", "int8", "--axis", "0"], "--axis and --block-size need --granularity channel or block"),
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
