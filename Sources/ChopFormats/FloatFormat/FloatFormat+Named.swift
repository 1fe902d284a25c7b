extension FloatFormat {
    /// A preset with its contract name and the aliases it answers to.
    public struct Preset: Sendable {
        public let name: String
        public let aliases: [String]
        public let format: FloatFormat
    }

    /// Every preset of the float family, in the order `chop formats` lists them.
    public static let presets: [Preset] = [
        Preset(name: "binary64", aliases: ["fp64", "double", "float64"], format: .binary64),
        Preset(name: "binary32", aliases: ["fp32", "single", "float32"], format: .binary32),
        Preset(name: "binary16", aliases: ["fp16", "half", "float16"], format: .binary16),
        Preset(name: "bfloat16", aliases: ["bf16"], format: .bfloat16),
        Preset(name: "tf32", aliases: ["tensorfloat32"], format: .tf32),
        Preset(name: "e4m3fn", aliases: ["fp8-e4m3", "float8_e4m3fn"], format: .e4m3fn),
        Preset(name: "e5m2", aliases: ["fp8-e5m2", "float8_e5m2"], format: .e5m2),
        Preset(name: "e4m3fnuz", aliases: ["float8_e4m3fnuz"], format: .e4m3fnuz),
        Preset(name: "e5m2fnuz", aliases: ["float8_e5m2fnuz"], format: .e5m2fnuz),
        Preset(name: "e4m3b11fnuz", aliases: ["float8_e4m3b11fnuz"], format: .e4m3b11fnuz),
        Preset(name: "e3m4", aliases: ["float8_e3m4"], format: .e3m4),
        Preset(name: "e3m2", aliases: ["fp6-e3m2", "e3m2fn", "float6_e3m2fn"], format: .e3m2),
        Preset(name: "e2m3", aliases: ["fp6-e2m3", "e2m3fn", "float6_e2m3fn"], format: .e2m3),
        Preset(name: "e2m1", aliases: ["fp4", "fp4-e2m1", "e2m1fn", "float4_e2m1fn"], format: .e2m1),
        Preset(name: "e8m0", aliases: ["e8m0fnu", "float8_e8m0fnu"], format: .e8m0),
    ]

    /// The names accepted besides the presets, as patterns.
    public static let namePatterns = [
        "eXmY (IEEE-like)", "eXmYfn", "eXmYfnuz", "eXmYb<bias>[fn|fnuz]", "binary<K>p<P> (P3109)",
    ]

    /// Creates the format with this contract name or alias, case-insensitively.
    ///
    /// Accepted: the presets and their aliases (``presets``); `eXmY` (IEEE-like, bias
    /// `2^(X-1)-1`), `eXmYfn` and `eXmYfnuz` for `2 ≤ X ≤ 11`, `0 ≤ Y ≤ 52`, optionally
    /// with an explicit bias `eXmYb<B>…`; the P3109 `binary<K>p<P>`; and ml_dtypes'
    /// spellings (`float8_e4m3fn`, `float8_e4m3`). The format's ``name`` is the preset's
    /// contract name, or the lowercased name given.
    ///
    /// - Throws: ``FormatError/unknownFormat(_:validNames:)`` listing the valid names, or
    ///   ``FormatError/invalidParameters(_:)`` for a well-formed name with impossible numbers.
    public init(named rawName: String) throws(FormatError) {
        let name = String(rawName.lowercased().filter { !$0.isWhitespace })
        if let preset = Self.presets.first(where: { $0.name == name || $0.aliases.contains(name) }) {
            self = preset.format
            return
        }
        var scanner = NameScanner(name)
        // ml_dtypes spelling: float<bits>_<name>; the bit count must agree.
        var statedBits: Int?
        if scanner.take("float"), let bits = scanner.integer(), scanner.take("_") {
            statedBits = bits
        } else {
            scanner = NameScanner(name)
        }
        let parsed: FloatFormat
        if scanner.take("binary"), let bits = scanner.integer(), scanner.take("p"),
            let precision = scanner.integer(), scanner.isAtEnd
        {
            parsed = try FloatFormat(p3109Bits: bits, precision: precision)
        } else if let generic = try Self.parseExponentSignificand(&scanner, name: name) {
            parsed = generic
        } else {
            throw .unknownFormat(rawName)
        }
        if let statedBits, statedBits != parsed.bitWidth {
            throw .invalidParameters("\(rawName) says \(statedBits) bits but \(parsed.name) has \(parsed.bitWidth)")
        }
        self = parsed
    }

    /// Parses `eXmY[b<bias>][fn|fnuz]`; nil when the text does not have that shape.
    private static func parseExponentSignificand(
        _ scanner: inout NameScanner, name: String
    ) throws(FormatError) -> FloatFormat? {
        guard scanner.take("e"), let exponentBits = scanner.integer(), scanner.take("m"),
            let significandBits = scanner.integer()
        else { return nil }
        let bias = scanner.take("b") ? scanner.integer() : nil
        let specials: SpecialValues
        if scanner.take("fnuz") {
            specials = .fnuz
        } else if scanner.take("fn") {
            specials = .fn
        } else {
            specials = .ieee
        }
        guard scanner.isAtEnd else { return nil }
        guard (2...11).contains(exponentBits), (0...52).contains(significandBits) else {
            throw .invalidParameters("\(name): eXmY needs 2 ≤ X ≤ 11 and 0 ≤ Y ≤ 52")
        }
        return try FloatFormat(
            exponentBits: exponentBits, significandBits: significandBits, specialValues: specials,
            bias: bias, name: name)
    }

    /// One line listing every accepted name, for error messages.
    public static var validNamesSummary: String {
        let presetNames = presets.map { preset in
            preset.aliases.isEmpty ? preset.name : "\(preset.name) (\(preset.aliases.joined(separator: ", ")))"
        }
        return (presetNames + namePatterns + PositFormat.presets.map(\.name) + ["posit<N>es<E>"]).joined(separator: ", ")
    }
}

/// A cursor over a lowercased name, for the tiny grammar of format names.
struct NameScanner {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) { characters = Array(text) }

    var isAtEnd: Bool { position == characters.count }

    /// Consumes `literal` if the text continues with it.
    mutating func take(_ literal: String) -> Bool {
        let expected = Array(literal)
        guard characters.count - position >= expected.count,
            Array(characters[position..<position + expected.count]) == expected
        else { return false }
        position += expected.count
        return true
    }

    /// Consumes a decimal integer of at most 4 digits.
    mutating func integer() -> Int? {
        var value = 0
        var digits = 0
        while position < characters.count, let digit = characters[position].wholeNumberValue,
            characters[position].isASCII, digits < 4
        {
            value = value * 10 + digit
            digits += 1
            position += 1
        }
        return digits == 0 ? nil : value
    }
}
