/// Whether two results are the same: identical bits, or both NaN (payloads are not part
/// of any contract).
public func sameValue(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}

/// A readable form of a double for failure messages: value and bits.
public func describe(_ x: Double) -> String {
    "\(x) [0x\(String(x.bitPattern, radix: 16))]"
}
