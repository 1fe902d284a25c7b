/// Where a piece of a larger array lies: the piece's shape, its origin in the whole array and
/// the whole array's shape (all row-major).
///
/// Rounding a piece as a piece gives each element the random word of its C-order index in
/// the whole array, so any chunking of an array (a Dask array's blocks, a cluster's shards)
/// rounds to the same bits as one call on the whole.
///
/// ```swift
/// // Rows 2..<4 and columns 8..<16 of a 4×16 array:
/// let piece = try ArrayPiece(shape: [2, 8], origin: [2, 8], wholeShape: [4, 16])
/// piece.lines.map(\.wholeIndex)   // [40, 56]: each line's first element in the whole
/// ```
public struct ArrayPiece: Sendable, Hashable {
    public let shape: [Int]
    public let origin: [Int]
    public let wholeShape: [Int]

    /// - Throws: ``FormatError/invalidParameters(_:)`` unless the three have the same rank,
    ///   no size is negative and the piece lies inside the whole (a piece of no elements may
    ///   sit at the whole's end).
    public init(shape: [Int], origin: [Int], wholeShape: [Int]) throws(FormatError) {
        guard shape.count == origin.count, shape.count == wholeShape.count else {
            throw .invalidParameters("a piece of shape \(shape) at origin \(origin) of a whole of shape \(wholeShape): the ranks differ")
        }
        for axis in shape.indices {
            let (size, start, whole) = (shape[axis], origin[axis], wholeShape[axis])
            guard size >= 0, start >= 0, whole >= 0, start <= whole, size <= whole - start else {
                throw .invalidParameters("a piece of shape \(shape) at origin \(origin) does not lie inside a whole of shape \(wholeShape) (axis \(axis))")
            }
        }
        var elements = 1
        for size in wholeShape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: size)
            guard !overflow else { throw .invalidParameters("a whole of shape \(wholeShape) has more elements than memory") }
            elements = product
        }
        (self.shape, self.origin, self.wholeShape) = (shape, origin, wholeShape)
    }

    /// The whole array as a piece of itself.
    public init(whole shape: [Int]) {
        (self.shape, self.origin, self.wholeShape) = (shape, Array(repeating: 0, count: shape.count), shape)
    }

    /// Elements in the piece.
    public var count: Int { shape.reduce(1, *) }

    /// Whether the piece is the whole array.
    public var isWhole: Bool { shape == wholeShape }

    /// The piece's lines along its last axis (one line for a rank-0 piece; none for an empty
    /// one), in order: each `count` elements from the piece's flat index `start`, whose whole
    /// array indices are `wholeIndex`, `wholeIndex + 1`, ….
    public var lines: [(start: Int, count: Int, wholeIndex: Int)] {
        let count = self.count
        guard count > 0 else { return [] }
        guard let last = shape.last else { return [(0, 1, 0)] }
        var strides = Array(repeating: 1, count: shape.count)
        for axis in shape.indices.dropLast().reversed() { strides[axis] = strides[axis + 1] * wholeShape[axis + 1] }
        var result: [(start: Int, count: Int, wholeIndex: Int)] = []
        result.reserveCapacity(count / last)
        var position = Array(repeating: 0, count: shape.count)
        for start in stride(from: 0, to: count, by: last) {
            let wholeIndex = zip(position, origin).enumerated().reduce(0) { $0 + ($1.element.0 + $1.element.1) * strides[$1.offset] }
            result.append((start, last, wholeIndex))
            var axis = shape.count - 2
            while axis >= 0 {
                position[axis] += 1
                if position[axis] < shape[axis] { break }
                position[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// The piece's runs of consecutive whole-array indices: ``lines``, merged where one ends
    /// where the next begins (a piece spanning whole rows is one run).
    public var runs: [(start: Int, count: Int, wholeIndex: Int)] {
        var result: [(start: Int, count: Int, wholeIndex: Int)] = []
        for line in lines {
            if let previous = result.last, previous.wholeIndex + previous.count == line.wholeIndex {
                result[result.count - 1].count += line.count
            } else {
                result.append(line)
            }
        }
        return result
    }
}
