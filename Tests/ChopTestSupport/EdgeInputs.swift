import ChopFormats

/// The inputs where rounding bugs live (see the Verification article), for one format.
public struct EdgeInputs: Sendable {
    /// Values of the format, midpoints between neighbours and the doubles one ulp either
    /// side of each, both signs.
    public var neighbourhoods: [Double] = []
    /// The overflow threshold and its neighbours, far beyond it, and the largest doubles.
    public var overflow: [Double] = []
    /// The subnormal range and below: half the least value and its neighbours, tiny
    /// doubles, binary64 subnormals.
    public var underflow: [Double] = []
    /// ±0, ±∞ and NaNs with payloads (quiet and signalling, both signs).
    public var specials: [Double] = []
    /// Random doubles over the format's exponent range and beyond, and random bit patterns.
    public var random: [Double] = []

    /// Everything, in one list.
    public var all: [Double] { neighbourhoods + overflow + underflow + specials + random }

    /// Inputs that can reach the overflow rules: the overflow set, specials, and
    /// everything within a factor 2 of the greatest finite value.
    public var overflowSensitive: [Double] {
        let threshold = format.greatestFiniteMagnitude / 2
        return overflow + specials + (neighbourhoods + random).filter { !($0.magnitude < threshold) }
    }

    public let format: FloatFormat

    /// Builds the inputs. Formats of at most 16 bits get every value; wider ones get all
    /// values of the first and last 64 significands of a dozen binades (the subnormal
    /// range, the least normals, around 1, the top) plus `sampledCodes` random codes.
    public init(format: FloatFormat, randomCount: Int = 100_000, sampledCodes: Int = 2_000, seed: UInt64 = 1) {
        self.format = format
        var generator = Xoshiro256(seed: seed)
        let codes = Self.positiveCodes(of: format, sampled: sampledCodes, using: &generator)
        var local: [Double] = []
        for code in codes {
            guard case .number(let value) = ReferenceDecoder.meaning(of: code, in: format), value >= 0 else { continue }
            local += [value, value.nextUp, value.nextDown]
            if case .number(let next) = ReferenceDecoder.meaning(of: code + 1, in: format), next > value,
                format.precision < 53
            {
                let midpoint = value > 1 ? value * 0.5 + next * 0.5 : (value + next) * 0.5
                local += [midpoint, midpoint.nextUp, midpoint.nextDown]
            }
        }
        neighbourhoods = Self.bothSigns(local.filter { $0 >= 0 && $0.isFinite })

        let max = format.greatestFiniteMagnitude
        let topQuantum = Double(sign: .plus, exponent: format.maxExponent - format.precision + 1, significand: 1)
        let threshold = max + topQuantum / 2
        var high = [max, max.nextUp, max.nextDown, threshold, threshold.nextUp, threshold.nextDown]
        high += [max + topQuantum, (max + topQuantum).nextUp, (max + topQuantum).nextDown, max * 2, max * 1.75]
        high += [.greatestFiniteMagnitude, Double.greatestFiniteMagnitude.nextDown, 0x1p1023, 0x1.8p1023]
        overflow = Self.bothSigns(high.filter { $0.isFinite })

        let least = format.leastNonzeroMagnitude
        var low = [least, least / 2, (least / 2).nextUp, (least / 2).nextDown, least / 4, least * 0.75, least * 1.5]
        low += [format.leastNormalMagnitude, format.leastNormalMagnitude / 2, format.leastNormalMagnitude.nextDown]
        low += [.leastNonzeroMagnitude, .leastNormalMagnitude, Double.leastNormalMagnitude.nextDown, 0x1p-1060, 0x1p-600]
        for _ in 0..<64 {
            low.append(Double(bitPattern: generator.next() & 0x000F_FFFF_FFFF_FFFF))  // binary64 subnormals
        }
        underflow = Self.bothSigns(low.filter { $0 > 0 })

        specials = [0, -0.0, .infinity, -.infinity, .nan, -.nan, .signalingNaN, -.signalingNaN]
        specials += [Double(bitPattern: 0x7FF8_0000_DEAD_BEEF), Double(bitPattern: 0xFFF0_0000_0000_0001)]

        let lowest = Swift.max(-1074, format.minExponent - format.precision - 3)
        let highest = Swift.min(1023, format.maxExponent + 2)
        for index in 0..<randomCount {
            if index % 20 == 19 {
                random.append(Double(bitPattern: generator.next()))  // anything at all
            } else {
                let exponent = Int.random(in: lowest...highest, using: &generator)
                let magnitude = Double(
                    sign: .plus, exponent: exponent, significand: 1 + Double(generator.next() >> 12) * 0x1p-52)
                random.append(generator.next() & 1 == 0 ? magnitude : -magnitude)
            }
        }
    }

    /// The codes of the format's nonnegative values to visit.
    private static func positiveCodes(
        of format: FloatFormat, sampled: Int, using generator: inout Xoshiro256
    ) -> [UInt64] {
        let magnitudeBits = format.bitWidth - (format.isSigned ? 1 : 0)
        if format.bitWidth <= 16 { return Array(0..<(UInt64(1) << UInt64(magnitudeBits))) }
        let y = UInt64(format.significandBitCount)
        let fields = UInt64(1) << UInt64(format.exponentBitCount)
        let oneField = UInt64(format.exponentBias)
        var interesting: Set<UInt64> = [0, 1, 2, 3, fields / 2, oneField - 1, oneField, oneField + 1]
        interesting.formUnion([fields - 4, fields - 3, fields - 2, fields - 1].filter { $0 < fields })
        var codes: [UInt64] = []
        let edge = Swift.min(UInt64(64), UInt64(1) << y)
        for field in interesting where field < fields {
            for significand in 0..<edge {
                codes.append(field << y | significand)
                codes.append(field << y | ((UInt64(1) << y) - 1 - significand))
            }
        }
        let magnitudeMask = magnitudeBits == 64 ? UInt64.max : (UInt64(1) << UInt64(magnitudeBits)) - 1
        for _ in 0..<sampled { codes.append(generator.next() & magnitudeMask) }
        return codes
    }

    private static func bothSigns(_ values: [Double]) -> [Double] { values + values.map { -$0 } }
}
