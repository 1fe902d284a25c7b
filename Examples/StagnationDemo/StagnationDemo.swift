// The classic stagnation demo: add a small number to a running sum many times in binary16
// and bfloat16. Round-to-nearest stalls once half an ulp of the sum exceeds the increment;
// stochastic rounding keeps the expected sum equal to the true one.
//
//     swift run -c release StagnationDemo [--count 1000000] [--seed 1]

import ArgumentParser
import Chop

@main
struct StagnationDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sum 0.01 and the harmonic series in binary16 and bfloat16, nearest vs stochastic rounding.")

    @Option(help: "Terms to add.")
    var count = 1_000_000

    @Option(help: "Seed of the stochastic runs (each run uses seed + its index).")
    var seed: UInt64 = 1

    @Option(help: "Stochastic runs to average.")
    var runs = 5

    func validate() throws {
        guard count >= 1, runs >= 1 else { throw ValidationError("--count and --runs must be at least 1") }
    }

    mutating func run() throws {
        print("Adding \(count) terms; every + rounded to the format. Stochastic: mean of \(runs) seeded runs.")
        print("")
        print(row("sum", "format", "rounding", "result", "exact", "relative error"))
        print(String(repeating: "-", count: 96))
        try report("0.01 + 0.01 + ...", HalfFormat.self) { _ in 0.01 }
        try report("0.01 + 0.01 + ...", BFloat16Format.self) { _ in 0.01 }
        try report("1 + 1/2 + 1/3 + ...", HalfFormat.self) { 1 / Double($0) }
        try report("1 + 1/2 + 1/3 + ...", BFloat16Format.self) { 1 / Double($0) }
        print("")
        print("exact: the sum of the same stored terms (each term rounded to the format once) in binary64.")
    }

    /// Prints the nearest-even and the stochastic rows for one sum in one format.
    func report<F: IEEEMinifloatFormat>(_ label: String, _: F.Type, term: (Int) -> Double) throws {
        // The terms are rounded to the format once, as stored data would be.
        let terms = (1...count).map { Minifloat<F>(term($0)) }
        let exact = terms.reduce(0.0) { $0 + $1.doubleValue }
        let nearest = sum(terms)
        var stochastic = 0.0
        for run in 0..<runs {
            let context = try RoundingContext(mode: .stochastic(), seed: seed &+ UInt64(run))
            stochastic += context.run { sum(terms) }.doubleValue
        }
        stochastic /= Double(runs)
        let name = Minifloat<F>.format.name
        print(row(label, name, "nearest-even", format(nearest.doubleValue), format(exact), format(relative(nearest.doubleValue, exact))))
        print(row(label, name, "stochastic", format(stochastic), format(exact), format(relative(stochastic, exact))))
    }

    func sum<F>(_ terms: [Minifloat<F>]) -> Minifloat<F> where F: IEEEMinifloatFormat {
        var total: Minifloat<F> = 0
        for term in terms { total += term }
        return total
    }

    func relative(_ value: Double, _ exact: Double) -> Double { abs(value - exact) / abs(exact) }

    func format(_ x: Double) -> String {
        let digits = 10_000.0
        return "\((x * digits).rounded() / digits)"
    }

    func row(_ cells: String...) -> String {
        let widths = [22, 10, 14, 14, 14, 0]
        return zip(cells, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }.joined(separator: " ")
    }
}
