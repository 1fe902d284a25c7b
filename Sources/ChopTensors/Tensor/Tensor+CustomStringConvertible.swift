extension Tensor: CustomStringConvertible {
    /// Shape, precision and the first few values.
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(\(shape), \(precision)): [\(shown)\(count > 8 ? ", …" : "")]"
    }
}
