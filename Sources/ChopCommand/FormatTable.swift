import Chop
import Foundation

/// Tables of formats and numbers for `chop formats` and `chop info`.
enum FormatTable {
    /// A magnitude as a power of two when it is one, else with six significant digits.
    static func magnitude(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value > 0 && value == Double(sign: .plus, exponent: value.exponent, significand: 1) && abs(value.exponent) > 6 {
            return "2^\(value.exponent)"
        }
        if value == value.rounded() && value.magnitude < 1e7 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }

    static let columns = ["name", "bits", "p", "emin", "emax", "max", "min normal", "min subnormal", "u", "Inf", "NaN", "-0"]

    static func row(_ format: FloatFormat, name: String) -> [String] {
        [
            name, "\(format.bitWidth)", "\(format.precision)", "\(format.minExponent)", "\(format.maxExponent)",
            magnitude(format.greatestFiniteMagnitude), magnitude(format.leastNormalMagnitude),
            format.hasSubnormals ? magnitude(format.leastNonzeroMagnitude) : "none", "2^-\(format.precision)",
            format.hasInfinity ? "yes" : "no", format.hasNaN ? "yes" : "no", format.hasNegativeZero ? "yes" : "no",
        ]
    }

    /// Rows aligned in columns (numbers right-aligned, names left-aligned).
    static let positColumns = ["name", "bits", "es", "useed", "maxpos", "minpos", "p at 1", "encodings"]

    /// A posit format's numbers: precision counts the hidden bit at 1.0, where it is largest.
    static func positRow(_ format: PositFormat) -> [String] {
        [
            format.name, "\(format.bitWidth)", "\(format.exponentSize)", magnitude(format.useed),
            magnitude(format.greatestFiniteMagnitude), magnitude(format.leastNonzeroMagnitude), "\(format.precision)",
            "2^\(format.bitWidth)",
        ]
    }

    static func aligned(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max()! }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func json(_ format: FloatFormat, name: String, aliases: [String]) -> String {
        let fields: [(String, String)] = [
            ("name", "\"\(name)\""), ("aliases", "[" + aliases.map { "\"\($0)\"" }.joined(separator: ", ") + "]"),
            ("bits", "\(format.bitWidth)"), ("precision", "\(format.precision)"), ("emin", "\(format.minExponent)"),
            ("emax", "\(format.maxExponent)"), ("max", "\(format.greatestFiniteMagnitude)"),
            ("min_normal", "\(format.leastNormalMagnitude)"),
            ("min_subnormal", format.hasSubnormals ? "\(format.leastNonzeroMagnitude)" : "null"),
            ("unit_roundoff", "\(format.unitRoundoff)"), ("infinity", "\(format.hasInfinity)"),
            ("nan", "\(format.hasNaN)"), ("negative_zero", "\(format.hasNegativeZero)"),
            ("special_values", "\"\(format.specialValues.rawValue)\""), ("bias", "\(format.exponentBias)"),
            ("default_overflow", "\"\(format.defaultOverflow.name)\""),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats", abstract: "List every preset format with its numbers.")

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() {
        if json {
            print("[" + FloatFormat.presets.map { FormatTable.json($0.format, name: $0.name, aliases: $0.aliases) }
                .joined(separator: ",\n ") + "]")
            return
        }
        let rows = [FormatTable.columns] + FloatFormat.presets.map { FormatTable.row($0.format, name: $0.name) }
        print(FormatTable.aligned(rows))
        print("\nAlso: any \(FloatFormat.namePatterns.joined(separator: ", ")), and custom formats from --precision/--emax/--emin/--no-subnormals.")
        print("Aliases: " + FloatFormat.presets.filter { !$0.aliases.isEmpty }
            .map { "\($0.name) (\($0.aliases.joined(separator: ", ")))" }.joined(separator: "; "))
        print("\nPosits (Posit Standard 2022 es = 2, and SoftPosit's older es; any posit<N>es<E> with 2 ≤ N ≤ 64):")
        print(FormatTable.aligned([FormatTable.positColumns] + PositFormat.presets.map(FormatTable.positRow)))
        print("\nInteger and fixed point: int<N>, uint<N> (2 ≤ N ≤ 32, a scale per tensor, channel or block), fixed<I>.<F> (I + F ≤ 32).")
        print("\nBlock formats: " + BlockFormat.presets.map(\.name).joined(separator: ", ") + " (chop info NAME shows one).")
    }
}

import ArgumentParser

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
        print(FormatTable.aligned([FormatTable.columns, FormatTable.row(format, name: format.name)]))
        print("""

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
        print(FormatTable.aligned(rows))
    }
}

extension InfoCommand {
    /// A posit format's numbers and how a few values round in it.
    func printPosit(_ format: PositFormat) {
        print(FormatTable.aligned([FormatTable.positColumns, FormatTable.positRow(format)]))
        print("""

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
        print(FormatTable.aligned(rows))
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
        print("\(format.name): \(format.bitWidth)-bit codes \(range.lowerBound)...\(range.upperBound)\n\(rule)")
        if !isFixed {
            print("groups: one scale per tensor (default), per channel along an axis, or per block of N along an axis")
        }
        print("rounding: any mode, applied once to the exact \(isFixed ? "value" : "quotient v / s (never through a rounded reciprocal)")")
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
        print(FormatTable.aligned(rows))
        let rule = block.scale == .e8m0
            ? "scale = 2^(floor(log2 amax) - \(block.element.maxExponent)), clamped to 2^-127...2^127 (E8M0)"
            : "scale = \(block.scale.rawValue)(amax / \(FormatTable.magnitude(block.element.greatestMagnitude))"
                + (block.hasTensorScale ? " / G), G = amax_tensor / (\(FormatTable.magnitude(block.scale.format.greatestFiniteMagnitude)) · \(FormatTable.magnitude(block.element.greatestMagnitude))) in binary32" : ")")
                + ", nearest-even, at most \(FormatTable.magnitude(block.scale.format.greatestFiniteMagnitude))"
        print("""

            \(block.name): blocks of \(block.blockSize) elements along an axis (default the last)
            element: \(elementDescription), rounded in the chosen mode and saturated
            \(rule)
            storage: \(block.element.bitWidth) + \(scaleBits) = \(Double(block.element.bitWidth) + scaleBits) bits per element\(block.hasTensorScale ? " (plus one binary32 per tensor)" : "")
            a block with NaN or ±∞ decodes to NaN; an all-zero block to zeros
            """)
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a kernel's output with a reference, element by element, in ulps of a format.",
        discussion: """
            A holds the values to check (say, a GPU kernel's output) and B the reference (say, chop round's \
            output). Distances count format values between them (fractional ulps when a value is not in the \
            format). Prints the maximum and mean distance, a histogram, the number of mismatches and the first \
            ten; exits with status 1 when the maximum exceeds --max-ulps.
            """
    )

    @Argument(help: "The values to check.")
    var values: String

    @Argument(help: "The reference.")
    var reference: String

    @OptionGroup var format: FormatOptions

    @Option(help: "The largest distance in ulps that passes.")
    var maxUlps = 0.0

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let format = try self.format.resolveScalar(for: "chop compare measures distances in a float or posit format's ulps")
        let job = CompareJob(values: values, reference: reference, format: format)
        let report = try runReportingErrors { () throws(ChopIOError) in try job.run() }
        if json {
            print(jsonText(report, format: format))
        } else {
            print(humanText(report, format: format))
        }
        if report.maxUlps > maxUlps { throw ExitCode(1) }
    }

    private func distance(_ ulps: Double) -> String { ulps.isInfinite ? "inf" : String(format: "%.6g", ulps) }

    private func humanText(_ r: ComparisonReport, format: any ScalarFormat) -> String {
        var lines = [
            "\(values) vs \(reference) in \(format.name): \(r.count) elements, \(r.mismatches) mismatches",
            "max \(distance(r.maxUlps)) ulps, mean \(distance(r.meanUlps)) ulps (tolerance \(distance(maxUlps)))",
            "histogram:",
        ]
        for (label, count) in zip(ComparisonReport.bucketLabels, r.histogram) where count > 0 {
            lines.append("  \(label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(count)")
        }
        if !r.firstMismatches.isEmpty {
            lines.append("first mismatches (index: value, reference, ulps):")
            for m in r.firstMismatches {
                lines.append("  \(m.index): \(m.value), \(m.reference), \(distance(m.ulps))")
            }
        }
        lines.append(r.maxUlps > maxUlps ? "FAIL: above the tolerance" : "PASS")
        return lines.joined(separator: "\n")
    }

    private func jsonText(_ r: ComparisonReport, format: any ScalarFormat) -> String {
        func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
        let histogram = zip(ComparisonReport.bucketLabels, r.histogram).map { "\"\($0)\": \($1)" }.joined(separator: ", ")
        let first = r.firstMismatches.map {
            "{\"index\": \($0.index), \"value\": \(number($0.value)), \"reference\": \(number($0.reference)), \"ulps\": \(number($0.ulps))}"
        }.joined(separator: ", ")
        return "{\"format\": \"\(format.name)\", \"count\": \(r.count), \"mismatches\": \(r.mismatches), "
            + "\"max_ulps\": \(number(r.maxUlps)), \"mean_ulps\": \(number(r.meanUlps)), \"tolerance\": \(maxUlps), "
            + "\"passed\": \(r.maxUlps <= maxUlps), \"histogram\": {\(histogram)}, \"first_mismatches\": [\(first)]}"
    }
}
