extension PositFormat {
    /// Posit Standard 2022 formats (`es = 2`).
    public static let posit8 = try! PositFormat(bitWidth: 8, exponentSize: 2)
    public static let posit16 = try! PositFormat(bitWidth: 16, exponentSize: 2)
    public static let posit32 = try! PositFormat(bitWidth: 32, exponentSize: 2)
    public static let posit64 = try! PositFormat(bitWidth: 64, exponentSize: 2)
    /// SoftPosit's older conventions.
    public static let posit8es0 = try! PositFormat(bitWidth: 8, exponentSize: 0)
    public static let posit16es1 = try! PositFormat(bitWidth: 16, exponentSize: 1)

    /// The formats `chop formats` lists.
    public static let presets: [PositFormat] = [.posit8, .posit16, .posit32, .posit64, .posit8es0, .posit16es1]

    /// Creates the format named `posit<n>` (`es = 2`) or `posit<n>es<e>`, case-insensitively.
    ///
    /// - Throws: ``FormatError/unknownFormat(_:validNames:)`` for another name, or
    ///   ``FormatError/invalidParameters(_:)`` for impossible numbers.
    public init(named rawName: String) throws(FormatError) {
        let name = rawName.lowercased()
        let digits = { (text: Substring) -> Int? in
            text.isEmpty || text.count > 4 || !text.allSatisfy(\.isASCII) || !text.allSatisfy(\.isNumber) ? nil : Int(text)
        }
        guard name.hasPrefix("posit") else { throw .unknownFormat(rawName) }
        let parts = name.dropFirst(5).split(separator: "es", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bits = digits(parts[0]) else { throw .unknownFormat(rawName) }
        var exponentSize = 2
        if parts.count == 2 {
            guard let es = digits(parts[1]) else { throw .unknownFormat(rawName) }
            exponentSize = es
        }
        try self.init(bitWidth: bits, exponentSize: exponentSize)
    }
}
