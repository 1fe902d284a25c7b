import ChopFormats
import Testing

@Suite("Format and mode names")
struct FormatNamesTests {
    @Test("every preset answers to its contract name and aliases, in any case")
    func presetNames() throws {
        for preset in FloatFormat.presets {
            for name in [preset.name] + preset.aliases {
                #expect(try FloatFormat(named: name) == preset.format, "\(name)")
                #expect(try FloatFormat(named: name.uppercased()) == preset.format, "\(name) uppercased")
            }
            #expect(try FloatFormat(named: preset.name).name == preset.name)
        }
    }

    @Test("contract aliases", arguments: [
        ("fp64", "binary64"), ("double", "binary64"), ("fp32", "binary32"), ("single", "binary32"),
        ("fp16", "binary16"), ("half", "binary16"), ("bf16", "bfloat16"), ("fp8-e4m3", "e4m3fn"),
        ("fp8-e5m2", "e5m2"), ("fp6-e3m2", "e3m2"), ("fp6-e2m3", "e2m3"), ("fp4", "e2m1"), ("fp4-e2m1", "e2m1"),
        ("e8m0fnu", "e8m0"), ("float8_e4m3fn", "e4m3fn"), ("float4_e2m1fn", "e2m1"),
    ])
    func aliases(_ alias: String, _ name: String) throws {
        #expect(try FloatFormat(named: alias) == FloatFormat(named: name))
    }

    @Test("the generic eXmY rule: IEEE-like, fn and fnuz")
    func genericRule() throws {
        let e4m3 = try FloatFormat(named: "e4m3")
        #expect(e4m3.specialValues == .ieee && e4m3.greatestFiniteMagnitude == 240 && e4m3.hasInfinity)
        let e5m2fn = try FloatFormat(named: "e5m2fn")
        #expect(e5m2fn.specialValues == .fn && e5m2fn.greatestFiniteMagnitude == 0x1.8p16)  // 1.10b·2^16
        let e5m2fnuz = try FloatFormat(named: "e5m2fnuz")
        #expect(e5m2fnuz.exponentBias == 16 && e5m2fnuz == .e5m2fnuz)
        let biased = try FloatFormat(named: "e4m3b11fnuz")
        #expect(biased == .e4m3b11fnuz)
        #expect(try FloatFormat(named: "e4m3b9").exponentBias == 9)
        #expect(try FloatFormat(named: "float8_e4m3") == e4m3)
    }

    @Test("P3109 names")
    func p3109Names() throws {
        let format = try FloatFormat(named: "binary8p3")
        #expect(format.specialValues == .p3109 && format.exponentBias == 16 && format.precision == 3)
        #expect(try FloatFormat(named: "BINARY16P11").bitWidth == 16)
    }

    @Test("unknown names are refused with the list of valid ones", arguments: [
        "fp7", "e1m2", "e12m3", "e4m53", "binary8p9", "float16_e4m3fn", "posit8x", "", "e4m3fnx", "e4", "bfloat",
    ])
    func unknownNames(_ name: String) {
        do {
            _ = try FloatFormat(named: name)
            Issue.record("'\(name)' was accepted")
        } catch {
            let message = error.description
            #expect(message.contains("'\(name)'") || message.contains(name), "\(message)")
            if case .unknownFormat = error {
                #expect(message.contains("bfloat16") && message.contains("e4m3fn"), "\(message)")
            }
        }
    }

    @Test("rounding mode names and chop/Pychop codes")
    func roundingModeNames() throws {
        let expected: [(String, RoundingMode)] = [
            ("nearest-even", .toNearestOrEven), ("1", .toNearestOrEven), ("up", .up), ("2", .up),
            ("down", .down), ("3", .down), ("toward-zero", .towardZero), ("4", .towardZero),
            ("stochastic", .stochastic()), ("5", .stochastic()), ("stochastic-equal", .stochasticEqual),
            ("6", .stochasticEqual), ("nearest-away", .toNearestOrAwayFromZero), ("away-from-zero", .awayFromZero),
            ("odd", .toOdd), ("NEAREST-EVEN", .toNearestOrEven),
        ]
        for (name, mode) in expected {
            #expect(try RoundingMode(named: name) == mode, "\(name)")
        }
        for mode in RoundingMode.deterministicModes + [.stochastic(), .stochasticEqual] {
            #expect(try RoundingMode(named: mode.name) == mode)
        }
        #expect(try RoundingMode(named: "stochastic", randomBits: 8) == .stochastic(randomBits: 8))
        #expect(throws: FormatError.self) { try RoundingMode(named: "stochastic", randomBits: 0) }
        #expect(throws: FormatError.self) { try RoundingMode(named: "stochastic", randomBits: 53) }
        #expect(throws: FormatError.self) { try RoundingMode(named: "up", randomBits: 8) }
        do {
            _ = try RoundingMode(named: "nearest-odd")
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("nearest-even") && error.description.contains("stochastic-equal"))
        }
    }

    @Test("overflow behaviours: names, and refusal where the format lacks the value")
    func overflowBehaviors() throws {
        #expect(try OverflowBehavior(named: "saturate") == .saturate)
        #expect(try OverflowBehavior(named: "NaN") == .nan)
        #expect(throws: FormatError.self) { try OverflowBehavior(named: "wrap") }
        #expect(throws: FormatError.self) { try FloatRounder(format: .e4m3fn, overflow: .infinity) }
        #expect(throws: FormatError.self) { try FloatRounder(format: .e2m1, overflow: .nan) }
        #expect(throws: FormatError.self) { try FloatRounder(format: .e2m1, overflow: .infinity) }
        #expect(try FloatRounder(format: .e2m1).overflow == .saturate)
        #expect(try FloatRounder(format: .e4m3fn).overflow == .nan)
        #expect(try FloatRounder(format: .e8m0).overflow == .nan)
        #expect(try FloatRounder(format: .binary16).overflow == .infinity)
    }
}
