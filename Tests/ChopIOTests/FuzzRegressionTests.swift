import ChopFormats
import ChopIO
import Foundation
import Testing

/// Inputs kept from fuzzing (the seed corpus, and any input a fuzzer ever crashed on, once
/// fixed), replayed through the same entry points and invariants as `Fuzz/`.
@Suite("Fuzzing regressions")
struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzRegressions")

    static func inputs(_ target: String) throws -> [(String, [UInt8])] {
        let folder = directory.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            (name, Array(try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    @Test("the .npy header parser on every kept input")
    func npyHeaders() throws {
        let inputs = try Self.inputs("FuzzNPYHeader")
        #expect(!inputs.isEmpty)
        for (_, bytes) in inputs {
            if let (header, offset) = try? NPYHeader.parse(bytes: bytes) {
                #expect(header.elementCount != nil && offset <= bytes.count)
            }
        }
    }

    @Test("the text reader and rewriter on every kept input")
    func text() throws {
        let inputs = try Self.inputs("FuzzText")
        #expect(!inputs.isEmpty)
        let rounder = try FloatRounder(format: .bfloat16, mode: .stochastic())
        let fp4 = try FloatRounder(format: .e2m1, mode: .toNearestOrAwayFromZero)
        for (name, bytes) in inputs {
            for delimiter in [nil, TextDelimiter.comma, .tab, .whitespace] {
                if let rounded = try? TextNumbers.round(bytes, with: rounder, seed: 1, delimiter: delimiter) {
                    #expect(rounded.filter { $0 == 10 }.count == bytes.filter { $0 == 10 }.count, "\(name)")
                }
                _ = try? TextNumbers.round(bytes, with: fp4, writesCodes: true, delimiter: delimiter)
                if let (values, shape) = try? TextNumbers.values(in: bytes, delimiter: delimiter) {
                    #expect(shape.reduce(1, *) == values.count, "\(name)")
                }
            }
        }
    }
}
