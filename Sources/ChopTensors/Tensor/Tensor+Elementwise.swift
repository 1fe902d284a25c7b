import ChopFormats

/// Elementwise arithmetic: each result element is the exact result of the operation on the
/// operands' elements, rounded once to the result's precision (with its own random word).
///
/// The named methods throw on shapes that do not broadcast or on operands of different
/// precisions, and take `in:` to name the result's precision for mixed operands; the
/// operators are the same operations for operands known to fit (they trap otherwise).
extension Tensor {
    /// `self + other`, rounded once per element.
    public func adding(_ other: Tensor, in precision: TensorPrecision? = nil) throws(TensorError) -> Tensor {
        try combined(with: other, in: precision, "+") { r, a, b, w in r.sum(a, b, randomWord: w) }
    }

    /// `self - other`, rounded once per element.
    public func subtracting(_ other: Tensor, in precision: TensorPrecision? = nil) throws(TensorError) -> Tensor {
        try combined(with: other, in: precision, "-") { r, a, b, w in r.difference(a, b, randomWord: w) }
    }

    /// `self × other` (elementwise), rounded once per element.
    public func multiplying(_ other: Tensor, in precision: TensorPrecision? = nil) throws(TensorError) -> Tensor {
        try combined(with: other, in: precision, "*") { r, a, b, w in r.product(a, b, randomWord: w) }
    }

    /// `self / other` (elementwise), rounded once per element.
    public func dividing(by other: Tensor, in precision: TensorPrecision? = nil) throws(TensorError) -> Tensor {
        try combined(with: other, in: precision, "/") { r, a, b, w in r.quotient(a, b, randomWord: w) }
    }

    /// `self × other + addend` (elementwise), each rounded once: a fused multiply-add.
    public func multiplyingAdding(_ other: Tensor, _ addend: Tensor) throws(TensorError) -> Tensor {
        for operand in [other, addend] where !precision.roundsLike(operand.precision) {
            throw .differentPrecisions(precision.description, operand.precision.description)
        }
        let shape = try Self.broadcastShape(
            try Self.broadcastShape(self.shape, other.shape, operation: "fma"), addend.shape, operation: "fma")
        let offsetsA = Self.broadcastOffsets(self.shape, to: shape)
        let offsetsB = Self.broadcastOffsets(other.shape, to: shape)
        let offsetsC = Self.broadcastOffsets(addend.shape, to: shape)
        let stream = precision.nextStream()
        let rounder = precision.arithmetic
        var result = [Double](repeating: 0, count: offsetsA.count)
        for i in result.indices {
            result[i] = rounder.fusedMultiplyAdd(
                scalars[offsetsA[i]], other.scalars[offsetsB[i]], addend.scalars[offsetsC[i]],
                randomWord: stream.word(at: UInt64(i)))
        }
        return Tensor(uncheckedScalars: result, shape: shape, precision: precision)
    }

    /// `√self`, rounded once per element.
    public func squareRoot() -> Tensor { mapped { r, x, w in r.squareRoot(x, randomWord: w) } }

    /// `-self`: exact where the format is symmetric (a `fnuz` format's -0 becomes +0).
    public func negated() -> Tensor { mapped { r, x, w in r.round(-x, randomWord: w) } }

    /// `self × scale` for a double `scale` taken exactly (not rounded first), rounded once.
    public func scaled(by scale: Double) -> Tensor { mapped { r, x, w in r.product(x, scale, randomWord: w) } }

    /// `max(self, 0)` (exact; NaN stays NaN).
    public func relu() -> Tensor {
        Tensor(uncheckedScalars: scalars.map { $0 > 0 || $0.isNaN ? $0 : 0 }, shape: shape, precision: precision)
    }

    /// `function(x)` of each element, computed in binary64 and rounded once: exact for the
    /// elementary operations above, otherwise a double rounding (the function's own binary64
    /// error first), which is what a library call followed by a conversion does.
    public func applying(_ function: (Double) -> Double) -> Tensor {
        mapped { r, x, w in r.round(function(x), randomWord: w) }
    }

    /// One rounded result per element.
    func mapped(_ operation: (any ScalarArithmetic, Double, UInt64) -> Double) -> Tensor {
        let stream = precision.nextStream()
        let rounder = precision.arithmetic
        var result = scalars
        for i in result.indices { result[i] = operation(rounder, scalars[i], stream.word(at: UInt64(i))) }
        return Tensor(uncheckedScalars: result, shape: shape, precision: precision)
    }

    /// One rounded result per element of the broadcast shape.
    func combined(
        with other: Tensor, in resultPrecision: TensorPrecision?, _ name: String,
        _ operation: (any ScalarArithmetic, Double, Double, UInt64) -> Double
    ) throws(TensorError) -> Tensor {
        guard resultPrecision != nil || precision.roundsLike(other.precision) else {
            throw .differentPrecisions(precision.description, other.precision.description)
        }
        let precision = resultPrecision ?? self.precision
        let shape = try Self.broadcastShape(self.shape, other.shape, operation: name)
        let rounder = precision.arithmetic
        let stream = precision.nextStream()
        var result: [Double]
        if self.shape == other.shape {
            result = scalars
            for i in result.indices {
                result[i] = operation(rounder, scalars[i], other.scalars[i], stream.word(at: UInt64(i)))
            }
        } else {
            let offsetsA = Self.broadcastOffsets(self.shape, to: shape)
            let offsetsB = Self.broadcastOffsets(other.shape, to: shape)
            result = [Double](repeating: 0, count: offsetsA.count)
            for i in result.indices {
                result[i] = operation(
                    rounder, scalars[offsetsA[i]], other.scalars[offsetsB[i]], stream.word(at: UInt64(i)))
            }
        }
        return Tensor(uncheckedScalars: result, shape: shape, precision: precision)
    }
}

extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor { trapping { () throws(TensorError) in try a.adding(b) } }
    public static func - (a: Tensor, b: Tensor) -> Tensor { trapping { () throws(TensorError) in try a.subtracting(b) } }
    public static func * (a: Tensor, b: Tensor) -> Tensor { trapping { () throws(TensorError) in try a.multiplying(b) } }
    public static func / (a: Tensor, b: Tensor) -> Tensor { trapping { () throws(TensorError) in try a.dividing(by: b) } }
    public static prefix func - (a: Tensor) -> Tensor { a.negated() }

    /// The operation's result, or a trap with the error's message.
    static func trapping(_ body: () throws(TensorError) -> Tensor) -> Tensor {
        do { return try body() } catch { preconditionFailure(error.description) }
    }
}
