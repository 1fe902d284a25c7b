/// Array rounding to a posit format (nearest, ties to the even code), vectorized where the
/// posit grid is a float grid.
///
/// Where a code holds `room ≥ 1` fraction bits at a value's scale `s`, the posits around it
/// are the multiples of `2^(s - room)` and the code's tie rule is the float rule (ties to an
/// even last fraction bit; a carry into the next binade gives `2^(s+1)`, also a posit), so
/// the value rounds like a float: `(a + C) - C` with the shifter `C = 2^(s - room + 52)`.
/// Every step is floating-point arithmetic on whole lanes, without a branch:
///
/// - the biased exponent `E` as a double (its bits under 2^52's exponent, minus 2^52);
/// - the regime `k = floor(s / 2^es)` as `k + 1024 = nearest((E + 1024·2^es - 1023)·2^-es
///   - 1/2 + 2^-(es+1))`, whose fraction part is never a half (the shifter 2^52 rounds it);
/// - the regime's run beyond its first bit, `k` or `-k - 1`, as `|k + 1/2| - 1/2`, and
///   `room = n - 3 - es - run`;
/// - the shifter from its exponent `E - room + 52`, put under 2^52's bits and shifted into
///   place.
///
/// Values the float grid does not describe (`room < 1`: exponent bits rounded, saturation
/// at minpos and maxpos; zeros' signs; subnormals, ±∞ and NaN) are left as they are and
/// counted; a block with any of them is then rounded again by the scalar ``round(_:)``,
/// which leaves the posits already there unchanged.
extension PositFormat {
    /// Rounds every element in place (NaN for NaN and ±∞; never to zero or NaR otherwise).
    /// The same as ``round(_:)`` on each element, for any `threads` (see ``Parallelism``).
    public func round(_ values: UnsafeMutableBufferPointer<Double>, threads: Int = Parallelism.automatic) {
        guard let base = values.baseAddress else { return }
        roundBlocks(from: base, into: base, count: values.count, threads: threads)
    }

    /// Rounds `source` into `destination`, which must have the same count and must not
    /// overlap it (use the in-place form for that). See ``round(_:threads:)``.
    public func round(
        _ source: UnsafeBufferPointer<Double>, into destination: UnsafeMutableBufferPointer<Double>, threads: Int = Parallelism.automatic
    ) {
        precondition(source.count == destination.count, "source and destination counts differ")
        guard let input = source.baseAddress, let output = destination.baseAddress else { return }
        roundBlocks(from: UnsafeMutablePointer(mutating: input), into: output, count: source.count, threads: threads)
    }

    /// Blocks of ``PositGrid/blockSize`` elements: the grid's pass, then, only where it left
    /// values, the scalar rounding of the block's results (posits stay as they are).
    func roundBlocks(
        from source: UnsafeMutablePointer<Double>, into destination: UnsafeMutablePointer<Double>, count: Int, threads: Int
    ) {
        let input = DisjointPointer(source)
        let output = DisjointPointer(destination)
        let grid = PositGrid(self)
        forEachChunk(count: count, threads: Parallelism.threads(threads, elements: count)) { range in
            var start = range.lowerBound
            while start < range.upperBound {
                let length = min(PositGrid.blockSize, range.upperBound - start)
                let block = output.base + start
                if grid.round(input.base + start, into: block, count: length) != 0 {
                    for i in 0..<length { block[i] = round(block[i]) }
                }
                start += length
            }
        }
    }
}

/// The constants of ``PositFormat``'s vectorized array rounding.
@usableFromInline
struct PositGrid: Sendable {
    @usableFromInline static var blockSize: Int { 256 }

    /// `2^-es`.
    @usableFromInline let inverseUseedExponent: Double
    /// `(1024·2^es - 1023)·2^-es - 1/2 + 2^-(es+1)`.
    @usableFromInline let regimeOffset: Double
    /// `n - 3 - es + 1/2`.
    @usableFromInline let roomOffset: Double

    @usableFromInline
    init(_ format: PositFormat) {
        let es = format.exponentSize
        inverseUseedExponent = .powerOfTwo(-es)
        regimeOffset = Double((1024 << es) - 1023) * .powerOfTwo(-es) - 0.5 + .powerOfTwo(-es - 1)
        roomOffset = Double(format.bitWidth - 3 - es) + 0.5
    }

    /// Writes the elements on the float grid rounded and the others as they are; returns how
    /// many it left (0 when the block is done). `destination` may be `source`.
    @usableFromInline
    func round(_ source: UnsafePointer<Double>, into destination: UnsafeMutablePointer<Double>, count: Int) -> Int {
        var left = 0
        for i in 0..<count {
            let x = source[i]
            let bits = x.bitPattern
            let magnitude = Double(bitPattern: bits & ~(1 << 63))
            let biased = Double(bitPattern: (bits &<< 1) &>> 53 | 0x4330_0000_0000_0000) - 0x1p52
            let regime = ((biased * inverseUseedExponent + regimeOffset) + 0x1p52) - 0x1p52
            let room = roomOffset - (regime - 1023.5).magnitude
            let shifterExponent = biased - room + 52
            let shifter = Double(bitPattern: (shifterExponent + 0x1p52).bitPattern &<< 52)
            let rounded = room >= 52 ? magnitude : (magnitude + shifter) - shifter
            // Off the grid: no fraction bit, or a shifter beyond binary64's range. A zero is
            // always off it (its `room` is negative), so `!=` excludes exactly the zeros.
            let offGrid = (min(room - 1, 2046 - shifterExponent) < 0) != (magnitude == 0)
            left &+= offGrid ? 1 : 0
            let result = Double(bitPattern: rounded.bitPattern | bits & (1 << 63))
            destination[i] = magnitude == 0 ? 0 : offGrid ? x : result
        }
        return left
    }
}
