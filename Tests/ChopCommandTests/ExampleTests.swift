import ChopTestSupport
import Foundation
import Testing

/// The examples under Examples/, run as a user runs them, with their tables checked.
@Suite("Examples")
struct ExampleTests {
    /// The numbers of a table row whose cells start with `prefix`.
    static func row(_ output: String, _ prefix: String) -> [String] {
        let line = output.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init) ?? ""
        return line.split(separator: " ").map(String.init)
    }

    @Test("stagnation: nearest-even stalls, stochastic rounding tracks the true sum")
    func stagnation() throws {
        let result = try ChopBinary.run(["--count", "100000", "--runs", "3"], executable: "StagnationDemo")
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        func errors(_ label: String, _ format: String) -> (nearest: Double, stochastic: Double)? {
            let matching = lines.filter { $0.hasPrefix(label) && $0.contains(" \(format) ") }
            guard matching.count == 2 else { return nil }
            let error = { (line: String) in Double(line.split(separator: " ").last!)! }
            let nearest = matching.first { $0.contains("nearest-even") }.map(error)
            let stochastic = matching.first { $0.contains("stochastic") }.map(error)
            guard let nearest, let stochastic else { return nil }
            return (nearest, stochastic)
        }
        for format in ["binary16", "bfloat16"] {
            // 100,000 × 0.01 = 1000: binary16 stalls at 32, bfloat16 at 2 (ulp/2 > 0.01).
            let constant = try #require(errors("0.01 + 0.01", format))
            #expect(constant.nearest > 0.9, "\(format): \(constant)")
            #expect(constant.stochastic < 0.1, "\(format): \(constant)")
            let harmonic = try #require(errors("1 + 1/2", format))
            #expect(harmonic.stochastic < harmonic.nearest, "\(format): \(harmonic)")
        }
    }

    @Test("posit comparison: binary16 overflows at s = 1e2, the quire beats every rounded loop, all errors bounded")
    func positComparison() throws {
        let result = try ChopBinary.run([], executable: "PositComparison")
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        let half = Self.row(output, "binary16"), posit = Self.row(output, "posit16 "), quire = Self.row(output, "posit16 + quire")
        #expect(half.count == 6 && posit.count == 6 && quire.count == 8, "\(output)")
        #expect(half[4] == "overflow")
        let loop = posit[2...4].compactMap { Double($0) }, fused = quire[4...6].compactMap { Double($0) }
        #expect(loop.count == 3 && fused.count == 3)
        // A quire result is the exact sum rounded once: within half an ulp of posit16 at the
        // result's magnitude (8 to 12 bits here: the results lie between 2^-20 and 2^19), and
        // below every rounded loop's error.
        for (l, f) in zip(loop, fused) { #expect(f < l && f <= 0x1p-8) }
        #expect(posit[5].hasSuffix("e-3") || posit[5].hasSuffix("e-4"), "the solve is accurate to a few u: \(posit[5])")
    }

    @Test("generic algorithms: one generic function, four types, errors of a few units of u")
    func genericAlgorithms() throws {
        let result = try ChopBinary.run([], executable: "GenericAlgorithms")
        #expect(result.status == 0, "\(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n").filter { $0.contains(" | ") }.dropFirst()
        #expect(rows.map { String($0.split(separator: "|")[0]).trimmingCharacters(in: .whitespaces) }
            == ["Double", "BFloat16", "Float8E5M2", "Float12E5M6 (custom)"])
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let rootError = try #require(Double(cells[4]))
            let expError = try #require(Double(cells[6]))
            // Newton's √2 converges to within an ulp; Horner's exp(0.5) within a few.
            #expect(rootError <= 2, "\(row)")
            #expect(expError <= 8, "\(row)")
        }
    }

    @Test("quantization errors: every format's row, with the orderings the studies report")
    func quantizationErrors() throws {
        let result = try ChopBinary.run(["--rows", "64", "--columns", "256"], executable: "QuantizationErrors")
        #expect(result.status == 0, "\(result.standardError)")
        let names = ["mxfp8-e4m3", "mxint8", "mxfp6-e2m3", "mxfp4", "nvfp4", "nvfp4 + Hadamard(16)", "int8 per channel", "int4 per group of 32"]
        var mse: [String: Double] = [:]
        for line in result.standardOutput.split(separator: "\n") {
            let cells = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard cells.count >= 5, names.contains(cells.dropLast(4).joined(separator: " ")) else { continue }
            mse[cells.dropLast(4).joined(separator: " ")] = Double(cells[cells.count - 3])
        }
        #expect(Set(mse.keys) == Set(names), "\(mse)")
        let value = { (name: String) in mse[name] ?? .nan }
        #expect(value("mxint8") < value("mxfp8-e4m3") && value("mxfp8-e4m3") < value("mxfp4"))
        #expect(value("nvfp4") < value("mxfp4") && value("int8 per channel") < value("int4 per group of 32"))
        #expect(try ChopBinary.run(["--columns", "8"], executable: "QuantizationErrors").status == 64)
    }

    @Test("tensor-core models: H100 FP8 error grows with k unless promoted; B200 and AMD keep it small")
    func tensorCoreModels() throws {
        let result = try ChopBinary.run([], executable: "TensorCoreModels")
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        /// The errors of the row labelled exactly `label`, k = 64 … 16,384.
        func errors(_ label: String) throws -> [Double] {
            let line = try #require(lines.first { $0.hasPrefix(label + "  ") })
            return line.dropFirst(label.count).split(separator: " ").compactMap { Double($0) }
        }
        let h100 = try errors("h100 e4m3fn")
        let promoted = try errors("h100 e4m3fn promote-every 128")
        #expect(h100.count == 5 && promoted.count == 5)
        // Truncation to 14 bits in every group of 32: the error grows with k, past 1% at 4096.
        #expect(h100[4] > 100 * h100[0] && h100[3] > 0.01)
        #expect(promoted[4] < h100[4] / 100 && promoted[4] < 1e-3)
        #expect(try errors("b200 e4m3fn")[4] < 1e-4)
        // Exact alignment rounded to nearest (MI100) against truncation (A100), bfloat16 inputs.
        #expect(try errors("mi100 bfloat16")[4] < (try errors("a100 bfloat16"))[4] / 10)
    }

    @Test("matmul accumulation: in-format accumulation is far worse than fp32, fused chunks and exact are best")
    func matmulAccumulation() throws {
        let result = try ChopBinary.run([], executable: "MatmulAccumulation")
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        func error(_ input: String, _ model: String) -> Double? {
            lines.first { $0.hasPrefix(input + " ") && $0.contains(model) }.flatMap { Double($0.split(separator: " ").last!) }
        }
        for input in ["bfloat16", "binary16", "e4m3fn", "e5m2"] {
            let inFormat = try #require(error(input, "sequential in"))
            let pairwise = try #require(error(input, "pairwise in"))
            let fp32 = try #require(error(input, "sequential fp32 "))
            let fused = try #require(error(input, "fused chunks of 128"))
            let exact = try #require(error(input, "exact, rounded once"))
            // 4096 positive terms: an 8- or 11-bit accumulator loses most low-order additions
            // (error ≥ 1%), pairwise far less; fp32 is within a few thousand fp32 ulps; exact
            // accumulation rounded once is within half a binary32 ulp (2^-24 ≈ 6e-8).
            #expect(inFormat > 0.01 && pairwise < inFormat / 5 && fp32 < 1e-5, "\(input)")
            #expect(exact <= 0x1p-24 && exact <= fused && fused <= fp32 * 2, "\(input)")
        }
    }

    @Test("iterative refinement: converges while κ·u_f stays small, stagnates well above 1")
    func refinementConvergence() throws {
        let result = try ChopBinary.run([], executable: "RefinementConvergence")
        #expect(result.status == 0, "\(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
        #expect(rows.count == 18)
        for row in rows {
            let κu = try #require(Double(row[3]))
            let outcome = row.last!
            // Theory: convergence for κ·u_f well below 1, none well above (the boundary rows,
            // κ·u_f between 1 and 10, may go either way).
            if κu < 0.5 { #expect(outcome == "converged", "\(row)") }
            if κu > 30 { #expect(outcome != "converged", "\(row)") }
            if outcome == "converged" { #expect(try #require(Double(row[7])) < 1e-15, "\(row)") }
        }
    }

    /// The objects of `TrainingRecipes --json`, by recipe.
    static func trainingResults(_ arguments: [String]) throws -> [String: (accuracy: Double, loss: Double)] {
        let result = try ChopBinary.run(["--json"] + arguments, executable: "TrainingRecipes")
        #expect(result.status == 0, "\(result.standardError)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
        var table: [String: (Double, Double)] = [:]
        for object in objects {
            #expect(Set(object.keys) == ["recipe", "accuracy", "loss", "seconds"], "\(object)")
            let name = try #require(object["recipe"] as? String)
            table[name] = (try #require(object["accuracy"] as? Double), try #require(object["loss"] as? Double))
        }
        return table
    }

    @Test("training recipes: bfloat16-stochastic within 1.5 points of binary32, nearest behind, MXFP8 within 2, NVFP4 within 4")
    func trainingRecipes() throws {
        let table = try Self.trainingResults([])
        #expect(table.count == 6, "\(table)")
        let single = try #require(table["binary32"])
        let nearest = try #require(table["bfloat16-nearest"])
        #expect(single.accuracy > 88, "\(table)")
        #expect(abs(try #require(table["bfloat16-stochastic"]).accuracy - single.accuracy) <= 1.5, "\(table)")
        // Nearest loses the small updates: lower accuracy and a clearly higher training loss.
        #expect(nearest.accuracy < single.accuracy - 1 && nearest.loss > 1.5 * single.loss, "\(table)")
        #expect(abs(try #require(table["fp8"]).accuracy - single.accuracy) <= 2, "\(table)")
        #expect(abs(try #require(table["mxfp8"]).accuracy - single.accuracy) <= 2, "\(table)")
        #expect(abs(try #require(table["nvfp4"]).accuracy - single.accuracy) <= 4, "\(table)")
    }

    @Test("training recipes: seeded (the same numbers twice), recipe files, and bad options rejected")
    func trainingRecipesOptions() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("recipe-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{ "preset": "nvfp4", "name": "nvfp4-sr-weights", "weights": { "format": "bfloat16", "mode": "stochastic" } }"#.utf8)
            .write(to: file)
        let arguments = ["--epochs", "2", "--recipe", "bfloat16-stochastic", "--recipe-file", file.path]
        let first = try Self.trainingResults(arguments)
        let second = try Self.trainingResults(arguments)
        #expect(first.count == 2 && first.keys.contains("nvfp4-sr-weights"))
        for (name, result) in first { #expect(second[name].map { $0 == result } == true, "\(name)") }
        for bad in [["--recipe", "fp9"], ["--epochs", "0"], ["--recipe-file", "/nonexistent.json"], ["--frobnicate"]] {
            let result = try ChopBinary.run(bad, executable: "TrainingRecipes")
            #expect(result.status != 0 && result.standardError.contains("TrainingRecipes:"), "\(bad)")
        }
    }
}
