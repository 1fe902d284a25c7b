import ArgumentParser
import Chop
import Foundation

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

    @Argument(help: "The values to check.", transform: Console.resolve)
    var values: String

    @Argument(help: "The reference.", transform: Console.resolve)
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
            Console.print(jsonText(report, format: format))
        } else {
            Console.print(humanText(report, format: format))
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
        let histogram = zip(ComparisonReport.bucketLabels, r.histogram).map { (key: $0, value: JSONValue.int($1)) }
        let first = r.firstMismatches.map {
            JSONValue.object([
                ("index", .int($0.index)), ("value", .double($0.value)), ("reference", .double($0.reference)), ("ulps", .double($0.ulps)),
            ])
        }
        return JSONValue.object([
            ("format", .string(format.name)), ("count", .int(r.count)), ("mismatches", .int(r.mismatches)),
            ("max_ulps", .double(r.maxUlps)), ("mean_ulps", .double(r.meanUlps)), ("tolerance", .double(maxUlps)),
            ("passed", .bool(r.maxUlps <= maxUlps)), ("histogram", .object(histogram)), ("first_mismatches", .array(first)),
        ]).text
    }
}
