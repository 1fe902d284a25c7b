import ChopFormats

/// The one place a format name becomes a format, for every family: the library, the
/// command line and every listing of valid names go through it.
///
/// ```swift
/// try FormatRegistry.format(named: "e4m3fn")     // FloatFormat.e4m3fn
/// try FormatRegistry.format(named: "posit16es1") // a PositFormat
/// try FormatRegistry.format(named: "fixed4.4")   // an IntegerFormat
/// try FormatRegistry.format(named: "mxfp4")      // BlockFormat.mxfp4
/// ```
///
/// Names are case-insensitive. The families' names do not overlap: `posit…` names posits,
/// `int…`, `uint…` and `fixed…` integer formats, the block presets block formats, and every
/// other name is a float name (presets, aliases, `eXmY[fn|fnuz]`, `binary<K>p<P>`).
public enum FormatRegistry {
    /// The format with this contract name or alias.
    ///
    /// - Throws: ``FormatError/unknownFormat(_:validNames:)`` listing ``validNames`` for a
    ///   name no family has, or ``FormatError/invalidParameters(_:)`` for a well-formed name
    ///   with impossible numbers (`int64`, `posit80`, `e12m3`).
    public static func format(named rawName: String) throws(FormatError) -> any NumberFormat {
        switch family(ofName: rawName) {
        case .posit:
            do {
                return try PositFormat(named: rawName)
            } catch .unknownFormat {
                throw .unknownFormat(rawName, validNames: validNames)
            }
        case .integer:
            do {
                return try IntegerFormat(named: rawName)
            } catch {
                throw .invalidParameters(
                    "\(rawName): integer formats are int<N> and uint<N> (2 ≤ N ≤ 32) and fixed<I>.<F> (I ≥ 1, F ≥ 0, I + F ≤ 32)")
            }
        case .block:
            return try! BlockFormat(named: rawName)
        case .float:
            do {
                return try FloatFormat(named: rawName)
            } catch .unknownFormat {
                throw .unknownFormat(rawName, validNames: validNames)
            }
        }
    }

    /// The scalar format (float or posit) with this name.
    ///
    /// - Throws: as ``format(named:)``, and ``FormatError/unsupportedFamily(format:family:need:)``
    ///   for an integer or block format.
    public static func scalarFormat(named name: String) throws(FormatError) -> any ScalarFormat {
        let format = try format(named: name)
        guard let scalar = format as? any ScalarFormat else {
            throw .unsupportedFamily(format: format.name, family: format.family, need: "a scalar (float or posit) format")
        }
        return scalar
    }

    /// The family a name belongs to, from its shape alone (the name may still be invalid).
    public static func family(ofName rawName: String) -> FormatFamily {
        let name = rawName.lowercased()
        if name.hasPrefix("posit") { return .posit }
        if let first = name.first, first == "i" || first == "u" || first == "f",
            ["int", "uint", "fixed"].contains(where: { prefix in
                name.hasPrefix(prefix) && name.dropFirst(prefix.count).first.map { $0.isNumber } == true
            })
        {
            return .integer
        }
        if BlockFormat.presets.contains(where: { $0.name == name }) { return .block }
        return .float
    }

    /// Every accepted name and pattern, family by family.
    public static let validNames: [String] =
        FloatFormat.presets.map { preset in
            preset.aliases.isEmpty ? preset.name : "\(preset.name) (\(preset.aliases.joined(separator: ", ")))"
        } + FloatFormat.namePatterns
        + PositFormat.presets.map(\.name) + ["posit<N>es<E>"]
        + ["int<N>", "uint<N>", "fixed<I>.<F>"]
        + BlockFormat.presets.map(\.name)
}
