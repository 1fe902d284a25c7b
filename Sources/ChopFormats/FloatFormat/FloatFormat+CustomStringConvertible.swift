extension FloatFormat: CustomStringConvertible {
    /// The format's name, e.g. `e4m3fn`.
    public var description: String { name }
}
