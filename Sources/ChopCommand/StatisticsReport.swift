import Chop
import Foundation

/// `--stats` and `--stats-json`: what rounding did, for people and for scripts.
enum StatisticsReport {
    /// The table for any format: its name, the mode, what overflow gives, the seed used.
    static func table(_ s: RoundingStatistics, format: String, mode: RoundingMode, overflow: String, seed: UInt64) -> String {
        let rows: [(String, String)] = [
            ("elements", "\(s.count)"),
            ("NaN in / out", "\(s.nanIn) / \(s.nanOut)"),
            ("Inf in / out", "\(s.infinityIn) / \(s.infinityOut)"),
            ("overflowed", "\(s.overflowed) (to Inf \(s.overflowToInfinity), to NaN \(s.overflowToNaN), saturated \(s.saturated))"),
            ("underflowed to zero", "\(s.underflowToZero)"),
            ("became subnormal", "\(s.becameSubnormal)"),
            ("unchanged", "\(s.unchanged)"),
            ("absolute error", "max \(short(s.maxAbsoluteError)), mean \(short(s.meanAbsoluteError))"),
            ("relative error", "max \(short(s.maxRelativeError)), mean \(short(s.meanRelativeError))"),
            ("seed", mode.isStochastic ? "\(seed)" : "- (deterministic)"),
            ("peak memory", peakMemoryKilobytes().map { "\($0 / 1024) MB" } ?? "unknown"),
        ]
        let width = rows.map(\.0.count).max()!
        let header = "chop: \(format), \(mode), overflow \(overflow)"
        return ([header] + rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 })
            .joined(separator: "\n")
    }

    static func json(_ s: RoundingStatistics, format: String, mode: RoundingMode, overflow: String, seed: UInt64) -> String {
        JSONValue.object([
            ("format", .string(format)), ("rounding", .string(mode.description)), ("overflow", .string(overflow)),
            ("seed", mode.isStochastic ? .unsigned(seed) : nil), ("elements", .int(s.count)), ("nan_in", .int(s.nanIn)),
            ("nan_out", .int(s.nanOut)), ("inf_in", .int(s.infinityIn)), ("inf_out", .int(s.infinityOut)),
            ("overflowed", .int(s.overflowed)), ("overflow_to_inf", .int(s.overflowToInfinity)),
            ("overflow_to_nan", .int(s.overflowToNaN)), ("saturated", .int(s.saturated)),
            ("underflow_to_zero", .int(s.underflowToZero)), ("became_subnormal", .int(s.becameSubnormal)),
            ("unchanged", .int(s.unchanged)), ("max_abs_error", .double(s.maxAbsoluteError)),
            ("mean_abs_error", .double(s.meanAbsoluteError)), ("max_rel_error", .double(s.maxRelativeError)),
            ("mean_rel_error", .double(s.meanRelativeError)),
            ("peak_memory_kb", .optional(peakMemoryKilobytes().map(JSONValue.int))),
        ]).text
    }

    /// This process's peak resident memory (`VmHWM` of `/proc/self/status`: the address space
    /// since exec, unlike `getrusage`, which also counts a vfork parent's).
    static func peakMemoryKilobytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
            ?? line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
    }

    static func short(_ value: Double) -> String { String(format: "%.6g", value) }

}
