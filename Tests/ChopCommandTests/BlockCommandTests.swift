import ChopBlocks
import ChopFormats
import ChopTestSupport
import Foundation
import Testing

/// `chop round` and `chop decode` with block formats: N-dimensional `.npy`
/// along every axis, in C and Fortran order, checked against the independent reference of
/// the test-support module; codes with their scale files; statistics; and the refusals.
@Suite("chop with block formats")
struct BlockCommandTests {
    static let shape = [3, 40, 5]

    /// Uniform values with an outlier, an all-zero block with signed zeros, and one NaN, in
    /// logical row-major order.
    static let values: [Double] = {
        var generator = Xoshiro256(seed: 606)
        var values = (0..<shape.reduce(1, *)).map { _ in Double.random(in: -4...4, using: &generator) }
        values[7] = 300  // an outlier that flushes its neighbours
        for i in 200..<260 { values[i] = i % 2 == 0 ? 0 : -0.0 }  // whole blocks of zeros along axis 2
        values[555] = .nan
        return values
    }()

    /// The file-order position of each logical (row-major) index of a Fortran array.
    static func fortranPositions(_ shape: [Int]) -> [Int] {
        let count = shape.reduce(1, *)
        return (0..<count).map { logical in
            var rest = logical
            var index = [Int](repeating: 0, count: shape.count)
            for d in shape.indices.reversed() {
                index[d] = rest % shape[d]
                rest /= shape[d]
            }
            var position = 0
            var stride = 1
            for d in shape.indices {
                position += index[d] * stride
                stride *= shape[d]
            }
            return position
        }
    }

    static func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    /// Writes the array in C or Fortran order, runs `chop round`, and returns the output in
    /// logical row-major order.
    static func round(
        fortran: Bool, _ arguments: [String], in directory: URL, values: [Double] = values, shape: [Int] = shape
    ) throws -> (result: ChopBinary.Result, values: [Double]) {
        let positions = fortranPositions(shape)
        var file = values
        if fortran { for (logical, position) in positions.enumerated() { file[position] = values[logical] } }
        try SimpleNPY.write(file, shape: shape, fortranOrder: fortran, to: directory.appendingPathComponent("in.npy"))
        let result = ChopInProcess.run(["round", "in.npy", "-o", "out.npy"] + arguments, in: directory)
        guard result.status == 0 else { return (result, []) }
        let (_, outShape, outFortran, out) = try SimpleNPY.readWithOrder(directory.appendingPathComponent("out.npy"))
        #expect(outShape == shape && outFortran == fortran, "shape and order are kept")
        return (result, fortran ? positions.map { out[$0] } : out)
    }

    @Test("every preset along every axis of a 3-d array, C and Fortran order, equals the reference", arguments: BlockFormat.presets)
    func everyAxis(_ format: BlockFormat) throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for axis in 0..<Self.shape.count {
            let expected = BlockReference.quantize(
                Self.values, shape: Self.shape, axis: axis, format: format, mode: .toNearestOrEven)
            for fortran in [false, true] {
                for axisArgument in ["\(axis)", "\(axis - Self.shape.count)"] {
                    let (result, got) = try Self.round(
                        fortran: fortran, ["--format", format.name, "--axis", axisArgument], in: directory)
                    #expect(result.status == 0, "\(result.standardError)")
                    #expect(Self.sameBits(got, expected), "\(format.name) axis \(axisArgument) fortran \(fortran)")
                }
            }
        }
    }

    /// The values the codes and scale files stand for, decoded independently of ChopBlocks'
    /// decoding: element codes by their layout, scales by theirs, blocks by multi-index.
    static func decodeIndependently(
        elementCodes: [Double], scaleCodes: [Double], scaleShape: [Int], tensorScale: Double, format: BlockFormat,
        shape: [Int], axis: Int
    ) -> [Double] {
        func meaning(_ code: Double, _ f: FloatFormat) -> Double {
            switch ReferenceDecoder.meaning(of: UInt64(code), in: f) {
            case .number(let x): x
            default: .nan
            }
        }
        var result: [Double] = []
        for (flat, code) in elementCodes.enumerated() {
            var rest = flat
            var index = [Int](repeating: 0, count: shape.count)
            for d in shape.indices.reversed() {
                index[d] = rest % shape[d]
                rest /= shape[d]
            }
            var scaleIndex = index
            let position = scaleIndex.remove(at: axis) / format.blockSize
            scaleIndex.append(position)
            let scaleFlat = scaleIndex.indices.reduce(0) { $0 * scaleShape[$1] + scaleIndex[$1] }
            let scale = meaning(scaleCodes[scaleFlat], format.scale.format)
            let element: Double
            switch format.element {
            case .float(let f): element = meaning(code, f)
            case .integer8: element = Double(Int8(bitPattern: UInt8(code))) / 64
            }
            result.append(element * (scale * tensorScale))
        }
        return result
    }

    @Test("--codes writes element codes and NAME.scales.npy (and NAME.tensor-scale.npy) that decode to the reference; chop decode reads them back", arguments: BlockFormat.presets)
    func codes(_ format: BlockFormat) throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (axis, fortran) in [(1, false), (0, true), (2, true)] {
            let expected = BlockReference.quantize(Self.values, shape: Self.shape, axis: axis, format: format, mode: .toNearestOrEven)
            let positions = Self.fortranPositions(Self.shape)
            let (result, codes) = try Self.round(
                fortran: fortran, ["--format", format.name, "--axis", "\(axis)", "--codes"], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            let (scaleDescr, scaleShape, scaleFortran, scaleCodes) = try SimpleNPY.readWithOrder(
                directory.appendingPathComponent("out.scales.npy"))
            var expectedScaleShape = Self.shape
            let extent = expectedScaleShape.remove(at: axis)
            #expect(scaleShape == expectedScaleShape + [(extent + format.blockSize - 1) / format.blockSize])
            #expect(scaleDescr == (format.scale == .binary32 ? "<u4" : "|u1") && !scaleFortran)
            var tensorScale = 1.0
            if format.hasTensorScale {
                let (descr, shape, values) = try SimpleNPY.read(directory.appendingPathComponent("out.tensor-scale.npy"))
                #expect(descr == "<f4" && shape == [] && values.count == 1)
                tensorScale = values[0]
            } else {
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.tensor-scale.npy").path))
            }
            let decoded = Self.decodeIndependently(
                elementCodes: codes, scaleCodes: scaleCodes, scaleShape: scaleShape, tensorScale: tensorScale,
                format: format, shape: Self.shape, axis: axis)
            #expect(Self.sameBits(decoded, expected), "\(format.name) axis \(axis) fortran \(fortran)")

            let decode = ChopInProcess.run(
                ["decode", "out.npy", "-o", "back.npy", "--format", format.name, "--axis", "\(axis)"], in: directory)
            #expect(decode.status == 0, "\(decode.standardError)")
            let (_, backShape, backFortran, back) = try SimpleNPY.readWithOrder(directory.appendingPathComponent("back.npy"))
            #expect(backShape == Self.shape && backFortran == fortran)
            #expect(Self.sameBits(fortran ? positions.map { back[$0] } : back, expected), "decode \(format.name)")
        }
    }

    @Test("2-d tiles, block size and scale format options, float32 and CSV inputs, the tensor amax")
    func options() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let matrix = Array(Self.values.prefix(40 * 15)).map { $0.isNaN ? 1 : $0 }
        // Tiles: the API's 2-d quantization (C and Fortran files give the same logical result).
        let tiled = try BlockQuantizer(format: .nvfp4).quantize(matrix, shape: [40, 15], tile: (16, 16)).values
        for fortran in [false, true] {
            let (result, got) = try Self.round(
                fortran: fortran, ["--format", "nvfp4", "--tile", "16x16"], in: directory, values: matrix, shape: [40, 15])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(Self.sameBits(got, tiled), "tiles fortran \(fortran)")
        }
        // --block-size and --scale-format make a general block floating-point format.
        let custom = try BlockFormat(element: .float(.e4m3fn), blockSize: 8, scale: .ue5m3)
        let (customResult, customValues) = try Self.round(
            fortran: false, ["--format", "mxfp8-e4m3", "--block-size", "8", "--scale-format", "ue5m3"], in: directory)
        #expect(customResult.status == 0, "\(customResult.standardError)")
        #expect(Self.sameBits(customValues, BlockReference.quantize(Self.values, shape: Self.shape, axis: 2, format: custom, mode: .toNearestOrEven)))
        // A given tensor amax.
        let (amaxResult, amaxValues) = try Self.round(
            fortran: false, ["--format", "nvfp4", "--tensor-amax", "1000"], in: directory)
        #expect(amaxResult.status == 0)
        #expect(Self.sameBits(amaxValues, BlockReference.quantize(Self.values, shape: Self.shape, axis: 2, format: .nvfp4, mode: .toNearestOrEven, tensorAmax: 1000)))
        // float32 in, float32 out (E8M0 results always fit the input's type).
        let floats = matrix.map { Float($0) }
        try SimpleNPY.write(floats, shape: [40, 15], to: directory.appendingPathComponent("f.npy"))
        #expect(ChopInProcess.run(["round", "f.npy", "-o", "g.npy", "--format", "mxfp4", "--axis", "0"], in: directory).status == 0)
        let (descr, _, g) = try SimpleNPY.read(directory.appendingPathComponent("g.npy"))
        #expect(descr == "<f4")
        #expect(Self.sameBits(g, BlockReference.quantize(floats.map(Double.init), shape: [40, 15], axis: 0, format: .mxfp4, mode: .toNearestOrEven)))
        // --output-type: float64 in, float32 out (for float formats too).
        for format in ["mxfp4", "bfloat16"] {
            let narrow = ChopInProcess.run(
                ["round", "in.npy", "-o", "narrow.npy", "--format", format, "--output-type", "float32"], in: directory)
            #expect(narrow.status == 0, "\(narrow.standardError)")
            let (narrowDescr, narrowShape, _) = try SimpleNPY.read(directory.appendingPathComponent("narrow.npy"))
            #expect(narrowDescr == "<f4" && narrowShape == Self.shape)
        }
        let textType = ChopInProcess.run(["round", "in.npy", "-o", "x.csv", "--format", "mxfp4", "--output-type", "float32"], in: directory)
        #expect(textType.status == 64 && textType.standardError.contains("--output-type sets the type of .npy output"))
        // CSV rows are the last axis.
        let csv = (0..<4).map { row in (0..<20).map { "\(matrix[row * 20 + $0])" }.joined(separator: ",") }.joined(separator: "\n") + "\n"
        try Data(csv.utf8).write(to: directory.appendingPathComponent("m.csv"))
        let text = ChopInProcess.run(["round", "m.csv", "--format", "mxfp6-e2m3", "--block-size", "8"], in: directory)
        #expect(text.status == 0, "\(text.standardError)")
        let printed = text.standardOutput.split(whereSeparator: { $0 == "\n" || $0 == "," }).map { Double(String($0))! }
        let e2m3 = try BlockFormat.mxfp6E2M3.withBlockSize(8)
        #expect(Self.sameBits(printed, BlockReference.quantize(Array(matrix.prefix(80)), shape: [4, 20], axis: 1, format: e2m3, mode: .toNearestOrEven)))
    }

    @Test("stochastic elements: the same seed gives the same bytes for 1 and 2 threads; another seed differs")
    func stochastic() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write(Self.values, shape: Self.shape, to: directory.appendingPathComponent("in.npy"))
        var outputs: [Data] = []
        for (threads, seed) in [(1, 5), (2, 5), (1, 6)] {
            let result = ChopInProcess.run(
                ["round", "in.npy", "-o", "s\(outputs.count).npy", "--format", "mxfp4", "--rounding", "stochastic",
                 "--seed", "\(seed)", "--threads", "\(threads)"], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            outputs.append(try Data(contentsOf: directory.appendingPathComponent("s\(outputs.count).npy")))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] != outputs[2])
    }

    @Test("--stats counts zero and NaN blocks, clamped and flushed elements, and the scales")
    func statistics() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // mxfp4, blocks of 32: zeros; a NaN; amax 7 (scale 2^0: 7 > 6 clamps, 0.1 flushes).
        var row = [Double](repeating: 0, count: 96)
        row[1] = -0.0
        row[40] = .nan
        row[64] = 7
        row[65] = 0.1
        row[66] = 1
        try SimpleNPY.write(row, shape: [96], to: directory.appendingPathComponent("in.npy"))
        let result = ChopInProcess.run(
            ["round", "in.npy", "-o", "out.npy", "--format", "mxfp4", "--stats", "--stats-json", "-"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        #expect(json["blocks"] as? Int == 3)
        #expect(json["zero_blocks"] as? Int == 1)
        #expect(json["nan_blocks"] as? Int == 1)
        #expect(json["clamped_elements"] as? Int == 1)
        #expect(json["flushed_elements"] as? Int == 1)
        let histogram = json["scale_histogram"] as! [[String: Any]]
        #expect(histogram.map { $0["scale"] as! Double } == [0x1p-127, 1])
        #expect(result.standardError.contains("clamped elements  1"))
    }

    @Test("refusals: exit 64 or 65 with one line naming the problem, and nothing written", arguments: [
        (["--format", "mxfp4", "--axis", "3"], 64, "--axis 3 is outside the 3-dimensional array of shape [3, 40, 5]"),
        (["--format", "mxfp4", "--axis", "-4"], 64, "--axis -4 is outside"),
        (["--format", "mxfp4", "--tensor-amax", "3"], 64, "--tensor-amax applies to formats with a tensor scale"),
        (["--format", "nvfp4", "--tensor-amax", "-1"], 64, "tensor amax -1.0 is not a finite non-negative number"),
        (["--format", "nvfp4", "--tensor-amax", "nan"], 64, "tensor amax nan is not a finite non-negative number"),
        (["--format", "mxfp4", "--block-size", "0"], 64, "block size 0; it must be at least 1"),
        (["--format", "mxfp4", "--scale-format", "e9m9"], 64, "unknown scale format 'e9m9'"),
        (["--format", "mxint8", "--scale-format", "ue4m3"], 64, "INT8 elements take an E8M0 scale"),
        (["--format", "e4m3fn", "--axis", "0"], 64, "apply to block formats"),
        (["--format", "mxfp4", "--tile", "16"], 64, "The value '16' is invalid for '--tile <tile>'"),
        (["--format", "mxfp4", "--saturate"], 64, "block formats always saturate"),
        (["--format", "nvfp4", "--output-type", "float16"], 64, "cannot hold exactly; write the nvfp4 values as float64"),
    ] as [([String], Int32, String)])
    func refusals(_ arguments: [String], _ status: Int32, _ message: String) throws {
        try RoundRefusal.expect(arguments, status: status, message: message, values: Self.values, shape: Self.shape)
    }

    @Test("decode refuses missing or mis-shaped scales and codes outside the element format; --codes needs -o")
    func decodeRefusals() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write(Self.values, shape: Self.shape, to: directory.appendingPathComponent("in.npy"))
        let noOutput = ChopInProcess.run(["round", "in.npy", "--format", "mxfp4", "--codes"], in: directory)
        #expect(noOutput.status == 64 && noOutput.standardError.contains("give -o FILE"), "\(noOutput.standardError)")
        #expect(ChopInProcess.run(["round", "in.npy", "-o", "c.npy", "--format", "mxfp4", "--codes"], in: directory).status == 0)
        let wrongAxis = ChopInProcess.run(["decode", "c.npy", "-o", "d.npy", "--format", "mxfp4", "--axis", "0"], in: directory)
        #expect(wrongAxis.status == 65 && wrongAxis.standardError.contains("has shape [3, 40, 1], but the codes need scales of shape [40, 5, 1]"), "\(wrongAxis.standardError)")
        let wrongFormat = ChopInProcess.run(["decode", "c.npy", "-o", "d.npy", "--format", "nvfp4"], in: directory)
        #expect(wrongFormat.status != 0, "nvfp4 needs a tensor scale file: \(wrongFormat.standardError)")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("c.scales.npy"))
        let missing = ChopInProcess.run(["decode", "c.npy", "-o", "d.npy", "--format", "mxfp4"], in: directory)
        #expect(missing.status == 74 && missing.standardError.contains("c.scales.npy: cannot open"), "\(missing.standardError)")
        // Element codes of mxfp8 are not 4-bit codes of mxfp4.
        #expect(ChopInProcess.run(["round", "in.npy", "-o", "e.npy", "--format", "mxfp8-e4m3", "--codes"], in: directory).status == 0)
        let wide = ChopInProcess.run(["decode", "e.npy", "-o", "d.npy", "--format", "mxfp4", "--scales", "e.scales.npy"], in: directory)
        #expect(wide.status == 65 && wide.standardError.contains("is not a 4-bit code"), "\(wide.standardError)")
        #expect(!ChopBinary.listing(directory).contains("d.npy"))
        // NVFP4 values need more bits than float32: decoding to .f32 is refused, not rounded.
        #expect(ChopInProcess.run(["round", "in.npy", "-o", "n.npy", "--format", "nvfp4", "--codes"], in: directory).status == 0)
        let narrow = ChopInProcess.run(["decode", "n.npy", "-o", "n.f32", "--format", "nvfp4"], in: directory)
        #expect(narrow.status == 64 && narrow.standardError.contains("which binary32 cannot hold exactly"), "\(narrow.standardError)")
        #expect(!ChopBinary.listing(directory).contains("n.f32"))
    }

    @Test("numpy reads the codes and scales, and decodes MXFP4 with them the way a kernel would", .enabled(if: PythonNumpy.isAvailable, "needs python3 with numpy"))
    func numpyDecodes() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write(Self.values.map { $0.isNaN ? 2 : $0 }, shape: Self.shape, to: directory.appendingPathComponent("in.npy"))
        for arguments in [["-o", "v.npy"], ["-o", "c.npy", "--codes"]] {
            #expect(ChopInProcess.run(["round", "in.npy", "--format", "mxfp4", "--axis", "1"] + arguments, in: directory).status == 0)
        }
        let script = """
            import numpy as np
            e2m1 = np.array([0, .5, 1, 1.5, 2, 3, 4, 6, -0., -.5, -1, -1.5, -2, -3, -4, -6])
            c = np.load('c.npy'); s = np.load('c.scales.npy'); v = np.load('v.npy')
            scale = np.exp2(s.astype(np.float64) - 127)            # (3, 5, 2): blocks last
            per_element = np.repeat(scale, 32, axis=-1)[..., :40]  # (3, 5, 40)
            decoded = e2m1[c] * np.moveaxis(per_element, -1, 1)
            print(c.dtype, c.shape, s.dtype, s.shape, np.array_equal(decoded, v))
            """
        let output = try PythonNumpy.run(script, in: directory)
        #expect(output == "uint8 (3, 40, 5) uint8 (3, 5, 2) True\n", "\(output)")
    }
}
