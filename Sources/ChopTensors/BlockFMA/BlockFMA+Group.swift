import ChopFormats

extension BlockFMA {
    /// The rounders a model uses, made once per product.
    struct Prepared: Sendable {
        let model: BlockFMA
        /// The group result's rounding (``BlockFMA/groupFormat``, ``BlockFMA/finalRounding``).
        let groupRounder: FloatRounder
        /// Exact sums to binary64 by round-to-odd: a later rounding to at most 51 bits is then
        /// the exact sum's (the rounding-to-odd theorem).
        let toOdd: FloatRounder
        /// The binary32 accumulator of promotion.
        let promoted: FloatRounder
        /// The output format to nearest-even (for the addend, and after promotion).
        let output: FloatRounder
        /// The least magnitude of the input format's normal numbers, and its exponent.
        let inputLeastNormal: Double
        let inputMinExponent: Int

        init(_ model: BlockFMA) {
            self.model = model
            let mode: RoundingMode = model.finalRounding == .towardZero ? .towardZero : .toNearestOrEven
            groupRounder = try! FloatRounder(format: model.groupFormat, mode: mode, overflow: .infinity)
            toOdd = try! FloatRounder(format: .binary64, mode: .toOdd)
            promoted = try! FloatRounder(format: .binary32)
            output = try! FloatRounder(format: model.outputFormat, overflow: .infinity)
            inputMinExponent = model.inputFormat.minExponent
            inputLeastNormal = Double(sign: .plus, exponent: model.inputFormat.minExponent, significand: 1)
        }

        /// An input as the unit reads it: a subnormal is zero without input subnormals.
        @inline(__always)
        func input(_ x: Double) -> Double {
            model.inputSubnormals || x.magnitude >= inputLeastNormal ? x : (x.sign == .minus ? -0.0 : 0)
        }

        /// One group: `Σ a(i)·b(i) + c` for `i < count`, every value finite.
        func group(count: Int, _ a: (Int) -> Double, _ b: (Int) -> Double, addend c: Double) -> Double {
            guard let extraBits = model.extraBits else {
                var sum = ExactSum()
                for i in 0..<count { sum.addProduct(input(a(i)), input(b(i))) }
                sum.add(c)
                return finish(toOdd.round(sum))
            }
            return withUnsafeTemporaryAllocation(of: AlignedTerm.self, capacity: count + 1) { terms in
                var termCount = 0
                // The largest product exponent before normalisation, and the largest product of
                // significands at that exponent.
                var largestExponent = Int.min
                var largestSignificand = 0.0
                for i in 0..<count {
                    let (x, y) = (input(a(i)), input(b(i)))
                    guard x != 0, y != 0 else { continue }
                    let (ex, sx) = split(x)
                    let (ey, sy) = split(y)
                    let product = sx * sy  // exact: at most 24 significant bits
                    var exponent = ex + ey
                    if exponent > largestExponent {
                        (largestExponent, largestSignificand) = (exponent, product)
                    } else if exponent == largestExponent {
                        largestSignificand = max(largestSignificand, product)
                    }
                    // 23 fraction bits hold the product of two significands of at most 11
                    // fraction bits each; a product of 2 or more is halved, exactly.
                    var significand = Int128(product * 0x1p23)
                    if product >= 2 {
                        significand >>= 1
                        exponent += 1
                    }
                    terms[termCount] = AlignedTerm(significand: significand, exponent: exponent, isNegative: (x < 0) != (y < 0))
                    termCount += 1
                }
                var productsTermCount = termCount
                var addendExponent = Int.min
                if c != 0 && model.addend == .early {
                    addendExponent = max(c.exponent, -126)
                    let significand = Int128(c.magnitude * Double(sign: .plus, exponent: 23 - addendExponent, significand: 1))
                    terms[termCount] = AlignedTerm(significand: significand, exponent: addendExponent, isNegative: c < 0)
                    termCount += 1
                    productsTermCount = termCount - 1
                }
                guard termCount > 0 else { return finish(model.addend == .late ? c : 0) }
                // One more bit when the largest product's significands reached 2 (and it is not
                // below c).
                let widened = productsTermCount > 0 && largestSignificand >= 2 && largestExponent >= addendExponent
                let bits = extraBits + (widened ? 1 : 0)
                var largest = Int.min
                for t in 0..<termCount { largest = max(largest, terms[t].exponent) }
                var sum: Int128 = 0
                let sticky = model.stickyBit
                for t in 0..<termCount {
                    // The term moves right by its distance below the largest exponent, less the
                    // extra bits (more, when they are negative).
                    let m = bits >= 0 ? terms[t].significand << bits : terms[t].significand
                    let shift = largest - terms[t].exponent + (bits >= 0 ? 0 : -bits)
                    var aligned = shift >= 120 ? 0 : m >> shift
                    if sticky {
                        let lost = shift >= 120 ? m != 0 : aligned << shift != m
                        aligned = aligned << 1 | (lost ? 1 : 0)
                    }
                    sum += terms[t].isNegative ? -aligned : aligned
                }
                // The sum's value is sum · 2^(largest - 23 - bits), one bit lower with sticky bits.
                let scale = largest - 23 - bits - (sticky ? 1 : 0)
                if model.addend == .late && c != 0 {
                    var exact = ExactSum()
                    Self.add(sum, scaledBy: scale, to: &exact)
                    exact.add(c)
                    return finish(toOdd.round(exact))
                }
                if sum.magnitude < (1 << 53) { return finish(Double(sum) * Self.powerOfTwo(scale)) }
                var exact = ExactSum()
                Self.add(sum, scaledBy: scale, to: &exact)
                return finish(toOdd.round(exact))
            }
        }

        /// The exponent (at least the input format's emin) and the significand's magnitude.
        @inline(__always)
        func split(_ x: Double) -> (Int, Double) {
            let exponent = max(Int(x.exponent), inputMinExponent)
            return (exponent, x.magnitude * Self.powerOfTwo(-exponent))
        }

        /// A group's sum (exact, or rounded to odd in binary64) rounded to the group format;
        /// +0 for zero, infinity from `2^(emax+1)` up, subnormals flushed if the model does.
        func finish(_ value: Double) -> Double {
            guard value != 0 else { return 0 }
            let format = groupRounder.format
            if value.magnitude >= Self.powerOfTwo(format.maxExponent + 1) { return value < 0 ? -.infinity : .infinity }
            let rounded = groupRounder.round(value)
            if !model.outputSubnormals && rounded != 0 && rounded.magnitude < Self.powerOfTwo(format.minExponent) {
                return rounded < 0 ? -0.0 : 0
            }
            return rounded
        }

        /// `2^e` for the exponents a model meets (far inside binary64's normal range).
        @inline(__always)
        static func powerOfTwo(_ e: Int) -> Double { Double(sign: .plus, exponent: e, significand: 1) }

        /// `value · 2^scale` added exactly, in 32-bit limbs (each a double).
        static func add(_ value: Int128, scaledBy scale: Int, to sum: inout ExactSum) {
            let negative = value < 0
            var magnitude = value.magnitude
            var limbScale = scale
            while magnitude != 0 {
                let limb = Double(UInt32(truncatingIfNeeded: magnitude)) * powerOfTwo(limbScale)
                sum.add(negative ? -limb : limb)
                magnitude >>= 32
                limbScale += 32
            }
        }
    }

    /// One term aligned by a group: a significand with 23 fraction bits, its exponent and sign.
    struct AlignedTerm {
        var significand: Int128
        var exponent: Int
        var isNegative: Bool
    }

    /// One group as the model computes it: `Σ a[i]·b[i] + c`, the `a` and `b` values in the
    /// input format (at most ``groupSize`` of each; fewer act as zeros) and `c` in the output
    /// format, all finite.
    ///
    /// - Precondition: `a.count == b.count`, at most ``groupSize``.
    public func group(_ a: [Double], _ b: [Double], addend c: Double) -> Double {
        precondition(a.count == b.count && a.count <= groupSize, "a group of at most groupSize pairs")
        return Prepared(self).group(count: a.count, { a[$0] }, { b[$0] }, addend: c)
    }
}
