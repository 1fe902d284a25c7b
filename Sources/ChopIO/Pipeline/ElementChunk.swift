/// A run of consecutive elements on their way through a job: values (with the exact tails
/// of decimal literals, where they matter) or codes.
struct ElementChunk {
    var values: [Double] = []
    /// `(index in the chunk, tail)`: element `index` is exactly `values[index] + tail`.
    var tails: [(index: Int, tail: Double)] = []
    var codes: [UInt64] = []

    var count: Int { max(values.count, codes.count) }

    mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
        tails.removeAll(keepingCapacity: true)
        codes.removeAll(keepingCapacity: true)
    }
}
