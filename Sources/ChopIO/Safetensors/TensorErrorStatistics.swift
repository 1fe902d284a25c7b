import RealModule

/// What rounding did to one tensor: the numbers `chop round --stats` prints per tensor of a
/// checkpoint.
public struct TensorErrorStatistics: Sendable, Equatable {
    public var count = 0
    /// Finite inputs beyond the format's greatest finite magnitude (scalar formats; formats
    /// with scales adapt them to the data and count none).
    public var overflowed = 0
    /// Nonzero finite inputs that became zero.
    public var flushed = 0
    /// The largest `|y - x| / |x|` over nonzero finite inputs with finite results.
    public var maxRelativeError = 0.0
    /// `Σx²` and `Σ(y - x)²` over finite inputs with finite results.
    public var signalEnergy = 0.0
    public var noiseEnergy = 0.0

    public init() {}

    /// Signal-to-quantization-noise ratio in decibels, `10·log10(Σx² / Σ(y-x)²)`: +∞ when
    /// nothing changed.
    public var signalToNoiseDecibels: Double {
        noiseEnergy == 0 ? .infinity : 10 * Double.log10(signalEnergy / noiseEnergy)
    }

    /// Adds inputs `x` and their results `y`; `greatestFinite` is the format's largest finite
    /// magnitude for scalar formats, nil for formats with scales.
    public mutating func add(inputs x: [Double], outputs y: [Double], greatestFinite: Double?) {
        precondition(x.count == y.count)
        count += x.count
        for (a, b) in zip(x, y) where a.isFinite {
            if let greatestFinite, a.magnitude > greatestFinite { overflowed += 1 }
            if a != 0 && b == 0 { flushed += 1 }
            guard b.isFinite else { continue }
            let error = (b - a).magnitude
            if a != 0 { maxRelativeError = max(maxRelativeError, error / a.magnitude) }
            signalEnergy += a * a
            noiseEnergy += error * error
        }
    }
}
