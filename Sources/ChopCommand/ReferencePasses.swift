import ChopFormats

/// The yardsticks `chop bench` reports a kernel against, split over the same threads as the
/// kernel (with one thread, plain loops): so a multi-threaded row is compared with what the
/// memory system gives that many threads, not with one.
enum ReferencePasses {
    /// Copies `input` into `output` (same count).
    static func copy<E: BinaryFloatingPoint & Sendable>(
        _ input: UnsafeBufferPointer<E>, into output: UnsafeMutableBufferPointer<E>, threads: Int
    ) {
        guard let source = input.baseAddress, let destination = output.baseAddress else { return }
        let from = DisjointPointer(UnsafeMutablePointer(mutating: source))
        let to = DisjointPointer(destination)
        forEachChunk(count: input.count, threads: threads) { range in
            for i in range { to.base[i] = from.base[i] }
        }
    }

    /// Multiplies every element by `one` (1, opaque to the optimizer) in place.
    static func scale<E: BinaryFloatingPoint & Sendable>(_ values: UnsafeMutableBufferPointer<E>, by one: E, threads: Int) {
        guard let base = values.baseAddress else { return }
        let pointer = DisjointPointer(base)
        forEachChunk(count: values.count, threads: threads) { range in
            for i in range { pointer.base[i] *= one }
        }
    }
}
