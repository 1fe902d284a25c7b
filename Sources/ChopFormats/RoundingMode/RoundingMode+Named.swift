extension RoundingMode {
    /// The contract names, with the chop/Pychop numeric codes and a few common spellings.
    static let names: [(name: String, aliases: [String], mode: RoundingMode)] = [
        ("nearest-even", ["1", "nearest", "rne", "tonearestoreven"], .toNearestOrEven),
        ("up", ["2", "ru", "rtp", "toward-positive"], .up),
        ("down", ["3", "rd", "rtn", "toward-negative"], .down),
        ("toward-zero", ["4", "rz", "rtz", "truncate"], .towardZero),
        ("stochastic", ["5", "sr"], .stochastic()),
        ("stochastic-equal", ["6", "sr-equal"], .stochasticEqual),
        ("nearest-away", ["rna", "tonearestorawayfromzero"], .toNearestOrAwayFromZero),
        ("away-from-zero", ["ra", "away"], .awayFromZero),
        ("odd", ["ro", "rto", "to-odd"], .toOdd),
    ]

    /// Every contract name, in the order of the Contracts article's table.
    public static var validNames: [String] { names.map(\.name) }

    /// Parses a contract name, numeric code or alias (case-insensitive). Stochastic
    /// rounding gets `randomBits` random bits per element.
    ///
    /// - Throws: ``FormatError/unknownRoundingMode(_:)`` listing the valid names, or
    ///   ``FormatError/invalidRoundingMode(_:)`` if `randomBits` is outside 1...52.
    public init(named rawName: String, randomBits: Int? = nil) throws(FormatError) {
        let name = rawName.lowercased()
        guard let entry = Self.names.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
            throw .unknownRoundingMode(rawName)
        }
        if let randomBits {
            guard case .stochastic = entry.mode else {
                throw .invalidRoundingMode("random bits apply only to stochastic rounding, not \(entry.name)")
            }
            self = .stochastic(randomBits: randomBits)
        } else {
            self = entry.mode
        }
        try validate()
    }

    /// The contract name (`nearest-even`, `stochastic`, …).
    public var name: String {
        switch self {
        case .toNearestOrEven: "nearest-even"
        case .toNearestOrAwayFromZero: "nearest-away"
        case .up: "up"
        case .down: "down"
        case .towardZero: "toward-zero"
        case .awayFromZero: "away-from-zero"
        case .toOdd: "odd"
        case .stochastic: "stochastic"
        case .stochasticEqual: "stochastic-equal"
        }
    }

    /// Checks the mode's parameters.
    ///
    /// - Throws: ``FormatError/invalidRoundingMode(_:)`` if stochastic rounding asks for
    ///   a number of random bits outside 1...52.
    public func validate() throws(FormatError) {
        if case .stochastic(let bits) = self, !(1...Self.maxRandomBits).contains(bits) {
            throw .invalidRoundingMode("stochastic rounding takes 1...\(Self.maxRandomBits) random bits, not \(bits)")
        }
    }
}
