import ChopTensors

/// Loss scaling, for gradients in a narrow format (binary16): the backward pass starts from a
/// scale `S` instead of 1, so that small gradients stay above the format's underflow; the
/// gradients are then divided by `S` in binary64 (exact, `S` being a power of two) before
/// the optimizer rounds them into its own precisions.
///
/// ```swift
/// var scaling = LossScaling.dynamic()
/// if let gradients = try scaling.gradients(of: loss) {   // nil: overflow, step skipped
///     try optimizer.step(parameters, gradients)
/// }
/// ```
///
/// A static scale stays put; a dynamic one halves after every step whose gradients overflow
/// (an infinite or NaN gradient anywhere: the step is skipped) and doubles after
/// `growthInterval` steps in a row without overflow, never below 1 or above 2^24.
public struct LossScaling: Sendable {
    /// The current scale, a power of two.
    public private(set) var scale: Double
    /// Steps without overflow before the scale doubles; nil for a static scale.
    public let growthInterval: Int?
    /// Steps in a row without overflow since the last change of scale.
    public private(set) var goodSteps = 0
    /// Steps skipped because their gradients overflowed.
    public private(set) var skippedSteps = 0

    /// The largest scale a dynamic scaling grows to.
    public static let largestScale = 0x1p24

    /// A scale that never changes.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless `scale` is a power of two of at
    ///   least 1.
    public static func fixed(_ scale: Double) throws(TensorError) -> LossScaling {
        try LossScaling(scale: scale, growthInterval: nil)
    }

    /// A scale that starts at `initial`, halves on overflow and doubles after
    /// `growthInterval` good steps.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless `initial` is a power of two from 1
    ///   to ``largestScale`` and `growthInterval ≥ 1`.
    public static func dynamic(initial: Double = 0x1p15, growthInterval: Int = 2000) throws(TensorError) -> LossScaling {
        guard growthInterval >= 1, initial <= largestScale else {
            throw .invalidParameter("dynamic loss scaling from \(initial) every \(growthInterval) steps: the interval must be at least 1, the scale at most 2^24")
        }
        return try LossScaling(scale: initial, growthInterval: growthInterval)
    }

    private init(scale: Double, growthInterval: Int?) throws(TensorError) {
        guard scale >= 1, scale.isFinite, scale.significandBitPattern == 0 else {
            throw .invalidParameter("loss scale \(scale): it must be a finite power of two of at least 1")
        }
        self.scale = scale
        self.growthInterval = growthInterval
    }

    /// The gradients of `loss`, computed from the scaled loss and divided back by the scale
    /// into binary64; nil when any gradient overflowed (the step is to be skipped). Updates a
    /// dynamic scale.
    ///
    /// - Throws: as ``Tape/gradients(of:scale:)``.
    public mutating func gradients(of loss: Variable) throws(TensorError) -> Gradients? {
        let scaled = try loss.tape.gradients(of: loss, scale: scale)
        guard scaled.areFinite else {
            skippedSteps += 1
            goodSteps = 0
            if growthInterval != nil { scale = Swift.max(1, scale / 2) }
            return nil
        }
        let divisor = scale
        goodSteps += 1
        if let growthInterval, goodSteps >= growthInterval {
            scale = Swift.min(Self.largestScale, scale * 2)
            goodSteps = 0
        }
        return try scaled.mapped { (g) throws(TensorError) in
            try Tensor(exactly: g.scalars.map { $0 / divisor }, shape: g.shape, precision: .binary64)
        }
    }
}
