import ChopIO

/// Any bytes: the first two give the data size, the rest is the header's JSON. The parser
/// either throws or returns a header whose tensors cover the data exactly, and that header
/// serializes to JSON that parses back to the same header; it never crashes or hangs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensorsHeader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    guard bytes.count >= 2 else { return 0 }
    let dataSize = Int(bytes[0]) | Int(bytes[1]) << 8
    let json = Array(bytes.dropFirst(2))
    guard let header = try? SafetensorsHeader.parse(json: json, dataSize: dataSize, path: "fuzz") else { return 0 }
    var end = 0
    for tensor in header.tensors {
        precondition(tensor.begin == end && tensor.end - tensor.begin == tensor.elementCount * tensor.dtype.byteCount)
        end = tensor.end
    }
    precondition(end == dataSize)
    let serialized = header.serialized()
    let again = try! SafetensorsHeader.parse(json: Array(serialized.dropFirst(8)), dataSize: dataSize, path: "fuzz")
    precondition(again == header)
    return 0
}
