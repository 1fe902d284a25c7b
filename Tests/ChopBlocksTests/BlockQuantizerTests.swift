import ChopBlocks
import ChopFormats
import ChopTestSupport
import Testing

/// Block quantization against the Contracts article (Block and integer formats): hand-checked blocks for each preset, random
/// tensors against the exact reference in every deterministic mode and along every axis,
/// exact round trips of the codes, stochastic rounding's reproducibility and mean.
@Suite("Block formats")
struct BlockQuantizerTests {
    /// A block of 32 holding `head` then zeros.
    static func block(_ head: [Double], size: Int = 32) -> [Double] {
        head + [Double](repeating: 0, count: size - head.count)
    }

    static func quantize(_ values: [Double], _ format: BlockFormat, mode: RoundingMode = .toNearestOrEven) throws -> BlockQuantized {
        try BlockQuantizer(format: format, mode: mode).quantize(values, shape: [values.count])
    }

    @Test("MXFP4: ties at element midpoints go to even; amax at and one ulp below a power of two")
    func mxfp4Ties() throws {
        // amax 6: shared exponent floor(log2 6) - 2 = 0, scale 1.
        let q = try Self.quantize(Self.block([6, 0.25, 0.75, 2.5, 5, -1.25, 1.75]), .mxfp4)
        #expect(q.scaleCodes[0] == 127 && q.scales[0] == 1)
        #expect(Array(q.values.prefix(7)) == [6, 0, 1, 2, 4, -1, 2])
        // amax exactly 8: scale 2, 8/2 = 4 is an element; 5/2 = 2.5 ties to 2: 4.
        let atPower = try Self.quantize(Self.block([8, 5]), .mxfp4)
        #expect(atPower.scales[0] == 2 && Array(atPower.values.prefix(2)) == [8, 4])
        // One ulp below 8: scale 1, and 7.99… saturates at 6.
        let below = try Self.quantize(Self.block([(8.0).nextDown, 3]), .mxfp4)
        #expect(below.scales[0] == 1 && Array(below.values.prefix(2)) == [6, 3])
    }

    @Test("an outlier flushes the rest of its block; blocks are independent")
    func outlier() throws {
        let values = Self.block([1000, 0.1, -0.2, 3]) + Self.block([0.1, -0.2, 3])
        let q = try Self.quantize(values, .mxfp4)
        // 1000: shared exponent 9 - 2 = 7, 1000/128 = 7.8 saturates at 6: 768.
        #expect(q.scales[0] == 128 && q.values[0] == 768 && q.values[1] == 0 && q.values[2] == -0.0 && q.values[3] == 0)
        // The second block: amax 3, scale 2^(1-2) = 0.5; 0.1/0.5 = 0.2 rounds to 0, -0.4 to -0.5.
        #expect(q.scales[1] == 0.5 && q.values[32] == 0 && q.values[33] == -0.25 && q.values[34] == 3)
    }

    @Test("all-zero blocks keep signed zeros; NaN and infinity make the whole block NaN")
    func zerosAndSpecials() throws {
        for format in [BlockFormat.mxfp8E4M3, .mxfp4, .mxfp6E2M3] {
            let zeros = try Self.quantize(Self.block([0, -0.0, 0, -0.0]), format)
            #expect(zeros.scaleCodes[0] == 0 && zeros.scales[0] == 0x1p-127)
            #expect(zeros.values.prefix(4).map { $0.sign } == [.plus, .minus, .plus, .minus])
            for special in [Double.nan, .infinity, -.infinity] {
                let q = try Self.quantize(Self.block([1, special, 2]), format)
                #expect(q.values.allSatisfy(\.isNaN) && q.scaleCodes[0] == 0xFF && q.scales[0].isNaN)
            }
        }
        let int8 = try Self.quantize(Self.block([0, -0.0]), .mxint8)
        #expect(int8.values[1].sign == .plus)
        let nv = try Self.quantize(Self.block([0, -0.0], size: 16) + Self.block([1, .nan], size: 16), .nvfp4)
        #expect(nv.values[1].sign == .minus && nv.scales[0] == 0 && nv.values[16...].allSatisfy(\.isNaN))
        #expect(nv.scaleCodes[1] == 0x7F)
    }

    @Test("scales clamp at 2^-127 and 2^127")
    func scaleClamps() throws {
        let tiny = try Self.quantize(Self.block([0x1p-140, -0x1p-141]), .mxfp8E4M3)
        #expect(tiny.scaleCodes[0] == 0 && tiny.values[0] == 0 && tiny.values[1] == -0.0)
        let huge = try Self.quantize(Self.block([0x1p200, 1]), .mxfp4)
        #expect(huge.scaleCodes[0] == 254 && huge.values[0] == 6 * 0x1p127)
        let e5m2 = try Self.quantize(Self.block([0x1p200]), .mxfp8E5M2)
        #expect(e5m2.values[0] == 57344 * 0x1p127)
    }

    @Test("MXINT8: k/64 in [-128, 127]; a negative amax separates it from mxint8-sym")
    func mxint8() throws {
        let values = Self.block([-1.995, 0.5, 1.0 / 3, 0.0078125, -0.0078125])
        let q = try Self.quantize(values, .mxint8)
        let sym = try Self.quantize(values, .mxint8Symmetric)
        #expect(q.scales[0] == 1)
        #expect(q.values[0] == -2 && sym.values[0] == -127.0 / 64)
        #expect(q.elementCodes[0] == 0x80 && sym.elementCodes[0] == 0x81)
        #expect(q.values[1] == 0.5 && q.values[2] == 21.0 / 64)
        // 0.0078125 = 0.5/64: a tie between 0 and 1/64, to even 0 (and +0 for INT8).
        #expect(q.values[3] == 0 && q.values[4] == 0 && q.values[4].sign == .plus)
    }

    @Test("the tensor amax from the data is the largest finite magnitude, wherever it and NaN/∞ lie")
    func tensorAmaxFromData() throws {
        let quantizer = try BlockQuantizer(format: .nvfp4)
        var generator = Xoshiro256(seed: 8)
        for count in [0, 1, 3, 4, 5, 8, 17, 1000] {
            for trial in 0..<20 {
                var values = (0..<count).map { _ in Double.random(in: -100...100, using: &generator) }
                if count > 0 {
                    values[Int.random(in: 0..<count, using: &generator)] = trial % 2 == 0 ? -1e300 : 5e-324
                    for _ in 0..<(trial % 4) {
                        let special: [Double] = [.nan, .infinity, -.infinity, -.nan]
                        values[Int.random(in: 0..<count, using: &generator)] = special[trial % 4]
                    }
                }
                let expected = values.filter(\.isFinite).map(\.magnitude).max() ?? 0
                // The array (contiguous) and a lazy collection (the generic path) give the given amax's scale.
                let scale = try quantizer.tensorScale(values, given: expected)
                #expect(try quantizer.tensorScale(values, given: nil) == scale, "count \(count) trial \(trial)")
                #expect(try quantizer.tensorScale(values.lazy.map { $0 }, given: nil) == scale)
            }
        }
    }

    @Test("NVFP4: tensor scale, E4M3 block scales, and the given tensor amax")
    func nvfp4() throws {
        let quantizer = try BlockQuantizer(format: .nvfp4)
        // amax 2688 = 448·6: G = 1. Block 1: amax 6, S = 1. Block 2: amax 0.06, S = e4m3(0.01)
        // = 5·2^-9, and 0.06/S = 6.144 saturates at 6.
        var values = Self.block([6, 2688, -0.25], size: 16)
        values[1] = 1.5
        values += Self.block([0.06, 0.03], size: 16)
        let q = try quantizer.quantize(values, shape: [32], tensorAmax: 2688)
        #expect(q.tensorScale == 1)
        #expect(q.scales == [1, 5 * 0x1p-9])
        #expect(Array(q.values.prefix(3)) == [6, 1.5, -0.0])
        #expect(q.values[16] == 6 * 5 * 0x1p-9 && q.values[17] == 3 * 5 * 0x1p-9)
        // From the data: amax 6, G = 6/2688 rounded to binary32.
        let fromData = try quantizer.quantize(values, shape: [32])
        #expect(fromData.tensorScale == Float(6.0 / 2688))
        #expect(throws: BlockError.self) {
            _ = try quantizer.quantize(values, shape: [32], tensorAmax: .nan)
        }
        #expect(throws: BlockError.self) { _ = try quantizer.quantize(values, shape: [32], tensorAmax: -1) }
    }

    @Test("NVFP4 block scales at and next to every E4M3 value and midpoint agree with the exact quotient, for four tensor scales")
    func nvfp4ScalesAtMidpoints() throws {
        // The scale is amax / (6·G) rounded to E4M3; the hard amaxes are the products of 6·G with
        // the E4M3 values and the midpoints between them (exact: a few bits times a binary32),
        // and the doubles a few ulps either side, where one rounding too many would show.
        // The binary64 quotient rounded once more is the exact one rounded only while
        // 53 ≥ 2p + 2 (Figueroa): a scale format beyond that would need the exact quotient.
        for scale in ScaleFormat.allCases where scale != .e8m0 {
            #expect(2 * scale.format.precision + 2 <= 53, "\(scale)")
        }
        let quantizer = try BlockQuantizer(format: .nvfp4)
        let magnitudes = BruteForceRounder(format: .e4m3fn).magnitudes
        let midpoints = zip(magnitudes, magnitudes.dropFirst()).map { ($0 + $1) / 2 } + [464, 480, 1e6]
        for tensorAmax in [2688.0, 1000, 3e-30, 7e30] {
            let divisor = 6 * Double(Float(tensorAmax / 2688))
            var amaxes: [Double] = []
            for point in magnitudes + midpoints {
                let center = point * divisor
                amaxes += [center, center.nextUp, center.nextDown, center.nextUp.nextUp, center.nextDown.nextDown]
            }
            amaxes = amaxes.filter { $0.isFinite && $0 >= 0 }
            let values = amaxes.flatMap { Self.block([$0], size: 16) }
            let q = try quantizer.quantize(values, shape: [values.count], tensorAmax: tensorAmax)
            for (block, amax) in amaxes.enumerated() {
                let exact = BlockReference.roundQuotient(amax, by: divisor, candidates: magnitudes, mode: .toNearestOrEven)
                #expect(q.scales[block] == exact, "amax \(amax), tensor amax \(tensorAmax)")
            }
        }
    }

    @Test("random tensors with outliers: every preset, deterministic mode and axis agree with the exact reference")
    func randomAgainstReference() throws {
        var generator = Xoshiro256(seed: 2024)
        let shape = [3, 5, 70]
        let count = shape.reduce(1, *)
        var values = (0..<count).map { _ in Double.random(in: -1...1, using: &generator) * Double.random(in: 0...4, using: &generator) }
        for i in stride(from: 0, to: count, by: 97) { values[i] *= 1000 }  // outliers
        values[5] = 0
        values[6] = -0.0
        let modes: [RoundingMode] = [.toNearestOrEven, .towardZero, .up, .down, .toNearestOrAwayFromZero, .toOdd]
        for format in BlockFormat.presets {
            for mode in modes {
                let quantizer = try BlockQuantizer(format: format, mode: mode)
                for axis in 0..<shape.count {
                    let q = try quantizer.quantize(values, shape: shape, axis: axis)
                    let expected = BlockReference.quantize(values, shape: shape, axis: axis, format: format, mode: mode)
                    let mismatches = zip(q.values, expected).enumerated().filter { !sameValue($0.element.0, $0.element.1) }
                    #expect(mismatches.isEmpty, "\(format) \(mode) axis \(axis): \(mismatches.prefix(3).map { "\($0.offset): \($0.element)" })")
                    #expect(quantizer.dequantize(q).elementsEqual(q.values, by: sameValue), "\(format) round trip")
                }
            }
        }
    }

    @Test("ragged final blocks, any block size, bad shapes and axes")
    func layout() throws {
        let format = try BlockFormat.mxfp4.withBlockSize(5)
        let values = (1...12).map { Double($0) }
        let q = try BlockQuantizer(format: format).quantize(values, shape: [12])
        #expect(q.scales.count == 3)
        let expected = BlockReference.quantize(values, shape: [12], axis: 0, format: format, mode: .toNearestOrEven)
        #expect(q.values == expected)
        let quantizer = try BlockQuantizer(format: .mxfp4)
        #expect(throws: BlockError.invalidShape(shape: [5], count: 12)) { _ = try quantizer.quantize(values, shape: [5]) }
        #expect(throws: BlockError.invalidAxis(axis: 2, dimensions: 2)) { _ = try quantizer.quantize(values, shape: [3, 4], axis: 2) }
        #expect(throws: BlockError.self) { _ = try BlockFormat(element: .float(.e2m1), blockSize: 0, scale: .e8m0) }
        #expect(throws: BlockError.unknownFormat("mxfp5")) { _ = try BlockFormat(named: "mxfp5") }
        #expect(try BlockFormat(named: "MXFP4") == .mxfp4)
    }

    @Test("stochastic elements: same seed same bits; the mean is the value (Hoeffding)")
    func stochastic() throws {
        let quantizer = try BlockQuantizer(format: .mxfp4, mode: .stochastic())
        let values = Self.block([6, 0.3, -0.3, 1.2])
        let first = try quantizer.quantize(values, shape: [32], seed: 9)
        #expect(try quantizer.quantize(values, shape: [32], seed: 9) == first)
        // 0.3 lies 0.6 of the way from 0 to 0.5.
        let draws = 20_000
        var ups = 0
        for seed in 0..<UInt64(draws) where try quantizer.quantize(values, shape: [32], seed: seed).values[1] == 0.5 { ups += 1 }
        let tolerance = SamplingBounds.hoeffdingTolerance(draws: draws, falseFailure: 1e-9)
        #expect(abs(Double(ups) / Double(draws) - 0.6) <= tolerance)
    }
}

@Suite("Bit packing")
struct BitPackingTests {
    @Test("FP4 pairs share a byte, low nibble first; FP6 fills three bytes with four codes")
    func layout() {
        #expect(BitPacking.pack([0x1, 0x2, 0xF], width: 4) == [0x21, 0x0F])
        // 6-bit codes a, b, c, d: bits a0-5 | b0-1 << 6, b2-5 | c0-3 << 4, c4-5 | d << 2.
        #expect(BitPacking.pack([0b000001, 0b000011, 0b000111, 0b001111], width: 6)
            == [0b1100_0001, 0b0111_0000, 0b0011_1100])
    }

    @Test("every width 1...8 round-trips random codes of every length up to 40")
    func roundTrips() {
        var generator = Xoshiro256(seed: 5)
        for width in 1...8 {
            for count in 0...40 {
                let codes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) & UInt8((1 << width) - 1) }
                let packed = BitPacking.pack(codes, width: width)
                #expect(packed.count == (count * width + 7) / 8)
                #expect(BitPacking.unpack(packed, width: width, count: count) == codes, "width \(width) count \(count)")
            }
        }
    }

    @Test("packed MXFP4 and MXFP6 elements unpack to the codes, which dequantize to the values")
    func packedBlocks() throws {
        var generator = Xoshiro256(seed: 6)
        let values = (0..<100).map { _ in Double.random(in: -3...3, using: &generator) }
        for format in [BlockFormat.mxfp4, .mxfp6E3M2, .mxfp8E4M3, .nvfp4] {
            let quantizer = try BlockQuantizer(format: format)
            let q = try quantizer.quantize(values, shape: [100])
            let unpacked = BitPacking.unpack(q.packedElements, width: format.element.bitWidth, count: values.count)
            #expect(unpacked == q.elementCodes)
            #expect(quantizer.dequantize(q) == q.values)
        }
    }
}

@Suite("README: block formats")
struct BlockReadmeTests {
    @Test("the snippet runs and its comments hold")
    func snippet() throws {
        var generator = Xoshiro256(seed: 8)
        let weights = (0..<(64 * 256)).map { _ in Double.random(in: -3...3, using: &generator) }
        let mxfp4 = try BlockQuantizer(format: .mxfp4)
        let q = try mxfp4.quantize(weights, shape: [64, 256], axis: -1)
        #expect(q.values.count == weights.count && q.scaleCodes.count == 64 * 8)
        #expect(q.packedElements.count == weights.count / 2)
        #expect(mxfp4.dequantize(q) == q.values)
        for (value, block) in zip(q.values, (0..<weights.count).map { $0 / 32 }) {
            let element = value / q.scales[block]
            #expect(FloatFormat.e2m1.round(element, .toNearestOrEven) == element)
        }
        let nvfp4 = try BlockQuantizer(format: .nvfp4, mode: .stochastic())
        let n = try nvfp4.quantize(weights, shape: [64, 256], seed: 7, tensorAmax: 12.5)
        #expect(n.tensorScale == Float(12.5 / 2688))
        let int4 = try IntegerQuantizer(format: IntegerFormat(named: "int4"), granularity: .block(size: 32, axis: -1))
        let i = try int4.quantize(weights, shape: [64, 256])
        #expect(i.scales.count == 64 * 8 && i.codes.allSatisfy { (-7...7).contains($0) })
        let tiles = try BlockQuantizer(format: .nvfp4).quantize(weights, shape: [64, 256], tile: (16, 16))
        #expect(tiles.scales.count == 4 * 16)
        let rht = try RandomHadamard(size: 16, seed: 7)
        let mixed = try nvfp4.quantizeDequantize(rht.forward(weights), shape: [64, 256], seed: 7, threads: 2)
        #expect(mixed == (try nvfp4.quantize(rht.forward(weights), shape: [64, 256], seed: 7).values))
    }
}

@Suite("Block formats: the fast values path")
struct BlockValuesPathTests {
    @Test(
        "quantizeDequantize equals quantize's values: every preset, mode (stochastic included), axis, thread count",
        arguments: [[3, 40, 37], [5, 64], [3, 4096]])
    func sameAsCodesPath(shape: [Int]) throws {
        // [3, 40, 37]: lines of 37 (a short block ends each line on the last axis), blocks
        // across lines on the others. [5, 64]: lines of whole blocks (one run per group) but
        // not for block size 7. [3, 4096]: groups of blocks inside a line.
        var generator = Xoshiro256(seed: 31)
        let count = shape.reduce(1, *)
        var values = (0..<count).map { _ in Double.random(in: -1...1, using: &generator) * Double.random(in: 0...8, using: &generator) }
        for i in stride(from: 0, to: count - 1, by: 101) {
            values[i] *= 1e6
            // Beside a large value, the least doubles: their quotients underflow to zero, and
            // still round away from it in the directed modes.
            values[i + 1] = i % 2 == 0 ? .leastNonzeroMagnitude : -.leastNonzeroMagnitude
        }
        for i in stride(from: 7, to: count, by: 211) { values[i] = 1e-300 }
        for i in 64..<96 { values[i] = i % 3 == 0 ? -0.0 : 0 }  // a block of zeros on the last axis
        values[50] = .nan
        values[200] = -.infinity
        values[250] = -0.0
        let modes: [RoundingMode] = [.toNearestOrEven, .towardZero, .up, .down, .toOdd, .stochastic(), .stochastic(randomBits: 4)]
        for format in BlockFormat.presets + [try BlockFormat.mxfp8E4M3.withBlockSize(7)] {
            for mode in modes {
                let quantizer = try BlockQuantizer(format: format, mode: mode)
                for axis in 0..<shape.count {
                    let expected = try quantizer.quantize(values, shape: shape, axis: axis, seed: 5).values
                    for threads in [1, 2] {
                        let fast = try quantizer.quantizeDequantize(values, shape: shape, axis: axis, seed: 5, threads: threads)
                        let bad = zip(fast, expected).enumerated().filter { !sameValue($0.element.0, $0.element.1) }
                        #expect(bad.isEmpty, "\(format) \(mode) axis \(axis) threads \(threads): \(bad.prefix(3))")
                    }
                }
            }
        }
    }
}

@Suite("Random Hadamard transform")
struct RandomHadamardTests {
    /// The Sylvester-Hadamard matrix entry: (-1)^popcount(i & j).
    static func entry(_ i: Int, _ j: Int) -> Double { (i & j).nonzeroBitCount % 2 == 0 ? 1 : -1 }

    @Test("forward is H·diag(s)/√n by the definition; inverse undoes it exactly for n = 16")
    func definition() throws {
        var generator = Xoshiro256(seed: 12)
        let rht = try RandomHadamard(size: 16, seed: 7)
        let x = (0..<48).map { _ in Double.random(in: -10...10, using: &generator) }
        let y = rht.forward(x)
        for group in 0..<3 {
            for i in 0..<16 {
                // Small integers times signs, summed: compare with a tolerance of a few ulps.
                let expected = (0..<16).reduce(0.0) { $0 + Self.entry(i, $1) * rht.signs[$1] * x[group * 16 + $1] } / 4
                #expect(abs(y[group * 16 + i] - expected) <= 1e-13 * 40)
            }
        }
        let integers = (0..<32).map { Double($0 % 11) - 5 }
        #expect(rht.inverse(rht.forward(integers)) == integers)
        #expect(try RandomHadamard(size: 16, seed: 7) == rht && RandomHadamard(size: 16, seed: 8).signs != rht.signs)
        #expect(Set(rht.signs) == [1, -1])
    }

    @Test("an outlier is spread evenly over its group; the norm is kept")
    func spreading() throws {
        let rht = try RandomHadamard(size: 16, seed: 1)
        var x = [Double](repeating: 0, count: 16)
        x[5] = 64
        let y = rht.forward(x)
        #expect(y.allSatisfy { $0.magnitude == 16 })
        #expect(throws: BlockError.self) { _ = try RandomHadamard(size: 12, seed: 0) }
        #expect(throws: BlockError.self) { _ = try RandomHadamard(size: 1, seed: 0) }
    }
}

@Suite("Two-dimensional blocks")
struct TileTests {
    @Test("16x16 NVFP4 tiles: one scale per tile, the same for a matrix and its transpose")
    func tiles() throws {
        var generator = Xoshiro256(seed: 21)
        let (rows, columns) = (40, 24)
        let matrix = (0..<(rows * columns)).map { _ in Double.random(in: -2...2, using: &generator) }
        let transposed = (0..<(rows * columns)).map { matrix[($0 % rows) * columns + $0 / rows] }
        let quantizer = try BlockQuantizer(format: .nvfp4)
        let q = try quantizer.quantize(matrix, shape: [rows, columns], tile: (16, 16))
        let t = try quantizer.quantize(transposed, shape: [columns, rows], tile: (16, 16))
        #expect(q.scales.count == 3 * 2 && t.scales.count == 2 * 3)
        // Tile (i, j) of the matrix is tile (j, i) of the transpose; the values transpose too.
        for i in 0..<3 { for j in 0..<2 { #expect(q.scales[i * 2 + j] == t.scales[j * 3 + i]) } }
        #expect((0..<(rows * columns)).allSatisfy { t.values[$0] == q.values[($0 % rows) * columns + $0 / rows] })
        #expect(quantizer.dequantize(q) == q.values)
        // Each tile's scale is the scale of its amax, as for a 1-D block of the same values.
        let tile = (0..<16).flatMap { r in (0..<16).map { c in matrix[r * columns + c] } }
        let flat = try quantizer.quantize(tile, shape: [256], tensorAmax: matrix.map(\.magnitude).max())
        #expect(flat.scales.allSatisfy { $0 <= q.scales[0] } && flat.scales.contains(q.scales[0]))
        #expect(throws: BlockError.self) { _ = try quantizer.quantize(matrix, shape: [960], tile: (16, 16)) }
    }
}

@Suite("Stored representations read back")
struct StoredRepresentationTests {
    @Test("codes and scale codes rebuild the result (axis and tiles); wrong counts, codes and tensor scales are refused")
    func rebuild() throws {
        var generator = Xoshiro256(seed: 33)
        let values = (0..<(6 * 40)).map { _ in Double.random(in: -3...3, using: &generator) }
        for format in BlockFormat.presets {
            let q = try BlockQuantizer(format: format).quantize(values, shape: [6, 40], axis: 0)
            let back = try BlockQuantized(
                format: format, shape: [6, 40], axis: 0, elementCodes: q.elementCodes, scaleCodes: q.scaleCodes,
                tensorScale: q.tensorScale)
            #expect(back == q, "\(format.name)")
            #expect(q.scaleShape == [40, 1])
        }
        let tiled = try BlockQuantizer(format: .nvfp4).quantize(values, shape: [6, 40], tile: (4, 16))
        #expect(tiled.scaleShape == [2, 3])
        let tiledBack = try BlockQuantized(
            format: .nvfp4, shape: [6, 40], tile: (4, 16), elementCodes: tiled.elementCodes, scaleCodes: tiled.scaleCodes,
            tensorScale: tiled.tensorScale)
        #expect(tiledBack == tiled)
        let q = try BlockQuantizer(format: .mxfp4).quantize(values, shape: [6, 40])
        #expect(throws: BlockError.self) {
            _ = try BlockQuantized(format: .mxfp4, shape: [6, 40], elementCodes: q.elementCodes, scaleCodes: q.scaleCodes.dropLast() + [])
        }
        #expect(throws: BlockError.self) {
            _ = try BlockQuantized(format: .mxfp4, shape: [6, 40], elementCodes: [16] + q.elementCodes.dropFirst(), scaleCodes: q.scaleCodes)
        }
        #expect(throws: BlockError.self) {
            _ = try BlockQuantized(format: .mxfp4, shape: [6, 40], elementCodes: q.elementCodes, scaleCodes: q.scaleCodes, tensorScale: 1)
        }
        #expect(throws: BlockError.self) {
            _ = try BlockQuantized(format: .nvfp4, shape: [6, 40], elementCodes: q.elementCodes, scaleCodes: [UInt32](repeating: 1, count: 18))
        }
        #expect(throws: BlockError.self) {
            _ = try BlockQuantized(format: .nvfp4, shape: [6, 40], elementCodes: q.elementCodes, scaleCodes: [UInt32](repeating: 0x80, count: 18), tensorScale: 1)
        }
    }
}
