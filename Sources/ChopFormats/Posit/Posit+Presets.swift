/// Posit Standard 2022 formats.
public enum Posit8Format: PositFormatType { public static let format = PositFormat.posit8 }
public enum Posit16Format: PositFormatType { public static let format = PositFormat.posit16 }
public enum Posit32Format: PositFormatType { public static let format = PositFormat.posit32 }
public enum Posit64Format: PositFormatType { public static let format = PositFormat.posit64 }

public typealias Posit8 = Posit<Posit8Format>
public typealias Posit16 = Posit<Posit16Format>
public typealias Posit32 = Posit<Posit32Format>
public typealias Posit64 = Posit<Posit64Format>
