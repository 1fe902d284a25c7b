import Dispatch

/// Splits `0..<count` into at most `threads` contiguous ranges and runs `body` on each,
/// concurrently. With one thread (or one element) it runs inline.
@usableFromInline
package func forEachChunk(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let chunks = max(1, min(threads, count))
    if chunks == 1 {
        body(0..<count)
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let start = count * chunk / chunks
        let end = count * (chunk + 1) / chunks
        body(start..<end)
    }
}

/// A pointer handed to concurrent chunks that touch disjoint elements.
@usableFromInline
package struct DisjointPointer<Pointee>: @unchecked Sendable {
    @usableFromInline package let base: UnsafeMutablePointer<Pointee>
    @inlinable package init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
}
