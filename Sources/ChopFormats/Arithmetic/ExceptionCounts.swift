/// How many operations signalled each IEEE 754 exception (see ``ExceptionFlags``): what a
/// ``RoundingContext`` with `countsExceptions` reports.
public struct ExceptionCounts: Sendable, Hashable, CustomStringConvertible {
    public var invalid: Int
    public var divisionByZero: Int
    public var overflow: Int
    public var underflow: Int
    public var inexact: Int

    public init(invalid: Int = 0, divisionByZero: Int = 0, overflow: Int = 0, underflow: Int = 0, inexact: Int = 0) {
        self.invalid = invalid
        self.divisionByZero = divisionByZero
        self.overflow = overflow
        self.underflow = underflow
        self.inexact = inexact
    }

    /// Counts one operation that signalled `flags` (for example from a runtime-path
    /// operation's `exceptions:` argument).
    public mutating func count(_ flags: ExceptionFlags) {
        if flags.contains(.invalid) { invalid += 1 }
        if flags.contains(.divisionByZero) { divisionByZero += 1 }
        if flags.contains(.overflow) { overflow += 1 }
        if flags.contains(.underflow) { underflow += 1 }
        if flags.contains(.inexact) { inexact += 1 }
    }

    /// The flags raised at least once (IEEE 754's sticky status flags).
    public var raised: ExceptionFlags {
        var flags: ExceptionFlags = []
        if invalid > 0 { flags.insert(.invalid) }
        if divisionByZero > 0 { flags.insert(.divisionByZero) }
        if overflow > 0 { flags.insert(.overflow) }
        if underflow > 0 { flags.insert(.underflow) }
        if inexact > 0 { flags.insert(.inexact) }
        return flags
    }

    public var description: String {
        "invalid \(invalid), divisionByZero \(divisionByZero), overflow \(overflow), underflow \(underflow), inexact \(inexact)"
    }
}
