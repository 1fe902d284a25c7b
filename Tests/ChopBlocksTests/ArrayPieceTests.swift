import ChopBlocks
import ChopFormats
import Testing

/// Pieces of arrays (`ArrayPiece`, `round(_:piece:seed:threads:)`): any chunking of an array
/// rounds to the bits of one call on the whole, for every family that can round a piece.
@Suite("Array pieces")
struct ArrayPieceTests {
    @Test("a piece's lines are its elements' C-order indices in the whole, found by counting coordinates")
    func lines() throws {
        let whole = [3, 5, 7]
        for (shape, origin) in [([2, 3, 4], [1, 2, 3]), ([3, 5, 7], [0, 0, 0]), ([1, 5, 7], [2, 0, 0]), ([3, 1, 2], [0, 4, 5]), ([0, 2, 2], [1, 0, 0])] {
            let piece = try ArrayPiece(shape: shape, origin: origin, wholeShape: whole)
            // Every coordinate of the piece in row-major order, and its index in the whole.
            var expected: [Int] = []
            for i in 0..<shape[0] { for j in 0..<shape[1] { for k in 0..<shape[2] {
                expected.append(((origin[0] + i) * whole[1] + origin[1] + j) * whole[2] + origin[2] + k)
            } } }
            let fromLines = piece.lines.flatMap { line in (0..<line.count).map { line.wholeIndex + $0 } }
            let fromRuns = piece.runs.flatMap { run in (0..<run.count).map { run.wholeIndex + $0 } }
            #expect(fromLines == expected && fromRuns == expected, "\(shape) at \(origin)")
            #expect(piece.lines.map(\.start) == Array(stride(from: 0, to: expected.count, by: max(shape[2], 1))))
        }
        // A piece of whole rows is one run.
        #expect(try ArrayPiece(shape: [2, 5, 7], origin: [1, 0, 0], wholeShape: whole).runs.count == 1)
    }

    @Test("a piece outside the whole, or of another rank, is refused with the shapes named")
    func badPieces() {
        for (shape, origin, whole) in [([2, 2], [1, 1], [2, 2]), ([2], [0, 0], [2, 2]), ([-1, 2], [0, 0], [2, 2]), ([1, 1], [0, 3], [2, 2])] {
            #expect {
                _ = try ArrayPiece(shape: shape, origin: origin, wholeShape: whole)
            } throws: { "\($0)".contains("\(whole)") }
        }
    }

    @Test("a seed advanced by k gives word k + i at i, wrapping")
    func advancedStream() {
        let stream = RandomStream(seed: 0x1234_5678_9ABC_DEF0)
        for k in [0, 1, 1000, UInt64.max - 3, 1 << 63] as [UInt64] {
            for i in [0, 1, 2, 17] as [UInt64] {
                #expect(stream.advanced(by: k).word(at: i) == stream.word(at: k &+ i))
            }
        }
    }

    /// Rounds `values` (row-major `shape`) cut into pieces at `cuts` along each axis, each piece
    /// on its own, and reassembles them.
    static func roundInPieces(
        _ rounder: some FormatRounder, _ values: [Double], shape: [Int], cuts: [[Int]], seed: UInt64
    ) throws -> [Double] {
        var result = values
        let bounds = zip(shape, cuts).map { size, cuts in zip([0] + cuts, cuts + [size]).map { $0..<$1 } }
        for rows in bounds[0] { for columns in bounds[1] { for depth in bounds[2] {
            var piece = rows.flatMap { i in columns.flatMap { j in depth.map { k in values[(i * shape[1] + j) * shape[2] + k] } } }
            try piece.withUnsafeMutableBufferPointer {
                try rounder.round(
                    $0, piece: try ArrayPiece(shape: [rows.count, columns.count, depth.count], origin: [rows.lowerBound, columns.lowerBound, depth.lowerBound], wholeShape: shape),
                    seed: seed, threads: 2)
            }
            var next = 0
            for i in rows { for j in columns { for k in depth {
                result[(i * shape[1] + j) * shape[2] + k] = piece[next]
                next += 1
            } } }
        } } }
        return result
    }

    @Test("uneven pieces of a 3-D array equal one call, stochastic and nearest, in every family that rounds pieces",
          arguments: ["e4m3fn", "bfloat16", "posit8", "fixed4.4", "mxfp4", "mxfp8-e5m2", "mxint8", "nvfp4"])
    func piecesEqualOneCall(name: String) throws {
        let shape = [5, 6, 96]
        var generator = WyRand(seed: 7)
        let values = (0..<shape.reduce(1, *)).map { _ in Double.random(in: -3...3, using: &generator) }
        let amax = values.map(\.magnitude).max()!
        // Seven random bits: nine elements share a word, and the pieces' lines start inside words.
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 7), .toNearestOrEven] {
            let rounder: any FormatRounder = switch try FormatRegistry.format(named: name) {
            case let block as BlockFormat: try BlockRounder(format: block, mode: mode, tensorAmax: block.hasTensorScale ? amax : nil)
            case let format: try format.rounder(mode)
            }
            var whole = values
            try whole.withUnsafeMutableBufferPointer { try rounder.round($0, shape: shape, seed: 99, threads: 1) }
            let pieces = try Self.roundInPieces(rounder, values, shape: shape, cuts: [[2, 3], [1, 5], [32, 64]], seed: 99)
            #expect(pieces.map(\.bitPattern) == whole.map(\.bitPattern), "\(name) \(mode)")
            if mode.isStochastic { #expect(whole != values.map { _ in 0 }) }
        }
    }

    @Test("block pieces: cutting a block, NVFP4 without the tensor amax, stochastic blocks off the last axis, scaled integers")
    func refusedPieces() throws {
        var values = [Double](repeating: 1, count: 64)
        let cut = try ArrayPiece(shape: [2, 32], origin: [0, 16], wholeShape: [2, 64])
        try values.withUnsafeMutableBufferPointer { buffer in
            #expect { try BlockRounder(format: .mxfp4).round(buffer, piece: cut, seed: 0, threads: 1) } throws: {
                "\($0)".contains("cuts mxfp4's blocks of 32 along axis 1")
            }
            let aligned = try ArrayPiece(shape: [2, 32], origin: [0, 32], wholeShape: [2, 64])
            #expect { try BlockRounder(format: .nvfp4).round(buffer, piece: aligned, seed: 0, threads: 1) } throws: {
                "\($0)".contains("tensor amax")
            }
            let columns = try ArrayPiece(shape: [32, 2], origin: [32, 0], wholeShape: [64, 2])
            #expect { try BlockRounder(format: .mxfp4, mode: .stochastic(), axis: 0).round(buffer, piece: columns, seed: 0, threads: 1) } throws: {
                "\($0)".contains("last axis")
            }
            // Deterministic blocks along axis 0 round a piece of whole blocks.
            try BlockRounder(format: .mxfp4, axis: 0).round(buffer, piece: columns, seed: 0, threads: 1)
            #expect { try IntegerQuantizer(format: .symmetric(bits: 8)).round(buffer, piece: aligned, seed: 0, threads: 1) } throws: {
                "\($0)".contains("int8 takes its scales from the whole array")
            }
        }
    }
}
