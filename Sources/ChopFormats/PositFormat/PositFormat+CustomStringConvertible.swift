extension PositFormat: CustomStringConvertible {
    public var description: String { name }
}
