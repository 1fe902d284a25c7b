import ChopFormats
@testable import ChopTensors
import Testing

/// The block FMA model of GPU matrix units: the published hand vectors, each parameter's
/// effect, the degenerate settings against the idealized models, and a slow reference of the
/// same description on random inputs.
@Suite("Block FMA and tensor-core models")
struct BlockFMATests {
    static func two(_ e: Int) -> Double { Double(sign: .plus, exponent: e, significand: 1) }

    static func model(
        _ input: FloatFormat = .binary16, output: FloatFormat = .binary32, n: Int = 4, e: Int? = 0,
        _ rounding: BlockFMA.FinalRounding = .towardZero, sticky: Bool = false, subnormalsIn: Bool = true, subnormalsOut: Bool = true,
        addend: BlockFMA.AddendPlacement = .early, promote: Int? = nil
    ) -> BlockFMA {
        try! BlockFMA(
            inputFormat: input, outputFormat: output, groupSize: n, extraBits: e, finalRounding: rounding, stickyBit: sticky,
            inputSubnormals: subnormalsIn, outputSubnormals: subnormalsOut, addend: addend, promoteEvery: promote)
    }

    @Test("V100 (Fasi, Higham, Mikaitis, Pranesh 2021): truncated alignment, no guard bits, non-monotonic in c")
    func v100Vectors() throws {
        let v100 = try TensorCoreModel.v100.blockFMA(input: .binary16)
        // [1,1,1,1]·[2, 2^-23 + 2^-24, 0, 0]: the small product falls off the 24-bit register.
        let small = Self.two(-23) + Self.two(-24)
        #expect(v100.group([1, 1, 1, 1], [2, small, 0, 0], addend: 0) == 2)
        // Exact alignment rounded to nearest keeps it: the case can tell the two apart.
        #expect(Self.model(e: nil, .nearestEven).group([1, 1, 1, 1], [2, small, 0, 0], addend: 0) == 2 + Self.two(-22))
        // 1·1 - (1 - 2^-24): c's last bit is shifted out before the subtraction.
        #expect(v100.group([1], [1], addend: -(1 - Self.two(-24))) == Self.two(-23))
        #expect(Self.model(e: nil).group([1], [1], addend: -(1 - Self.two(-24))) == Self.two(-24))
        // Four products of 2^-24: lost beside c = 1, kept (and carried up) beside c = 1 - 2^-24.
        let tiny = [Double](repeating: Self.two(-12), count: 4)
        #expect(v100.group(tiny, tiny, addend: 1) == 1)
        #expect(v100.group(tiny, tiny, addend: 1 - Self.two(-24)) == 1 + Self.two(-23))
    }

    @Test("each parameter changes a result when it alone changes")
    func parameters() throws {
        let tiny = Self.two(-12)
        // Group size: four 2^-24 products first, then 1, in groups of 4 (the small ones summed
        // exactly first) or one group of 8 (aligned to 1 and lost).
        let a = [tiny, tiny, tiny, tiny, 1, 0, 0, 0]
        #expect(Self.model(n: 4).dot(a, a) == 1 + Self.two(-22))
        #expect(Self.model(n: 8).dot(a, a) == 1)
        // Extra bits: two 2^-24 products beside 1 survive with one extra bit.
        #expect(Self.model(e: 0).group([1, tiny, tiny], [1, tiny, tiny], addend: 0) == 1)
        #expect(Self.model(e: 1).group([1, tiny, tiny], [1, tiny, tiny], addend: 0) == 1 + Self.two(-23))
        // Final rounding: 2 + 3·2^-24 kept by two extra bits, then truncated or rounded up.
        let small = Self.two(-23) + Self.two(-24)
        #expect(Self.model(e: 2).group([1, 1], [2, small], addend: 0) == 2)
        #expect(Self.model(e: 2, .nearestEven).group([1, 1], [2, small], addend: 0) == 2 + Self.two(-22))
        // Sticky bit: 1 + 2^-24 lies exactly between two binary32 numbers and ties to even (1);
        // 1 + 2^-24 + 2^-40 (its tail shifted out of the register) rounds up only when a
        // sticky bit remembers the tail.
        let tail = [1, Self.two(-12), Self.two(-20)]
        let tailB = [1, Self.two(-12), Self.two(-20)]
        #expect(Self.model(e: 1, .nearestEven).group(tail, tailB, addend: 0) == 1)
        #expect(Self.model(e: 1, .nearestEven, sticky: true).group(tail, tailB, addend: 0) == 1 + Self.two(-23))
        // Input subnormals: binary16's 2^-24 used or read as zero.
        #expect(Self.model().group([Self.two(-24)], [1], addend: 0) == Self.two(-24))
        #expect(Self.model(subnormalsIn: false).group([Self.two(-24)], [1], addend: 0) == 0)
        // Output subnormals: 2^-70 · 2^-70 in bfloat16 is a binary32 subnormal.
        #expect(Self.model(.bfloat16).group([Self.two(-70)], [Self.two(-70)], addend: 0) == Self.two(-140))
        #expect(Self.model(.bfloat16, subnormalsOut: false).group([Self.two(-70)], [Self.two(-70)], addend: 0) == 0)
        // The addend's place: aligned with the products (they are lost) or after them (kept).
        let four = [Double](repeating: tiny, count: 4)
        #expect(Self.model(addend: .early).group(four, four, addend: 1) == 1)
        #expect(Self.model(addend: .late).group(four, four, addend: 1) == 1 + Self.two(-22))
        // Promotion: H100's FP8 register (14 bits) loses 32 products of 2^-12 beside 32 unless
        // each run of 32 goes to a binary32 accumulator.
        let x = [Double](repeating: 1, count: 32) + [Double](repeating: Self.two(-6), count: 32)
        #expect(try TensorCoreModel.h100.blockFMA(input: .e4m3fn).dot(x, x) == 32)
        #expect(try TensorCoreModel.h100.blockFMA(input: .e4m3fn, promoteEvery: 32).dot(x, x) == 32 + Self.two(-7))
        // Negative extra bits: 1 + 2^-14 needs 15 bits, more than H100's 14-bit FP8 register.
        let fp8 = [1.0, Self.two(-7)]
        #expect(try TensorCoreModel.h100.blockFMA(input: .e4m3fn).dot(fp8, fp8) == 1)
        #expect(try TensorCoreModel.b200.blockFMA(input: .e4m3fn).dot(fp8, fp8) == 1 + Self.two(-14))
    }

    @Test("NaN and infinities, zeros, an empty k")
    func specialValues() {
        let model = Self.model()
        #expect(model.dot([1, .infinity], [1, 1]) == .infinity)
        #expect(model.dot([.infinity, -.infinity], [1, 1]).isNaN)
        #expect(model.dot([.infinity, 0], [0, 1]).isNaN)
        #expect(model.dot([1], [1], addend: .nan).isNaN)
        #expect(model.dot([1, -1], [1, 1]).bitPattern == 0)
        #expect(model.dot([], [], addend: 3) == 3)
        // Overflow of binary32 is infinity even when truncating.
        #expect(Self.model(.bfloat16).dot([0x1p100, 0x1p100], [0x1p27, 0x1p27]) == .infinity)
    }

    @Test("exact alignment rounded to nearest is the idealized fused model", arguments: [1, 4, 16])
    func degenerateEqualsFused(n: Int) throws {
        var generator = WyRand(seed: UInt64(n))
        let (m, k, p) = (5, 70, 4)
        let bf16 = try FloatRounder(format: .bfloat16)
        let random = { (count: Int) in
            (0..<count).map { _ in bf16.round(Double.random(in: -1...1, using: &generator) * Self.two(Int.random(in: -20...20, using: &generator))) }
        }
        let (a, b) = (random(m * k), random(k * p))
        let block = Self.model(.bfloat16, n: n, e: nil, .nearestEven)
        let fused = MatrixMultiplication(accumulator: try FloatRounder(format: .binary32), order: .fused(chunk: n))
        #expect(try block.multiply(a, b, m: m, k: k, n: p) == (try fused.multiply(a, b, m: m, k: k, n: p)))
    }

    /// The model's description computed another way: each term truncated to the alignment
    /// grid by division and `rounded(.towardZero)`, the grid values added in binary64 (exact:
    /// few terms, few bits), the sum rounded by a `FloatRounder`.
    static func reference(_ model: BlockFMA, _ a: [Double], _ b: [Double], addend c: Double) -> Double {
        let rounder = try! FloatRounder(format: model.groupFormat, mode: model.finalRounding == .towardZero ? .towardZero : .toNearestOrEven)
        let inputEmin = model.inputFormat.minExponent
        func finish(_ v: Double) -> Double {
            if v == 0 { return 0 }
            if v.magnitude >= two(model.groupFormat.maxExponent + 1) { return v < 0 ? -.infinity : .infinity }
            let r = rounder.round(v)
            return !model.outputSubnormals && r.magnitude < two(model.groupFormat.minExponent) ? (r < 0 ? -0.0 : 0) : r
        }
        func read(_ x: Double) -> Double { model.inputSubnormals || x.magnitude >= two(inputEmin) ? x : 0 }
        func group(_ x: ArraySlice<Double>, _ y: ArraySlice<Double>, _ c: Double) -> Double {
            var terms: [(value: Double, exponent: Int)] = []
            var (top, topSignificand) = (Int.min, 0.0)
            for (u, v) in zip(x.map(read), y.map(read)) where u != 0 && v != 0 {
                let (eu, ev) = (max(Int(u.exponent), inputEmin), max(Int(v.exponent), inputEmin))
                let significand = (u.magnitude / two(eu)) * (v.magnitude / two(ev))
                if eu + ev > top { (top, topSignificand) = (eu + ev, significand) }
                else if eu + ev == top { topSignificand = max(topSignificand, significand) }
                terms.append((u * v, eu + ev + (significand >= 2 ? 1 : 0)))
            }
            let early = model.addend == .early && c != 0
            let cExponent = early ? max(Int(c.exponent), -126) : Int.min
            if early { terms.append((c, cExponent)) }
            if terms.isEmpty { return finish(model.addend == .late ? c : 0) }
            let bits = model.extraBits! + (terms.count > (early ? 1 : 0) && topSignificand >= 2 && top >= cExponent ? 1 : 0)
            let unit = two(terms.map(\.exponent).max()! - 23 - bits)
            // Without a sticky bit each term is cut at the unit; with one, at half the unit, the
            // half set when anything was cut off (an odd multiple of half a unit).
            let sum = terms.reduce(0.0) { total, term in
                let kept = (term.value / unit).rounded(.towardZero) * unit
                guard model.stickyBit else { return total + kept }
                return total + (kept == term.value ? kept : kept + (term.value < 0 ? -unit / 2 : unit / 2))
            }
            if model.addend == .late && c != 0 {
                var exact = ExactSum()
                exact.add(sum)
                exact.add(c)
                return finish(try! FloatRounder(format: .binary64, mode: .toOdd).round(exact))
            }
            return finish(sum)
        }
        func chain(_ range: Range<Int>, _ c: Double) -> Double {
            var running = c
            for start in stride(from: range.lowerBound, to: range.upperBound, by: model.groupSize) where running.isFinite {
                let end = min(start + model.groupSize, range.upperBound)
                running = group(a[start..<end], b[start..<end], running)
            }
            return running
        }
        guard let every = model.promoteEvery else { return chain(0..<a.count, c) }
        // Promotion: each run of `every` products from zero, added to binary32 to nearest.
        let binary32 = try! FloatRounder(format: .binary32)
        var total = c
        for start in stride(from: 0, to: a.count, by: every) {
            total = binary32.round(total + chain(start..<min(start + every, a.count), 0))
        }
        return try! FloatRounder(format: model.outputFormat, overflow: .infinity).round(total)
    }

    @Test("matrix products (the column loop where it applies) equal the slow reference, promotion and overflow included",
          arguments: TensorCoreModel.allCases.filter { ![.mi100, .mi250x].contains($0) })
    func matrixProductsEqualReference(gpu: TensorCoreModel) throws {
        var generator = WyRand(seed: 11)
        for name in gpu.inputNames {
            let input = try #require(try? FloatFormat(named: name))
            for (output, promote) in [(FloatFormat.binary32, nil), (.binary32, 32), (.binary16, nil)] as [(FloatFormat, Int?)] {
                guard let model = try? gpu.blockFMA(input: input, output: output, promoteEvery: promote) else { continue }
                let rounder = try FloatRounder(format: input, overflow: .saturate)
                let (m, k, n) = (3, 70, 6)
                for trial in 0..<4 {
                    let spread = trial % 2 == 0 ? 3 : 14
                    let value = { () -> Double in
                        rounder.round(Double.random(in: -2...2, using: &generator) * Self.two(Int.random(in: -spread...spread, using: &generator)))
                    }
                    var a = (0..<(m * k)).map { _ in value() }
                    var b = (0..<(k * n)).map { _ in value() }
                    for i in 0..<m {
                        a[i * k + 1] = -a[i * k]  // terms 0 and 1 cancel in every column
                        a[i * k + 5] = trial % 2 == 0 ? 0 : -0.0
                    }
                    for j in 0..<n { b[n + j] = b[j] }
                    let c = (0..<(m * n)).map { _ in trial == 0 ? 0 : Double(Float(Double.random(in: -64...64, using: &generator))) }
                    let d = try model.multiply(a, b, addend: c, m: m, k: k, n: n, threads: 2)
                    let addends = try FloatRounder(format: output, overflow: .infinity).rounded(c)
                    var mismatches: [String] = []
                    for i in 0..<m {
                        for j in 0..<n {
                            let (row, column) = (Array(a[(i * k)..<(i * k + k)]), (0..<k).map { b[$0 * n + j] })
                            let expected = Self.reference(model, row, column, addend: addends[i * n + j])
                            if d[i * n + j].bitPattern != expected.bitPattern { mismatches.append("[\(i),\(j)] \(d[i * n + j]) vs \(expected)") }
                            // The one-output path (groups of aligned integers) agrees too.
                            let single = model.dot(row, column, addend: addends[i * n + j])
                            if single.bitPattern != expected.bitPattern { mismatches.append("dot [\(i),\(j)] \(single) vs \(expected)") }
                        }
                    }
                    #expect(mismatches.isEmpty, "\(gpu) \(name) → \(output.name) promote \(promote.map(String.init) ?? "no") trial \(trial): \(mismatches.prefix(4))")
                }
            }
        }
        // The loop under test applies to the NVIDIA models.
        if gpu != .mi300x {
            let input = try #require(try? FloatFormat(named: gpu.inputNames[0]))
            #expect(BlockFMA.Prepared(try gpu.blockFMA(input: input)).alignsInBinary64)
        }
    }

    @Test("every GPU model, and each with sticky bits, equals the slow reference on random inputs with cancellation and subnormals",
          arguments: TensorCoreModel.allCases.filter { ![.mi100, .mi250x].contains($0) }, [false, true])
    func modelsEqualReference(gpu: TensorCoreModel, sticky: Bool) throws {
        for name in gpu.inputNames {
            let input = try #require(try? FloatFormat(named: name))
            var model = try gpu.blockFMA(input: input)
            model.stickyBit = sticky
            var generator = WyRand(seed: 7)
            let rounder = try FloatRounder(format: input, overflow: .saturate)
            for trial in 0..<300 {
                let k = Int.random(in: 1...100, using: &generator)
                let spread = trial % 3 == 0 ? 3 : 14
                let value = { () -> Double in
                    let x = Double.random(in: -2...2, using: &generator) * Self.two(Int.random(in: -spread...spread, using: &generator))
                    return rounder.round(x)
                }
                var a = (0..<k).map { _ in value() }
                let b = (0..<k).map { _ in value() }
                if trial % 5 == 0 { a[k / 2] = -a[0] * b[0] / (b[k / 2] == 0 ? 1 : b[k / 2]) }  // cancellation
                a = (try FloatRounder(format: input, overflow: .saturate)).rounded(a)
                let c = trial % 2 == 0 ? 0 : Double(Float(Double.random(in: -4...4, using: &generator)))
                let expected = Self.reference(model, a, b, addend: c)
                let actual = model.dot(a, b, addend: c)
                #expect(actual.bitPattern == expected.bitPattern, "\(gpu) \(name) trial \(trial): \(actual) vs \(expected)")
                if actual.bitPattern != expected.bitPattern { return }
            }
        }
    }

    @Test("presets: every GPU and input it takes; refusals name what it takes")
    func presets() throws {
        for gpu in TensorCoreModel.allCases {
            for name in gpu.inputNames {
                let input = try #require(try? FloatFormat(named: name))
                _ = try gpu.blockFMA(input: input)
            }
        }
        #expect { try TensorCoreModel.v100.blockFMA(input: .bfloat16) } throws: { "\($0)".contains("v100 takes binary16 inputs") }
        #expect { try TensorCoreModel.l40s.blockFMA(input: .binary16, output: .binary16) } throws: { "\($0)".contains("binary32 results") }
        #expect { try TensorCoreModel.b200.blockFMA(input: .e4m3fn, output: .binary16) } throws: { "\($0)".contains("binary32 results") }
        #expect(try TensorCoreModel.h100.blockFMA(input: .e5m2, output: .binary16).finalRounding == .nearestEven)
        #expect(try TensorCoreModel.h100.blockFMA(input: .e5m2).groupFormat.precision == 14)
    }

    @Test("batches broadcast and vectors multiply as NumPy's matmul; the addend broadcasts")
    func batches() throws {
        let model = try TensorCoreModel.a100.blockFMA(input: .bfloat16)
        // Small integers: every product and sum is exact, so the model's product is the plain one.
        let a = (0..<24).map { Double($0 % 7 - 3) }       // [2, 1, 3, 4]
        let b = (0..<40).map { Double($0 % 5 - 2) }       // [5, 4, 2]
        let (values, shape) = try model.matmul(a, shape: [2, 1, 3, 4], b, shape: [5, 4, 2], addend: ([10, 20], [2]))
        #expect(shape == [2, 5, 3, 2])
        for i in 0..<2 { for j in 0..<5 { for r in 0..<3 { for s in 0..<2 {
            let expected = (0..<4).reduce(0.0) { $0 + a[i * 12 + r * 4 + $1] * b[j * 8 + $1 * 2 + s] } + [10, 20][s]
            #expect(values[((i * 5 + j) * 3 + r) * 2 + s] == expected)
        } } } }
        let (dot, dotShape) = try model.matmul([1, 2, 3], shape: [3], [4, 5, 6], shape: [3])
        #expect(dot == [32] && dotShape == [])
        #expect(throws: TensorError.self) { try model.matmul(a, shape: [2, 1, 3, 4], b, shape: [5, 2, 4]) }
        #expect(throws: TensorError.self) { try model.matmul(a, shape: [2, 1, 3, 4], b, shape: [5, 4, 2], addend: ([1, 2, 3], [3])) }
    }
}
