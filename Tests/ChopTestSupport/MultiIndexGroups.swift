/// Groups the flat indices of a row-major array by a key computed from each element's
/// multi-index: the block, channel or group an element belongs to, found the slow and
/// obvious way, for the references.
public enum MultiIndexGroups {
    /// The groups, in order of their first element; each group's indices ascending.
    public static func group(count: Int, shape: [Int], by key: ([Int]) -> [Int]) -> [[Int]] {
        var groups: [[Int]: Int] = [:]
        var members: [[Int]] = []
        for flat in 0..<count {
            var rest = flat
            var index = [Int](repeating: 0, count: shape.count)
            for d in stride(from: shape.count - 1, through: 0, by: -1) {
                index[d] = rest % shape[d]
                rest /= shape[d]
            }
            let k = key(index)
            if let group = groups[k] {
                members[group].append(flat)
            } else {
                groups[k] = members.count
                members.append([flat])
            }
        }
        return members
    }
}
