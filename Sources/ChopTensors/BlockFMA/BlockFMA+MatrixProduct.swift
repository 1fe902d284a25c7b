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
        // B's columns as rows, so that both operands of a dot product are contiguous.
        let y = inputs.rounded((0..<(n * k)).map { b[($0 % k) * n + $0 / k] }, threads: threads)
        let addends = c.map { prepared.output.rounded($0, threads: threads) } ?? [Double](repeating: 0, count: m * n)
        let (xSplit, ySplit) = (x.map(prepared.split), y.map(prepared.split))
        let rowFinite = (0..<m).map { i in x[(i * k)..<((i + 1) * k)].allSatisfy(\.isFinite) }
        let columnFinite = (0..<n).map { j in y[(j * k)..<((j + 1) * k)].allSatisfy(\.isFinite) }
        // The column loop's operands: B row-major, inputs the unit reads as zero made zero,
        // and each input's exponent as a power of two.
        let columns = prepared.alignsInBinary64 && columnFinite.allSatisfy { $0 }
        let rowInputs = columns ? x.map(prepared.read) : []
        let columnInputs = columns ? (0..<(k * n)).map { prepared.read(y[($0 % n) * k + $0 / n]) } : []
        let powers = columnInputs.map(prepared.exponentPower)
        var result = [Double](repeating: 0, count: m * n)
        let work = m * n * max(k, 1)
        result.withUnsafeMutableBufferPointer { output in
            let pointer = DisjointPointer(output.baseAddress!)
            forEachChunk(count: m, threads: Parallelism.threads(threads, elements: work)) { rows in
                xSplit.withUnsafeBufferPointer { xs in
                    ySplit.withUnsafeBufferPointer { ys in
                        withUnsafeTemporaryAllocation(of: AlignedTerm.self, capacity: groupSize + 1) { scratch in
                            for i in rows {
                                if columns && rowFinite[i] && addends[(i * n)..<((i + 1) * n)].allSatisfy(\.isFinite) {
                                    rowInputs.withUnsafeBufferPointer { rowInputs in
                                        columnInputs.withUnsafeBufferPointer { columnInputs in
                                            powers.withUnsafeBufferPointer { powers in
                                                addends.withUnsafeBufferPointer { addends in
                                                    prepared.multiplyRow(
                                                        rowInputs.baseAddress! + i * k, columnInputs.baseAddress!, powers: powers.baseAddress!,
                                                        k: k, n: n, addends: addends.baseAddress! + i * n, into: pointer.base + i * n)
                                                }
                                            }
                                        }
                                    }
                                    continue
                                }
                                for j in 0..<n {
                                    let addend = addends[i * n + j]
                                    if !rowFinite[i] || !columnFinite[j] || !addend.isFinite {
                                        pointer.base[i * n + j] = Prepared.special(k: k, { x[i * k + $0] }, { y[j * k + $0] }, addend: addend)
                                        continue
                                    }
                                    pointer.base[i * n + j] = prepared.dot(
                                        xs.baseAddress! + i * k, ys.baseAddress! + j * k, k: k, addend: addend,
                                        scratch: scratch.baseAddress!)
                                }
                            }
                        }
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
        if !a.allSatisfy(\.isFinite) || !b.allSatisfy(\.isFinite) || !c.isFinite {
            return Prepared.special(k: a.count, { a[$0] }, { b[$0] }, addend: c)
        }
        let prepared = Prepared(self)
        let (x, y) = (a.map(prepared.split), b.map(prepared.split))
        return withUnsafeTemporaryAllocation(of: AlignedTerm.self, capacity: groupSize + 1) { scratch in
            prepared.dot(x, y, k: a.count, addend: c, scratch: scratch.baseAddress!)
        }
    }
}

extension BlockFMA.Prepared {
    /// A dot product with a NaN or an infinity among its products or addend: NaN for NaN or
    /// infinities of both signs, else that infinity.
    static func special(k: Int, _ a: (Int) -> Double, _ b: (Int) -> Double, addend c: Double) -> Double {
        var (sawNaN, positive, negative) = (c.isNaN, c == .infinity, c == -.infinity)
        for t in 0..<k {
            let p = a(t) * b(t)
            if p.isNaN { sawNaN = true } else if p == .infinity { positive = true } else if p == -.infinity { negative = true }
        }
        if sawNaN || (positive && negative) { return .nan }
        return positive ? .infinity : negative ? -.infinity : .nan
    }

    /// A whole dot product of finite values: the groups, promoted every ``BlockFMA/promoteEvery``.
    func dot(
        _ a: UnsafePointer<BlockFMA.SplitInput>, _ b: UnsafePointer<BlockFMA.SplitInput>, k: Int, addend c: Double,
        scratch: UnsafeMutablePointer<BlockFMA.AlignedTerm>
    ) -> Double {
        guard let every = model.promoteEvery else { return chain(a, b, 0..<k, addend: c, scratch: scratch) }
        var accumulator = c
        for start in stride(from: 0, to: k, by: every) {
            let partial = chain(a, b, start..<min(start + every, k), addend: 0, scratch: scratch)
            accumulator = promoted.sum(accumulator, partial)
        }
        return output.round(accumulator)
    }

    /// The groups over `range` in order, each result the next group's addend.
    func chain(
        _ a: UnsafePointer<BlockFMA.SplitInput>, _ b: UnsafePointer<BlockFMA.SplitInput>, _ range: Range<Int>, addend c: Double,
        scratch: UnsafeMutablePointer<BlockFMA.AlignedTerm>
    ) -> Double {
        var running = c
        let size = model.groupSize
        // An infinite running value (a result that overflowed) stays: an infinite addend
        // gives that infinity.
        for start in stride(from: range.lowerBound, to: range.upperBound, by: size) where running.isFinite {
            running = group(a + start, b + start, count: min(size, range.upperBound - start), addend: running, scratch: scratch)
        }
        return running
    }
}
