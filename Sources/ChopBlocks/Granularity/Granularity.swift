/// Which elements share a scale: the whole tensor, each channel (the elements with the same
/// index along an axis), or blocks of consecutive elements along an axis.
public enum Granularity: Sendable, Hashable {
    case tensor
    case channel(axis: Int)
    case block(size: Int, axis: Int)
}
