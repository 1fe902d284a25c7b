extension FloatFormat {
    /// IEEE 754 binary64 (`double`): p = 53, emax = 1023.
    public static let binary64 = preset(exponentBits: 11, significandBits: 52, name: "binary64")
    /// IEEE 754 binary32 (`single`): p = 24, emax = 127.
    public static let binary32 = preset(exponentBits: 8, significandBits: 23, name: "binary32")
    /// IEEE 754 binary16 (`half`): p = 11, emax = 15, max 65504.
    public static let binary16 = preset(exponentBits: 5, significandBits: 10, name: "binary16")
    /// bfloat16: binary32's range with p = 8.
    public static let bfloat16 = preset(exponentBits: 8, significandBits: 7, name: "bfloat16")
    /// NVIDIA TensorFloat-32: p = 11 with binary32's range.
    public static let tf32 = preset(exponentBits: 8, significandBits: 10, name: "tf32")
    /// OCP OFP8 E4M3: no infinity, NaN at `S.1111.111`, max 448.
    public static let e4m3fn = preset(exponentBits: 4, significandBits: 3, .fn, name: "e4m3fn")
    /// OCP OFP8 E5M2: IEEE-like, max 57344.
    public static let e5m2 = preset(exponentBits: 5, significandBits: 2, name: "e5m2")
    /// E4M3 with bias 8, no infinity, no -0, NaN at 0x80 (Graphcore/AMD): max 240.
    public static let e4m3fnuz = preset(exponentBits: 4, significandBits: 3, .fnuz, name: "e4m3fnuz")
    /// E5M2 with bias 16, no infinity, no -0, NaN at 0x80: max 57344.
    public static let e5m2fnuz = preset(exponentBits: 5, significandBits: 2, .fnuz, name: "e5m2fnuz")
    /// E4M3 with bias 11, no infinity, no -0, NaN at 0x80: max 30.
    public static let e4m3b11fnuz = preset(
        exponentBits: 4, significandBits: 3, .fnuz, bias: 11, name: "e4m3b11fnuz")
    /// IEEE-like E3M4: max 15.5.
    public static let e3m4 = preset(exponentBits: 3, significandBits: 4, name: "e3m4")
    /// OCP MX FP6 E3M2: no infinity, no NaN, max 28.
    public static let e3m2 = preset(exponentBits: 3, significandBits: 2, .finite, name: "e3m2")
    /// OCP MX FP6 E2M3: no infinity, no NaN, max 7.5.
    public static let e2m3 = preset(exponentBits: 2, significandBits: 3, .finite, name: "e2m3")
    /// OCP MX FP4 E2M1: no infinity, no NaN, values 0, 0.5, 1, 1.5, 2, 3, 4, 6.
    public static let e2m1 = preset(exponentBits: 2, significandBits: 1, .finite, name: "e2m1")
    /// OCP MX scale E8M0: unsigned powers of two 2^-127...2^127, NaN at 0xFF, no zero.
    public static let e8m0 = preset(exponentBits: 8, significandBits: 0, .unsigned, name: "e8m0")

    private static func preset(
        exponentBits: Int, significandBits: Int, _ specials: SpecialValues = .ieee, bias: Int? = nil,
        name: String
    ) -> FloatFormat {
        do {
            return try FloatFormat(
                exponentBits: exponentBits, significandBits: significandBits, specialValues: specials,
                bias: bias, name: name)
        } catch {
            fatalError("preset \(name) is invalid: \(error)")
        }
    }
}
