import ArgumentParser
import Chop

/// `--threads N`, with one meaning in every command: N ≥ 1 threads, or `0` / `auto` for the
/// automatic choice (every core for work of at least 2^20 elements, else one; see
/// `Parallelism`). Results never depend on it.
struct ThreadCount: ExpressibleByArgument, CustomStringConvertible {
    /// The count asked for; `Parallelism.automatic` (0) for the automatic choice.
    let requested: Int

    static let automatic = ThreadCount(requested: Parallelism.automatic)

    init(requested: Int) { self.requested = requested }

    init?(argument: String) {
        if argument.lowercased() == "auto" {
            self = .automatic
            return
        }
        guard let count = Int(argument), count >= 0 else { return nil }
        requested = count
    }

    /// The threads for work of `elements` elements.
    func resolved(elements: Int) -> Int { Parallelism.threads(requested, elements: elements) }

    var description: String { requested == Parallelism.automatic ? "auto" : "\(requested)" }
    var defaultValueDescription: String { description }
}
