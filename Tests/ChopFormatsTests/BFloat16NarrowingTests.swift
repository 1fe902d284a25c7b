import ChopFormats
import Testing

/// The bit path for `Float` arrays to bfloat16 (nearest-even, IEEE overflow) against the
/// general rounding core (itself checked against MPFR), on every upper half of a binary32
/// pattern with the lower halves that decide a rounding: 0, 1, just below, at and just above
/// the tie, 0x4000, 0xC000 and 0xFFFF — every sign, exponent (zeros, subnormals, the top
/// binade that overflows, infinities, NaNs) and every kept fraction.
@Suite("Float arrays to bfloat16: the bit path")
struct BFloat16NarrowingTests {
    static let patterns: [Float] = (0..<UInt32(1 << 16)).flatMap { high in
        [0, 1, 0x4000, 0x7FFF, 0x8000, 0x8001, 0xC000, 0xFFFF].map { Float(bitPattern: high << 16 | $0) }
    }

    @Test("in place and out of place, 1 and 3 threads, equal the core's scalar rounding")
    func againstCore() throws {
        let rounder = try FloatRounder(format: .bfloat16)
        let expected = Self.patterns.map { Float(rounder.round(Double($0))) }
        for threads in [1, 3] {
            var inPlace = Self.patterns
            try rounder.round(&inPlace, threads: threads)
            var outOfPlace = [Float](repeating: 0, count: Self.patterns.count)
            try Self.patterns.withUnsafeBufferPointer { source in
                try outOfPlace.withUnsafeMutableBufferPointer { try rounder.round(source, into: $0, threads: threads) }
            }
            for result in [inPlace, outOfPlace] {
                var mismatches: [String] = []
                for (i, (got, want)) in zip(result, expected).enumerated() {
                    if want.isNaN {
                        // A quiet NaN of the input's sign.
                        let bits = got.bitPattern
                        let ok = got.isNaN && bits & 0x0040_0000 != 0 && bits >> 31 == Self.patterns[i].bitPattern >> 31
                            && bits & 0xFFFF == 0
                        if !ok { mismatches.append("\(Self.patterns[i].bitPattern): \(bits)") }
                    } else if got.bitPattern != want.bitPattern {
                        mismatches.append("\(String(Self.patterns[i].bitPattern, radix: 16)): \(got) vs \(want)")
                    }
                }
                #expect(mismatches.isEmpty, "\(mismatches.count): \(mismatches.prefix(5))")
            }
        }
    }
}
