extension FloatFormat {
    /// Which infinities, NaNs and zeros a format has, and where its encoding puts them.
    ///
    /// | convention | ±Inf | NaN | -0 | used by |
    /// |---|---|---|---|---|
    /// | `ieee` | all-ones exponent, zero significand | all-ones exponent, nonzero significand | yes | binary16/32/64, bfloat16, TF32, E5M2, E3M4 |
    /// | `fn` | none | only `S.1…1.1…1` | yes | OCP E4M3 (`e4m3fn`) |
    /// | `fnuz` | none | only `1000…0` | no | `e4m3fnuz`, `e5m2fnuz`, `e4m3b11fnuz` |
    /// | `p3109` | the two largest codes `01…1`, `11…1` | only `10…0` | no | `binary<K>p<P>` |
    /// | `finite` | none | none | yes | OCP MX elements E3M2, E2M3, E2M1 |
    /// | `unsigned` | none | all ones | no sign, no zero | E8M0 (powers of two) |
    public enum SpecialValues: String, Sendable, Hashable, CaseIterable {
        case ieee
        case fn
        case fnuz
        case p3109
        case finite
        case unsigned

        /// The exponent bias a format of this convention has unless told otherwise.
        @inlinable
        public func defaultBias(exponentBits: Int) -> Int {
            switch self {
            case .fnuz, .p3109: 1 << (exponentBits - 1)
            case .ieee, .fn, .finite, .unsigned: (1 << (exponentBits - 1)) - 1
            }
        }
    }
}
