extension FloatFormat: ScalarFormat {
    public var family: FormatFamily { .float }
}
