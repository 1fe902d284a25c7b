extension Array {
    /// `withUnsafeBytes` for bodies that throw ``ChopIOError``.
    func withBytes<Result>(
        _ body: (UnsafeRawBufferPointer) throws(ChopIOError) -> Result
    ) throws(ChopIOError) -> Result {
        try withUnsafeBytes { buffer in Swift.Result { () throws(ChopIOError) in try body(buffer) } }.get()
    }

    /// `withUnsafeMutableBytes` for bodies that throw ``ChopIOError``.
    mutating func withMutableBytes<Result>(
        _ body: (UnsafeMutableRawBufferPointer) throws(ChopIOError) -> Result
    ) throws(ChopIOError) -> Result {
        try withUnsafeMutableBytes { buffer in Swift.Result { () throws(ChopIOError) in try body(buffer) } }.get()
    }

    /// `withUnsafeBufferPointer` for bodies that throw ``ChopIOError``.
    func withBuffer<Result>(
        _ body: (UnsafeBufferPointer<Element>) throws(ChopIOError) -> Result
    ) throws(ChopIOError) -> Result {
        try withUnsafeBufferPointer { buffer in Swift.Result { () throws(ChopIOError) in try body(buffer) } }.get()
    }
}
