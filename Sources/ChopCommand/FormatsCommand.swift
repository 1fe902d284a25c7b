import ArgumentParser
import Chop
import Foundation

struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats", abstract: "List every preset format with its numbers.")

    @Flag(help: "Print a JSON array of every preset (floats, posits, block formats).")
    var json = false

    func run() {
        if json {
            let objects = FloatFormat.presets.map { FormatFacts.json($0.format, aliases: $0.aliases) }
                + PositFormat.presets.map { FormatFacts.json($0) } + BlockFormat.presets.map { FormatFacts.json($0) }
            Console.print("[" + objects.joined(separator: ",\n ") + "]")
            return
        }
        let rows = [FormatTable.columns] + FloatFormat.presets.map { FormatTable.row($0.format, name: $0.name) }
        Console.print(FormatTable.aligned(rows))
        Console.print("\nAlso: any \(FloatFormat.namePatterns.joined(separator: ", ")), and custom formats from --precision/--emax/--emin/--no-subnormals.")
        Console.print("Aliases: " + FloatFormat.presets.filter { !$0.aliases.isEmpty }
            .map { "\($0.name) (\($0.aliases.joined(separator: ", ")))" }.joined(separator: "; "))
        Console.print("\nPosits (Posit Standard 2022 es = 2, and SoftPosit's older es; any posit<N>es<E> with 2 ≤ N ≤ 64):")
        Console.print(FormatTable.aligned([FormatTable.positColumns] + PositFormat.presets.map(FormatTable.positRow)))
        Console.print("\nInteger and fixed point: int<N>, uint<N> (2 ≤ N ≤ 32, a scale per tensor, channel or block), fixed<I>.<F> (I + F ≤ 32).")
        Console.print("\nBlock formats: " + BlockFormat.presets.map(\.name).joined(separator: ", ") + " (chop info NAME shows one).")
    }
}

import ArgumentParser
