import ChopIO

/// Any bytes: the header parser either returns a header whose element count is defined,
/// or throws; it never crashes or hangs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPYHeader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if let (header, offset) = try? NPYHeader.parse(bytes: bytes) {
        precondition(header.elementCount != nil && offset <= bytes.count)
        _ = header.serialized()
    }
    return 0
}
