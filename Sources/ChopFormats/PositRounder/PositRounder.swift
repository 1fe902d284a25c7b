/// A posit format prepared to round in one mode (see ``PositFormat/roundedCode(_:mode:randomWord:)``
/// for what each mode does to posits).
///
/// ```swift
/// let down = try PositRounder(format: .posit16, mode: .down)
/// down.round(1.0 / 3)     // 0.333251953125
/// ```
public struct PositRounder: Sendable, Hashable {
    public let format: PositFormat
    public let mode: RoundingMode

    /// - Throws: ``FormatError/invalidRoundingMode(_:)`` for random bits outside 1...52.
    public init(format: PositFormat, mode: RoundingMode = .toNearestOrEven) throws(FormatError) {
        try mode.validate()
        self.format = format
        self.mode = mode
    }

    /// `x` rounded; stochastic modes read the top bits of `randomWord`.
    @inlinable
    public func round(_ x: Double, randomWord: UInt64 = 0) -> Double {
        mode == .toNearestOrEven ? format.round(x) : format.valueOfRoundedCode(format.roundedCode(x, mode: mode, randomWord: randomWord))
    }
}
