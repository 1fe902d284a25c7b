import ChopFormats

extension BlockFMA {
    /// A finite input as the unit reads it: a signed integer significand with 11 fraction bits
    /// (every input format has at most 12 significand bits) and an exponent at least the input
    /// format's emin, so that its value is `significand · 2^(exponent - 11)`. Zero (and a
    /// flushed subnormal) has significand 0.
    struct SplitInput: Sendable {
        var significand: Int32
        var exponent: Int32
    }

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
        let inputMinExponent: Int

        init(_ model: BlockFMA) {
            self.model = model
            let mode: RoundingMode = model.finalRounding == .towardZero ? .towardZero : .toNearestOrEven
            groupRounder = try! FloatRounder(format: model.groupFormat, mode: mode, overflow: .infinity)
            toOdd = try! FloatRounder(format: .binary64, mode: .toOdd)
            promoted = try! FloatRounder(format: .binary32)
            output = try! FloatRounder(format: model.outputFormat, overflow: .infinity)
            inputMinExponent = model.inputFormat.minExponent
        }

        /// `x` (finite, with at most 12 significant bits at or above the input format's
        /// subnormal quantum) split; a subnormal is zero without input subnormals.
        @inline(__always)
        func split(_ x: Double) -> SplitInput {
            let x = read(x)
            guard x != 0, x.isFinite else { return SplitInput(significand: 0, exponent: Int32(inputMinExponent)) }
            let exponent = max(Int(x.exponent), inputMinExponent)
            let significand = Int32(x.magnitude * Self.powerOfTwo(11 - exponent))
            return SplitInput(significand: x < 0 ? -significand : significand, exponent: Int32(exponent))
        }

        /// `x` as the unit reads it: zero for a subnormal input when the model has no input
        /// subnormals.
        @inline(__always)
        func read(_ x: Double) -> Double {
            !model.inputSubnormals && x.magnitude < Self.powerOfTwo(inputMinExponent) ? 0 : x
        }

        /// One group: `Σ a[i]·b[i] + c` for `i < count`, every value finite; `scratch` holds
        /// `count + 1` terms.
        func group(
            _ a: UnsafePointer<SplitInput>, _ b: UnsafePointer<SplitInput>, count: Int, addend c: Double,
            scratch: UnsafeMutablePointer<AlignedTerm>
        ) -> Double {
            guard let extraBits = model.extraBits else {
                var sum = ExactSum()
                for i in 0..<count {
                    let (x, y) = (a[i], b[i])
                    sum.add(Double(Int64(x.significand) * Int64(y.significand)) * Self.powerOfTwo(Int(x.exponent + y.exponent) - 22))
                }
                sum.add(c)
                return finish(toOdd.round(sum))
            }
            // Products: 22 fraction bits, made 23; one of 2 or more is halved instead, its
            // exponent one more. The largest exponent before that, and its largest product.
            var termCount = 0
            var (largestExponent, largestProduct): (Int32, UInt64) = (.min, 0)
            for i in 0..<count {
                let (x, y) = (a[i], b[i])
                let product = Int64(x.significand) * Int64(y.significand)
                guard product != 0 else { continue }
                var exponent = x.exponent + y.exponent
                let magnitude = product.magnitude
                if exponent > largestExponent {
                    (largestExponent, largestProduct) = (exponent, magnitude)
                } else if exponent == largestExponent && magnitude > largestProduct {
                    largestProduct = magnitude
                }
                let significand: UInt64
                if magnitude >= 1 << 23 {
                    significand = magnitude
                    exponent += 1
                } else {
                    significand = magnitude << 1
                }
                scratch[termCount] = AlignedTerm(significand: significand, exponent: exponent, isNegative: product < 0)
                termCount += 1
            }
            let productCount = termCount
            var addendExponent = Int32.min
            if c != 0 && model.addend == .early {
                addendExponent = Int32(max(Int(c.exponent), -126))
                let significand = UInt64(c.magnitude * Self.powerOfTwo(23 - Int(addendExponent)))
                scratch[termCount] = AlignedTerm(significand: significand, exponent: addendExponent, isNegative: c < 0)
                termCount += 1
            }
            guard termCount > 0 else { return finish(model.addend == .late ? c : 0) }
            // One more bit when the largest product's significands reached 2 (and it is not
            // below c).
            let widened = productCount > 0 && largestProduct >= 1 << 23 && largestExponent >= addendExponent
            let bits = extraBits + (widened ? 1 : 0)
            var largest = Int32.min
            for t in 0..<termCount { largest = max(largest, scratch[t].exponent) }
            // Each term moves right by its distance below the largest exponent, less the extra
            // bits (more, when they are negative); what falls off is dropped or, with a sticky
            // bit, remembered in one more bit.
            let sticky = model.stickyBit
            // The sum's value is sum · 2^(largest - 23 - bits), one bit lower with sticky bits.
            let scale = Int(largest) - 23 - bits - (sticky ? 1 : 0)
            let late = model.addend == .late && c != 0
            // 64-bit words hold the aligned terms and their sum up to 30 extra bits (24 + 30 +
            // a sticky bit + carries of 256 terms < 63 bits).
            if bits <= 30 && termCount <= 256 {
                let sum = Self.alignedSum(UInt64.self, Int64.self, scratch, count: termCount, largest: largest, bits: bits, sticky: sticky)
                if !late && sum.magnitude < 1 << 53 { return finish(Double(sum) * Self.powerOfTwo(scale)) }
                return finishExactly(Int128(sum), scale: scale, addend: late ? c : 0)
            }
            let sum = Self.alignedSum(UInt128.self, Int128.self, scratch, count: termCount, largest: largest, bits: bits, sticky: sticky)
            return finishExactly(sum, scale: scale, addend: late ? c : 0)
        }

        /// `sum · 2^scale + addend`, added exactly, rounded to odd in binary64, then finished.
        func finishExactly(_ sum: Int128, scale: Int, addend: Double) -> Double {
            var exact = ExactSum()
            Self.add(sum, scaledBy: scale, to: &exact)
            exact.add(addend)
            return finish(toOdd.round(exact))
        }

        /// The terms aligned and added: each moves right by its distance below the largest
        /// exponent, less the extra bits (more, when they are negative); what falls off is
        /// dropped or, with a sticky bit, remembered in one more bit. `Word` holds every
        /// aligned term and the sum.
        @inline(__always)
        static func alignedSum<Word: FixedWidthInteger & UnsignedInteger, Signed: FixedWidthInteger & SignedInteger>(
            _: Word.Type, _: Signed.Type, _ terms: UnsafeMutablePointer<BlockFMA.AlignedTerm>, count: Int, largest: Int32, bits: Int,
            sticky: Bool
        ) -> Signed {
            let (left, moreRight) = (max(bits, 0), max(-bits, 0))
            var sum: Signed = 0
            for t in 0..<count {
                let m = Word(terms[t].significand) << left
                let shift = Int(largest - terms[t].exponent) + moreRight
                var aligned = shift >= Word.bitWidth ? 0 : m >> shift
                if sticky {
                    let lost = shift >= Word.bitWidth ? m != 0 : aligned << shift != m
                    aligned = aligned << 1 | (lost ? 1 : 0)
                }
                let value = Signed(truncatingIfNeeded: aligned)
                sum += terms[t].isNegative ? -value : value
            }
            return sum
        }

        /// A group's sum (exact, or rounded to odd in binary64) rounded to the group format;
        /// +0 for zero, infinity from `2^(emax+1)` up, subnormals flushed if the model does.
        func finish(_ value: Double) -> Double { flushed(groupRounder.round(unrounded(value))) }

        /// A group's sum before its rounding: +0 for zero, infinity from `2^(emax+1)` up (which
        /// the rounding keeps).
        @inline(__always)
        func unrounded(_ value: Double) -> Double {
            if value == 0 { return 0 }
            let limit = Self.powerOfTwo(groupRounder.format.maxExponent + 1)
            return value.magnitude >= limit ? (value < 0 ? -.infinity : .infinity) : value
        }

        /// A rounded group result, a subnormal flushed to zero if the model does.
        @inline(__always)
        func flushed(_ rounded: Double) -> Double {
            let least = Self.powerOfTwo(groupRounder.format.minExponent)
            guard !model.outputSubnormals && rounded != 0 && rounded.magnitude < least else { return rounded }
            return rounded < 0 ? -0.0 : 0
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
        var significand: UInt64
        var exponent: Int32
        var isNegative: Bool
    }

    /// One group as the model computes it: `Σ a[i]·b[i] + c`, the `a` and `b` values in the
    /// input format (at most ``groupSize`` of each; fewer act as zeros) and `c` in the output
    /// format, all finite.
    ///
    /// - Precondition: `a.count == b.count`, at most ``groupSize``.
    public func group(_ a: [Double], _ b: [Double], addend c: Double) -> Double {
        precondition(a.count == b.count && a.count <= groupSize, "a group of at most groupSize pairs")
        let prepared = Prepared(self)
        let (x, y) = (a.map(prepared.split), b.map(prepared.split))
        return withUnsafeTemporaryAllocation(of: AlignedTerm.self, capacity: a.count + 1) { scratch in
            prepared.group(x, y, count: a.count, addend: c, scratch: scratch.baseAddress!)
        }
    }
}
