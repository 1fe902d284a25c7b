/// For every index of an array of `shape` in row-major order, `Σ index[d]·strides[d]`: where
/// that element lies in storage with those strides (in elements). The one odometer behind
/// Fortran-order reading, axis permutations, broadcasting (stride 0) and block layouts.
///
/// - Precondition: `strides.count == shape.count`.
package func stridedOffsets(shape: [Int], strides: [Int]) -> [Int] {
    precondition(strides.count == shape.count, "one stride per dimension")
    let count = shape.reduce(1, *)
    var offsets = [Int](repeating: 0, count: count)
    var index = [Int](repeating: 0, count: shape.count)
    var offset = 0
    for position in 0..<count {
        offsets[position] = offset
        var axis = shape.count - 1
        while axis >= 0 {
            index[axis] += 1
            offset += strides[axis]
            if index[axis] < shape[axis] { break }
            offset -= strides[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
    return offsets
}
