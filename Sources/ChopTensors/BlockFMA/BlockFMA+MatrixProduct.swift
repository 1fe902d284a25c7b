import ChopFormats

extension BlockFMA {
    /// `D = A·B + C` for row-major `A` (`m×k`) and `B` (`k×n`), `C` (`m×n`, or nil for zeros):
    /// A and B rounded to the input format first (nearest-even; values in it pass unchanged),
    /// C to the output format, then each element of D by ``dot(_:_:addend:)``'s groups. Rows
    /// of D are split among `threads` threads; the result does not depend on it.
    ///
    /// - Throws: ``TensorError/countMismatch(shape:count:)`` for arrays that do not hold their
    ///   matrices.
    public func multiply(
        _ a: [Double], _ b: [Double], addend c: [Double]? = nil, m: Int, k: Int, n: Int, threads: Int = Parallelism.automatic
    ) throws(TensorError) -> [Double] {
        guard m >= 0, k >= 0, n >= 0 else { throw .invalidParameter("matrix sizes \(m)×\(k)×\(n)") }
        guard a.count == m * k else { throw .countMismatch(shape: [m, k], count: a.count) }
        guard b.count == k * n else { throw .countMismatch(shape: [k, n], count: b.count) }
        if let c, c.count != m * n { throw .countMismatch(shape: [m, n], count: c.count) }
        let prepared = Prepared(self)
        let inputs = try! FloatRounder(format: inputFormat)
        let x = inputs.rounded(a, threads: threads)
        let y = inputs.rounded(b, threads: threads)
        let addends = c.map { prepared.output.rounded($0, threads: threads) } ?? [Double](repeating: 0, count: m * n)
        var result = [Double](repeating: 0, count: m * n)
        let work = m * n * max(k, 1)
        result.withUnsafeMutableBufferPointer { output in
            let pointer = DisjointPointer(output.baseAddress!)
            forEachChunk(count: m, threads: Parallelism.threads(threads, elements: work)) { rows in
                for i in rows {
                    for j in 0..<n {
                        pointer.base[i * n + j] = prepared.dot(
                            k: k, { x[i * k + $0] }, { y[$0 * n + j] }, addend: addends[i * n + j])
                    }
                }
            }
        }
        return result
    }

    /// `Σ a[t]·b[t] + c` over a whole `k` as the model computes it (values in the input
    /// format, `c` in the output format): groups in order, or runs of ``promoteEvery``
    /// promoted to binary32.
    public func dot(_ a: [Double], _ b: [Double], addend c: Double = 0) -> Double {
        precondition(a.count == b.count, "a dot product of two vectors of one length")
        return Prepared(self).dot(k: a.count, { a[$0] }, { b[$0] }, addend: c)
    }
}

extension BlockFMA.Prepared {
    /// A whole dot product: NaN and infinities first, then the groups.
    func dot(k: Int, _ a: (Int) -> Double, _ b: (Int) -> Double, addend c: Double) -> Double {
        var (sawNaN, positive, negative) = (c.isNaN, c == .infinity, c == -.infinity)
        for t in 0..<k {
            let p = input(a(t)) * input(b(t))
            if p.isNaN { sawNaN = true } else if p == .infinity { positive = true } else if p == -.infinity { negative = true }
        }
        if sawNaN || (positive && negative) { return .nan }
        if positive || negative { return positive ? .infinity : -.infinity }
        guard let every = model.promoteEvery else { return chain(0..<k, a, b, addend: c) }
        var accumulator = c
        for start in stride(from: 0, to: k, by: every) {
            let partial = chain(start..<min(start + every, k), a, b, addend: 0)
            accumulator = promoted.sum(accumulator, partial)
        }
        return output.round(accumulator)
    }

    /// The groups over `range` in order, each result the next group's addend.
    func chain(_ range: Range<Int>, _ a: (Int) -> Double, _ b: (Int) -> Double, addend c: Double) -> Double {
        var running = c
        let size = model.groupSize
        for start in stride(from: range.lowerBound, to: range.upperBound, by: size) {
            let count = min(size, range.upperBound - start)
            running = group(count: count, { a(start + $0) }, { b(start + $0) }, addend: running)
        }
        return running
    }
}
