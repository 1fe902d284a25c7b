/// The element types of safetensors files, by their names in the header.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    case bool = "BOOL"
    case u8 = "U8", i8 = "I8", f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
    case u16 = "U16", i16 = "I16", f16 = "F16", bf16 = "BF16"
    case u32 = "U32", i32 = "I32", f32 = "F32"
    case u64 = "U64", i64 = "I64", f64 = "F64"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3: 1
        case .u16, .i16, .f16, .bf16: 2
        case .u32, .i32, .f32: 4
        case .u64, .i64, .f64: 8
        }
    }

    /// The storage of a floating-point dtype `chop` rounds (F64, F32, F16, BF16); nil for the
    /// others, which are copied.
    public var floatStorage: ElementStorage? {
        switch self {
        case .f64: ElementStorage(.float64)
        case .f32: ElementStorage(.float32)
        case .f16: ElementStorage(.float16)
        case .bf16: ElementStorage(.bfloat16)
        default: nil
        }
    }

    /// The dtype of a storage: its floating-point or unsigned integer type.
    init(storage: ElementStorage) {
        switch storage.kind {
        case .float64: self = .f64
        case .float32: self = .f32
        case .float16: self = .f16
        case .bfloat16: self = .bf16
        case .uint8: self = .u8
        case .uint16: self = .u16
        case .uint32: self = .u32
        case .uint64: self = .u64
        }
    }
}
