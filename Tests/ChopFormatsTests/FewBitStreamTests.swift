import ChopFormats
import ChopTestSupport
import Testing

/// Stochastic rounding with R ≤ 32 random bits: one word serves ⌊64/R⌋ elements.
@Suite("few-bit stochastic streams")
struct FewBitStreamTests {
    @Test("in groups of 8k elements over 8 words, element i reads field ⌊p/8⌋ of word 8g + p mod 8; more than 32 bits take a whole word")
    func layout() {
        let stream = RandomStream(seed: 0xC0FFEE)
        for bits in [1, 5, 7, 8, 13, 16, 21, 32] {
            let k = 64 / bits
            #expect(RandomStream.elementsPerWord(bits: bits) == k)
            let mask = (UInt64(1) << UInt64(bits)) - 1
            for index in 0..<UInt64(1_200) {
                // Group g, position p, field s and word as the Contracts article states them,
                // the field read out of the whole word by a right shift, not the left shift the
                // stream uses.
                let (g, p) = (index / UInt64(8 * k), index % UInt64(8 * k))
                let s = Int(p / 8)
                let field = (stream.word(at: 8 * g + p % 8) >> UInt64(64 - bits * (s + 1))) & mask
                #expect(stream.word(at: index, bits: bits) >> UInt64(64 - bits) == field, "R=\(bits) i=\(index)")
            }
        }
        for bits in [33, 40, 52, 64] {
            #expect(RandomStream.elementsPerWord(bits: bits) == 1)
            #expect((0..<UInt64(50)).allSatisfy { stream.word(at: $0, bits: bits) == stream.word(at: $0) })
        }
    }

    @Test("arrays round each element with its bits, from any first index, in any chunking and thread count",
          arguments: [1, 3, 7, 8, 13, 16, 31, 32, 33])
    func arraysMatchTheLayout(bits: Int) throws {
        var generator = WyRand(seed: UInt64(bits))
        let values = (0..<5_003).map { _ in Double.random(in: -10...10, using: &generator) }
        let rounder = try FloatRounder(format: .e4m3fn, mode: .stochastic(randomBits: bits))
        let stream = RandomStream(seed: 5)
        for first in [0, 1, 6, 255, 257] {
            let expected = values.indices.map {
                rounder.round(values[$0], randomWord: stream.word(at: UInt64(first + $0), bits: bits))
            }
            for threads in [1, 2] {
                var rounded = values
                rounded.withUnsafeMutableBufferPointer { rounder.round($0, seed: 5, firstIndex: first, threads: threads) }
                #expect(rounded.map(\.bitPattern) == expected.map(\.bitPattern), "R=\(bits) first=\(first) threads=\(threads)")
            }
            var chunked = values
            chunked.withUnsafeMutableBufferPointer { buffer in
                var start = 0
                for size in [1, 2, 5, 300, 1_000] {
                    let end = min(start + size, buffer.count)
                    rounder.round(UnsafeMutableBufferPointer(rebasing: buffer[start..<end]), seed: 5, firstIndex: first + start, threads: 1)
                    start = end
                }
                rounder.round(UnsafeMutableBufferPointer(rebasing: buffer[start...]), seed: 5, firstIndex: first + start, threads: 1)
            }
            #expect(chunked.map(\.bitPattern) == expected.map(\.bitPattern), "R=\(bits) first=\(first) chunked")
        }
    }

    /// Each slot of a shared word must be a uniform draw of its own: the frequency of rounding
    /// away in each slot is f truncated to R bits, and two slots of one word round away together
    /// with the product of their probabilities (a bug that gave the slots the same bits, or
    /// overlapping ones, makes the joint frequency p instead of p²).
    @Test("the slots of one word are independent uniform draws", arguments: [8, 13, 16])
    func slotsAreIndependent(bits: Int) throws {
        let format = FloatFormat.binary16
        let q = format.ulpOfOne
        let x = 1 + 0.3 * q
        let probability = (0.3 * Double(1 << bits)).rounded(.down) / Double(1 << bits)
        let k = 64 / bits
        let draws = 40_000
        let rounder = try FloatRounder(format: format, mode: .stochastic(randomBits: bits))
        let rounded = rounder.rounded([Double](repeating: x, count: draws * k), seed: 77, threads: 1)
        #expect(rounded.allSatisfy { $0 == 1 || $0 == 1 + q })
        // Word d (lane d mod 8 of group ⌊d/8⌋) serves field `slot` to this element.
        func element(_ d: Int, _ slot: Int) -> Int { d / 8 * 8 * k + slot * 8 + d % 8 }
        let tolerance = SamplingBounds.hoeffdingTolerance(draws: draws, falseFailure: 1e-12)
        for slot in 0..<k {
            let away = (0..<draws).filter { rounded[element($0, slot)] != 1 }.count
            #expect(abs(Double(away) / Double(draws) - probability) < tolerance, "R=\(bits) slot \(slot)")
            let next = (slot + 1) % k
            let both = (0..<draws).filter { rounded[element($0, slot)] != 1 && rounded[element($0, next)] != 1 }.count
            #expect(abs(Double(both) / Double(draws) - probability * probability) < tolerance, "R=\(bits) slots \(slot),\(next)")
        }
    }
}
