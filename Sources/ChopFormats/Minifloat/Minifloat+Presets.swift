// The preset formats as typed scalars, named after ml_dtypes in Swift's casing. Each
// format type is an empty enum carrying the prepared arithmetic of a `FloatFormat` preset.

/// The format of ``Half``: IEEE 754 binary16, emulated (never the hardware `Float16`).
public enum HalfFormat: IEEEMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.binary16)
}

/// IEEE 754 binary16, emulated (never the hardware `Float16`).
public typealias Half = Minifloat<HalfFormat>

/// The format of ``BFloat16``: bfloat16: binary32's exponent range, 8 significant bits.
public enum BFloat16Format: IEEEMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.bfloat16)
}

/// Bfloat16: binary32's exponent range, 8 significant bits.
public typealias BFloat16 = Minifloat<BFloat16Format>

/// The format of ``TensorFloat32``: NVIDIA's TF32: binary32's range, binary16's precision (19 bits).
public enum TensorFloat32Format: IEEEMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.tf32)
}

/// NVIDIA's TF32: binary32's range, binary16's precision (19 bits).
public typealias TensorFloat32 = Minifloat<TensorFloat32Format>

/// The format of ``Float8E5M2``: OCP FP8 E5M2: IEEE-like, with ±∞ and NaN.
public enum Float8E5M2Format: IEEEMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e5m2)
}

/// OCP FP8 E5M2: IEEE-like, with ±∞ and NaN.
public typealias Float8E5M2 = Minifloat<Float8E5M2Format>

/// The format of ``Float8E3M4``: FP8 E3M4 (ml_dtypes' `float8_e3m4`): IEEE-like.
public enum Float8E3M4Format: IEEEMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e3m4)
}

/// FP8 E3M4 (ml_dtypes' `float8_e3m4`): IEEE-like.
public typealias Float8E3M4 = Minifloat<Float8E3M4Format>

/// The format of ``Float8E4M3FN``: OCP FP8 E4M3: no infinity, NaN at S.1111.111, greatest value 448.
public enum Float8E4M3FNFormat: SignedMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e4m3fn)
}

/// OCP FP8 E4M3: no infinity, NaN at S.1111.111, greatest value 448.
public typealias Float8E4M3FN = Minifloat<Float8E4M3FNFormat>

/// The format of ``Float8E4M3FNUZ``: FP8 E4M3 FNUZ (AMD/Graphcore): bias 8, no -0, NaN at 0x80.
public enum Float8E4M3FNUZFormat: SignedMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e4m3fnuz)
}

/// FP8 E4M3 FNUZ (AMD/Graphcore): bias 8, no -0, NaN at 0x80.
public typealias Float8E4M3FNUZ = Minifloat<Float8E4M3FNUZFormat>

/// The format of ``Float8E5M2FNUZ``: FP8 E5M2 FNUZ: bias 16, no -0, NaN at 0x80.
public enum Float8E5M2FNUZFormat: SignedMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e5m2fnuz)
}

/// FP8 E5M2 FNUZ: bias 16, no -0, NaN at 0x80.
public typealias Float8E5M2FNUZ = Minifloat<Float8E5M2FNUZFormat>

/// The format of ``Float8E4M3B11FNUZ``: FP8 E4M3 with bias 11, no -0, NaN at 0x80.
public enum Float8E4M3B11FNUZFormat: SignedMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e4m3b11fnuz)
}

/// FP8 E4M3 with bias 11, no -0, NaN at 0x80.
public typealias Float8E4M3B11FNUZ = Minifloat<Float8E4M3B11FNUZFormat>

/// The format of ``Float6E3M2FN``: OCP FP6 E3M2: finite only (no ∞, no NaN).
public enum Float6E3M2FNFormat: SignedMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e3m2)
}

/// OCP FP6 E3M2: finite only (no ∞, no NaN).
public typealias Float6E3M2FN = Minifloat<Float6E3M2FNFormat>

/// The format of ``Float6E2M3FN``: OCP FP6 E2M3: finite only (no ∞, no NaN).
public enum Float6E2M3FNFormat: SignedMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e2m3)
}

/// OCP FP6 E2M3: finite only (no ∞, no NaN).
public typealias Float6E2M3FN = Minifloat<Float6E2M3FNFormat>

/// The format of ``Float4E2M1FN``: OCP FP4 E2M1: finite only, values 0, 0.5, 1, 1.5, 2, 3, 4, 6.
public enum Float4E2M1FNFormat: SignedMinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e2m1)
}

/// OCP FP4 E2M1: finite only, values 0, 0.5, 1, 1.5, 2, 3, 4, 6.
public typealias Float4E2M1FN = Minifloat<Float4E2M1FNFormat>

/// The format of ``Float8E8M0FNU``: OCP E8M0 (the MX scale): powers of two 2^-127...2^127, unsigned, no zero, NaN at 0xFF.
public enum Float8E8M0FNUFormat: MinifloatFormat {
    public static let arithmetic = FormatArithmetic(.e8m0)
}

/// OCP E8M0 (the MX scale): powers of two 2^-127...2^127, unsigned, no zero, NaN at 0xFF.
public typealias Float8E8M0FNU = Minifloat<Float8E8M0FNUFormat>
