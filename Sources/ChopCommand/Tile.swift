import ArgumentParser

/// `--tile ROWSxCOLUMNS` (e.g. `16x16`): two-dimensional blocks over the last two dimensions,
/// both sides at least 1.
struct Tile: ExpressibleByArgument {
    let rows: Int
    let columns: Int

    init?(argument: String) {
        let sides = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard sides.count == 2, let rows = Int(sides[0]), let columns = Int(sides[1]), rows >= 1, columns >= 1 else {
            return nil
        }
        (self.rows, self.columns) = (rows, columns)
    }
}
