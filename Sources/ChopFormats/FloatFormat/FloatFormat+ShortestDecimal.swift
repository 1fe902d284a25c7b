extension FloatFormat {
    /// The shortest decimal that reads back as `value` in this format (decimal → binary64 →
    /// nearest-even in the format), printed as Swift prints doubles: `BFloat16(0.1)` is
    /// `0.1`, not its exact value `0.10009765625`.
    ///
    /// Edge cases: `nan`, `inf`, `-inf`, `0.0`, `-0.0`; values of 53-bit formats print as
    /// their double does.
    public func shortestDecimal(_ value: Double) -> String {
        guard value.isFinite, value != 0, precision < 53 else { return "\(value)" }
        let digits = DecimalDigits(value)
        for count in 1..<digits.digits.count {
            let below = digits.truncated(to: count)
            let above = below.incremented()
            let candidates = [below, above].compactMap { Double($0.text) }
                .filter { round($0, .toNearestOrEven) == value }
            if let best = candidates.min(by: { ($0 - value).magnitude < ($1 - value).magnitude }) {
                return "\(best)"
            }
        }
        return "\(value)"
    }
}

/// A positive decimal `0.d₁d₂… × 10^pointPosition` with its sign, for shortening.
struct DecimalDigits {
    var negative: Bool
    var digits: [UInt8]
    var pointPosition: Int

    init(negative: Bool, digits: [UInt8], pointPosition: Int) {
        self.negative = negative
        self.digits = digits
        self.pointPosition = pointPosition
    }

    /// The digits of Swift's shortest round-trip description of a finite nonzero double.
    init(_ x: Double) {
        let text = "\(x.magnitude)"
        let parts = text.split(separator: "e")
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        var all: [UInt8] = []
        var integerDigits = 0
        var seenPoint = false
        for character in mantissa {
            if character == "." { seenPoint = true; continue }
            all.append(UInt8(character.asciiValue! - 48))
            if !seenPoint { integerDigits += 1 }
        }
        var point = integerDigits + exponent
        while all.first == 0 { all.removeFirst(); point -= 1 }
        while all.last == 0 { all.removeLast() }
        self.init(negative: x < 0, digits: all, pointPosition: point)
    }

    /// The first `count` digits (toward zero).
    func truncated(to count: Int) -> DecimalDigits {
        DecimalDigits(negative: negative, digits: Array(digits.prefix(count)), pointPosition: pointPosition)
    }

    /// One more in the last digit, carrying.
    func incremented() -> DecimalDigits {
        var result = self
        var index = result.digits.count - 1
        while index >= 0 {
            if result.digits[index] < 9 {
                result.digits[index] += 1
                return result
            }
            result.digits[index] = 0
            index -= 1
        }
        result.digits.insert(1, at: 0)
        result.pointPosition += 1
        return result
    }

    /// `±0.d₁d₂…e<pointPosition>`, which `Double(_:)` reads.
    var text: String {
        (negative ? "-" : "") + "0." + digits.map { String($0) }.joined() + "e\(pointPosition)"
    }
}
