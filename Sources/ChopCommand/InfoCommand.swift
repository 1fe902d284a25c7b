import ArgumentParser
import Chop
import Foundation

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show one format's numbers, and how a few values round in it.")

    @Argument(help: "The format's name (or give --precision/--emax for a custom one).")
    var name: String?

    @OptionGroup var format: FormatOptions

    func run() throws {
        if let chosen = name ?? format.format, FormatRegistry.family(ofName: chosen) != .float {
            guard name == nil || format.format == nil else { throw ValidationError("give the format once, by name or with --format") }
            switch try FormatOptions.format(named: chosen) {
            case let block as BlockFormat: printBlockFormat(block)
            case let posit as PositFormat: printPosit(posit)
            case let integer as IntegerFormat: printInteger(integer)
            default: break
            }
            return
        }
        var options = format
        if let name {
            guard options.format == nil else { throw ValidationError("give the format once, by name or with --format") }
            options.format = name
        }
        let format = try options.resolve()
        Console.print(FormatTable.aligned([FormatTable.columns, FormatTable.row(format, name: format.name)]))
        Console.print("""

            encoding: \(format.bitWidth) bits = \(format.isSigned ? "sign, " : "")\(format.exponentBitCount) exponent \
            (bias \(format.exponentBias)), \(format.significandBitCount) significand; special values: \
            \(format.specialValues.rawValue); overflow by default: \(format.defaultOverflow.name)

            """)
        let samples: [Double] = [
            1.0 / 3, .pi, -0.1, format.greatestFiniteMagnitude * 1.05, format.leastNormalMagnitude / 3, 1e-300,
        ]
        let modes: [RoundingMode] = [.toNearestOrEven, .towardZero, .up, .down]
        var rows = [["x"] + modes.map(\.name) + ["code (nearest-even)"]]
        for x in samples {
            let rounded = modes.map { format.round(x, $0) }
            let code = (try? format.encode(rounded[0])).map { "0x" + String($0, radix: 16) } ?? "-"
            rows.append([String(format: "%.6g", x)] + rounded.map { FormatTable.magnitude($0) } + [code])
        }
        Console.print(FormatTable.aligned(rows))
    }
}

extension InfoCommand {
    /// A posit format's numbers and how a few values round in it.
    func printPosit(_ format: PositFormat) {
        Console.print(FormatTable.aligned([FormatTable.positColumns, FormatTable.positRow(format)]))
        Console.print("""

            encoding: \(format.bitWidth) bits = sign, regime (a run of equal bits and its end), \(format.exponentSize) \
            exponent bits, fraction; negative values are the two's complement; 0…0 is zero, 10…0 is NaR
            rounding: to nearest on the encoding, ties to the even code (the standard's); the other modes extend it \
            on the encoding; no mode rounds a real to zero or NaR (±minpos, ±maxpos)

            """)
        let modes: [RoundingMode] = [.toNearestOrEven, .towardZero, .up, .down]
        var rows = [["x"] + modes.map(\.name) + ["code (nearest-even)"]]
        for x in [1.0 / 3, .pi, -0.1, 1e6, format.greatestFiniteMagnitude * 4, format.leastNonzeroMagnitude / 4] {
            let code = format.roundedCode(x)
            rows.append(
                [String(format: "%.6g", x)] + modes.map { FormatTable.magnitude(format.round(x, $0)) } + ["0x" + String(code, radix: 16)])
        }
        Console.print(FormatTable.aligned(rows))
    }

    /// An integer or fixed-point format's codes and its quantization rule.
    func printInteger(_ format: IntegerFormat) {
        let range = format.codeRange
        let rule: String
        switch format {
        case .symmetric(let bits):
            rule = "scale s = amax / \(range.upperBound) per group; q = clamp(round(v / s), \(range.lowerBound), \(range.upperBound)); decoded q·s (int\(bits))"
        case .asymmetric:
            rule = "lo = min(min v, 0), hi = max(max v, 0), s = (hi - lo) / \(range.upperBound), zero point zp = clamp(RNE(-lo / s), 0, \(range.upperBound)); q = clamp(round(v / s) + zp, 0, \(range.upperBound)); decoded (q - zp)·s"
        case .fixed(let integerBits, let fractionBits):
            rule = "two's complement with \(fractionBits) fraction bits: q = clamp(round(v·2^\(fractionBits)), \(range.lowerBound), \(range.upperBound)), decoded q / 2^\(fractionBits): "
                + "values \(FormatTable.magnitude(Double(range.lowerBound) / Double(1 << fractionBits)))...\(FormatTable.magnitude(Double(range.upperBound) / Double(1 << fractionBits))) in steps of 2^-\(fractionBits) (\(integerBits) integer bits, the sign included), no scale"
        }
        let isFixed = if case .fixed = format { true } else { false }
        Console.print("\(format.name): \(format.bitWidth)-bit codes \(range.lowerBound)...\(range.upperBound)\n\(rule)")
        if !isFixed {
            Console.print("groups: one scale per tensor (default), per channel along an axis, or per block of N along an axis")
        }
        Console.print("rounding: any mode, applied once to the exact \(isFixed ? "value" : "quotient v / s (never through a rounded reciprocal)")")
    }

    /// A block format's element and scale numbers and its rule.
    func printBlockFormat(_ block: BlockFormat) {
        let scaleBits = Double(block.scale.bitWidth) / Double(block.blockSize)
        let elementDescription: String
        var rows = [FormatTable.columns]
        switch block.element {
        case .float(let element):
            rows.append(FormatTable.row(element, name: "element \(element.name)"))
            elementDescription = "\(element.name) (emax \(element.maxExponent), greatest \(FormatTable.magnitude(element.greatestFiniteMagnitude)))"
        case .integer8(let symmetric):
            elementDescription = "int8 k/64, k in [\(symmetric ? -127 : -128), 127]"
        }
        rows.append(FormatTable.row(block.scale.format, name: "scale \(block.scale.rawValue)"))
        Console.print(FormatTable.aligned(rows))
        let rule = block.scale == .e8m0
            ? "scale = 2^(floor(log2 amax) - \(block.element.maxExponent)), clamped to 2^-127...2^127 (E8M0)"
            : "scale = \(block.scale.rawValue)(amax / \(FormatTable.magnitude(block.element.greatestMagnitude))"
                + (block.hasTensorScale ? " / G), G = amax_tensor / (\(FormatTable.magnitude(block.scale.format.greatestFiniteMagnitude)) · \(FormatTable.magnitude(block.element.greatestMagnitude))) in binary32" : ")")
                + ", nearest-even, at most \(FormatTable.magnitude(block.scale.format.greatestFiniteMagnitude))"
        Console.print("""

            \(block.name): blocks of \(block.blockSize) elements along an axis (default the last)
            element: \(elementDescription), rounded in the chosen mode and saturated
            \(rule)
            storage: \(block.element.bitWidth) + \(scaleBits) = \(Double(block.element.bitWidth) + scaleBits) bits per element\(block.hasTensorScale ? " (plus one binary32 per tensor)" : "")
            a block with NaN or ±∞ decodes to NaN; an all-zero block to zeros
            """)
    }
}
