/// Hashes the value, not the bits: `+0` and `-0`, which compare equal, hash alike.
extension Minifloat: Hashable {
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(doubleValue == 0 ? 0 : doubleValue)
    }
}
