import ChopTensors

extension Tensor {
    /// The sum of this tensor (a broadcast result) over the axes along which a tensor of
    /// `shape` was broadcast to it: the leading axes it lacked and the axes where it had size 1.
    /// Sums run in order, in this tensor's precision; the result has `shape`.
    func summed(toShape target: [Int]) throws(TensorError) -> Tensor {
        var result = self
        while result.rank > target.count { result = try result.sum(alongAxis: 0) }
        for axis in target.indices where target[axis] == 1 && result.shape[axis] != 1 {
            var kept = result.shape
            kept[axis] = 1
            result = try result.sum(alongAxis: axis).reshaped(to: kept)
        }
        return result
    }
}
