import CRoundingDirection

/// The calling thread's floating-point rounding direction, set for one array loop of a
/// directed mode and set back after it (``RoundingKernel/roundInHardwareDirection(_:)``).
///
/// The two C calls are opaque to the compiler: no load of the loop's input moves above the
/// first and no store of its output below the second, so every addition of the loop runs in
/// the direction set. The loop's other operations are exact, so the direction leaves them
/// unchanged.
@usableFromInline
struct HardwareDirection {
    /// A direction the hardware rounds in.
    @usableFromInline
    enum Direction: Int32 {
        case up = 1
        case down = -1
        case towardZero = 0
    }

    @usableFromInline let saved: Int32

    /// Sets `direction`; nil, and nothing changed, where the platform cannot.
    @inlinable
    init?(_ direction: Direction) {
        let saved = chop_set_rounding_direction(direction.rawValue)
        if saved < 0 { return nil }
        self.saved = saved
    }

    /// Sets back the direction this replaced.
    @inlinable
    func restore() { chop_restore_rounding_direction(saved) }

    /// The fewest elements for which a loop sets the direction: below it, the two calls cost
    /// more than they save.
    @inlinable static var minimumCount: Int { 256 }

    /// Whether the calling thread rounds to nearest, as every other loop assumes.
    @inlinable static var roundsToNearest: Bool { chop_rounds_to_nearest() != 0 }
}
