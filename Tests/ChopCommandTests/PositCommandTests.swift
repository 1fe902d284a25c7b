import ChopFormats
import ChopTestSupport
import Foundation
import Testing

/// `chop round --format posit…` and `chop decode`: codes and values of
/// float64 files against the bit-string reference, exact decimal text, and the refusals.
@Suite("chop with posits")
struct PositCommandTests {
    static func codes(in url: URL) throws -> [UInt64] {
        let data = try Data(contentsOf: url)
        return stride(from: 0, to: data.count, by: 8).map { offset in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(data[offset + $1]) << (8 * $1) }
        }
    }

    @Test("codes and values of float64 .npy equal the standard's rounding", arguments: [
        PositFormat.posit8, .posit16, .posit32, .posit64, .posit8es0, .posit16es1,
    ])
    func roundFiles(_ format: PositFormat) throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = Xoshiro256(seed: UInt64(format.bitWidth))
        let n = format.bitWidth
        var values: [Double] = (0..<3000).map { _ in
            let scale = Double(format.maxScale + 3)
            return Double(
                sign: generator.next() & 1 == 0 ? .plus : .minus,
                exponent: Int(Double.random(in: -scale...scale, using: &generator)),
                significand: Double.random(in: 1..<2, using: &generator))
        }
        // Tie points of random codes and a double either side, where they are doubles.
        for _ in 0..<1000 {
            let code = UInt64.random(in: 1..<(UInt64(1) << UInt64(n - 1)), using: &generator)
            if let tie = PositReference.positiveValue(code << 1 | 1, n: n + 1, es: format.exponentSize).double {
                values += [tie, -tie.nextUp, tie.nextDown]
            }
        }
        values += [0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        try SimpleNPY.write(values, shape: [values.count], to: directory.appendingPathComponent("in.npy"))
        let round = ChopInProcess.run(["round", "in.npy", "-o", "codes.u64", "--format", format.name, "--codes"], in: directory)
        #expect(round.status == 0, "\(round.standardError)")
        let codes = try Self.codes(in: directory.appendingPathComponent("codes.u64"))
        let nar = UInt64(1) << UInt64(n - 1)
        let expected = values.map { x in
            x.isNaN || x.isInfinite ? nar : (x == 0 ? 0 : PositReference.roundedCode(x, n: n, es: format.exponentSize))
        }
        #expect(codes == expected)
        // Values: each code's value (always a double when rounded from a double).
        let valuesRun = ChopInProcess.run(["round", "in.npy", "-o", "values.npy", "--format", format.name], in: directory)
        #expect(valuesRun.status == 0, "\(valuesRun.standardError)")
        let (_, _, rounded) = try SimpleNPY.read(directory.appendingPathComponent("values.npy"))
        for (index, code) in expected.enumerated() {
            let value: Double
            if code == nar {
                value = .nan
            } else if code == 0 {
                value = 0
            } else {
                let negative = code & nar != 0
                let positive = negative ? (0 &- code) & (nar | (nar - 1)) : code
                let magnitude = PositReference.positiveValue(positive, n: n, es: format.exponentSize).double!
                value = negative ? -magnitude : magnitude
            }
            #expect(rounded[index].bitPattern == value.bitPattern || (value.isNaN && rounded[index].isNaN), "element \(index)")
        }
        // decode gives the values back.
        let decode = ChopInProcess.run(["decode", "codes.u64", "-o", "back.npy", "--format", format.name], in: directory)
        #expect(decode.status == 0, "\(decode.standardError)")
        let (_, _, back) = try SimpleNPY.read(directory.appendingPathComponent("back.npy"))
        #expect(zip(back, rounded).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
    }

    @Test("stochastic rounding: element i uses word i of the seed's stream, whatever the threads and chunks")
    func stochastic() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = Xoshiro256(seed: 3)
        let values = (0..<5000).map { _ in Double.random(in: -50...50, using: &generator) }
        try SimpleNPY.write(values, shape: [values.count], to: directory.appendingPathComponent("in.npy"))
        var outputs: [[UInt64]] = []
        for extra in [["--threads", "1"], ["--threads", "2", "--chunk-size", "777"]] {
            let result = ChopInProcess.run(
                ["round", "in.npy", "-o", "s.u64", "--format", "posit16", "--codes", "--rounding", "stochastic", "--seed", "11"] + extra,
                in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            outputs.append(try Self.codes(in: directory.appendingPathComponent("s.u64")))
        }
        let stream = RandomStream(seed: 11)
        let expected = values.enumerated().map { i, x in
            PositFormat.posit16.roundedCode(x, mode: .stochastic(), randomWord: stream.word(at: UInt64(i)))
        }
        #expect(outputs[0] == expected && outputs[1] == expected)
        #expect(expected != values.map { PositFormat.posit16.roundedCode($0) }, "some elements round away from the nearest")
    }

    @Test("--stats: overflows saturate at maxpos, nothing underflows to zero, NaN in and out, errors")
    func statistics() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write([1, 1e20, -1e-30, .nan, 0.1, 3], shape: [6], to: directory.appendingPathComponent("in.npy"))
        let result = ChopInProcess.run(["round", "in.npy", "-o", "out.npy", "--format", "posit8", "--stats-json", "-"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        #expect(json["format"] as? String == "posit8" && json["overflow"] as? String == "saturate")
        #expect(json["overflowed"] as? Int == 1 && json["saturated"] as? Int == 1)
        #expect(json["underflow_to_zero"] as? Int == 0 && json["became_subnormal"] as? Int == 0)
        #expect(json["nan_in"] as? Int == 1 && json["nan_out"] as? Int == 1)
        #expect(json["unchanged"] as? Int == 2)  // 1 and 3
    }

    @Test("decimal text is rounded from the decimal: a tail past the tie point decides")
    func exactText() throws {
        let result = ChopInProcess.run(
            ["-", "--format", "posit8"], input: Data("1.0625,1.0625000000000000001,-1.1874999999999999999\n".utf8))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "1.0,1.125,-1.125\n")
    }

    @Test("every deterministic mode: codes equal the reference's, decimal text rounded from the decimal")
    func directedModes() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = Xoshiro256(seed: 8)
        let values = (0..<2000).map { _ in Double.random(in: -3...3, using: &generator) } + [1e-30, -1e30, 1]
        try SimpleNPY.write(values, shape: [values.count], to: directory.appendingPathComponent("in.npy"))
        for (name, mode) in [("toward-zero", RoundingMode.towardZero), ("up", .up), ("down", .down), ("odd", .toOdd), ("nearest-away", .toNearestOrAwayFromZero)] {
            let result = ChopInProcess.run(
                ["round", "in.npy", "-o", "c.u64", "--format", "posit16", "--codes", "--rounding", name], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            let expected = values.map { PositReference.roundedCode($0, n: 16, es: 2, mode: mode) }
            #expect(try Self.codes(in: directory.appendingPathComponent("c.u64")) == expected, "\(name)")
        }
        // Decimal text rounds from the decimal: 1.0000000000000000001 is above 1 (its nearest
        // double), so up gives the next posit8, 1 + 1/8; -1.1874999999999999999 rounds up to -1.125.
        let result = ChopInProcess.run(
            ["-", "--format", "posit8", "--rounding", "up"], input: Data("1.0000000000000000001,-1.1874999999999999999\n".utf8))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "1.125,-1.125\n")
    }

    @Test("compare in posit ulps: steps along the encoding; integer and block formats are refused by family")
    func compare() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let format = PositFormat.posit16
        let reference = [1.0, -3, 0.1, 1e-10].map { format.round($0, .toNearestOrEven) }
        var values = reference
        values[2] = try format.decode(try format.encode(reference[2]) + 2)  // two posits up
        try SimpleNPY.write(reference, shape: [4], to: directory.appendingPathComponent("b.npy"))
        try SimpleNPY.write(values, shape: [4], to: directory.appendingPathComponent("a.npy"))
        let strict = ChopInProcess.run(["compare", "a.npy", "b.npy", "--format", "posit16", "--json"], in: directory)
        #expect(strict.status == 1, "\(strict.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(strict.standardOutput.utf8)) as? [String: Any]
        #expect(report?["max_ulps"] as? Double == 2 && report?["mismatches"] as? Int == 1)
        let loose = ChopInProcess.run(["compare", "a.npy", "b.npy", "--format", "posit16", "--max-ulps", "2"], in: directory)
        #expect(loose.status == 0, "\(loose.standardError)")
        for (name, family) in [("int8", "an integer"), ("mxfp4", "a block")] {
            let refused = ChopInProcess.run(["compare", "a.npy", "b.npy", "--format", name], in: directory)
            #expect(refused.status == 64 && refused.standardError.contains("--format \(name)") && refused.standardError.contains("\(family) format"),
                    "\(refused.standardError)")
        }
    }

    @Test("refusals: --overflow, values a narrow output cannot hold, bad names", arguments: [
        (["--format", "posit16", "--saturate"], "posits always saturate"),
        (["--format", "posit16", "--output-type", "float16"], "which binary16 cannot hold exactly"),
        (["--format", "posit65"], "posits have 2...64 bits, not 65"),
        (["--format", "posit64es5"], "maxpos 2^((n-2)·2^es) must not exceed"),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try RoundRefusal.expect(arguments, message: message, values: [1, 1e-10, 3], shape: [3])
    }
}
