import ChopBlocks
import ChopFormats
@testable import ChopIO
import ChopTestSupport
import Foundation
import Testing

/// safetensors checkpoints: files built byte by byte here (and, when python3 has the
/// `safetensors` package, by the reference implementation), rounded tensor by tensor.
@Suite("safetensors")
struct SafetensorsTests {
    /// A tensor to put in a file: its dtype name, shape and little-endian bytes.
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var bytes: [UInt8]
    }

    static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    }

    /// A safetensors file written by hand: the header JSON text as given, then the data.
    static func file(header json: String, data: [UInt8]) -> [UInt8] {
        littleEndian([UInt64(json.utf8.count)]) + Array(json.utf8) + data
    }

    /// A well-formed file of `entries` in order, with `metadata`.
    static func file(_ entries: [Entry], metadata: String = #"{"format":"pt","note":"a \"quoted\" note"}"#) -> [UInt8] {
        var offset = 0
        var fields = [#""__metadata__":\#(metadata)"#]
        for entry in entries {
            fields.append(#""\#(entry.name)":{"dtype":"\#(entry.dtype)","shape":\#(entry.shape),"data_offsets":[\#(offset),\#(offset + entry.bytes.count)]}"#)
            offset += entry.bytes.count
        }
        return file(header: "{" + fields.joined(separator: ",") + "}", data: entries.flatMap(\.bytes))
    }

    static let weights: [Double] = {
        var generator = Xoshiro256(seed: 12)
        return (0..<96).map { index in Double.random(in: -3...3, using: &generator) * (index % 11 == 0 ? 1e-3 : 1) }
    }()

    static var entries: [Entry] {
        let f32 = weights.map { Float($0) }
        let halves = weights.prefix(32).map { try! FloatFormat.binary16.encode(FloatFormat.binary16.round($0)) }.map { UInt16($0) }
        let bf16 = weights.suffix(24).map { try! FloatFormat.bfloat16.encode(FloatFormat.bfloat16.round($0)) }.map { UInt16($0) }
        return [
            Entry(name: "layer.0.weight", dtype: "F32", shape: [4, 24], bytes: littleEndian(f32.map(\.bitPattern))),
            Entry(name: "layer.0.bias", dtype: "F16", shape: [32], bytes: littleEndian(halves)),
            Entry(name: "steps", dtype: "I64", shape: [2], bytes: littleEndian([Int64(3), -4])),
            Entry(name: "embed.weight", dtype: "BF16", shape: [2, 12], bytes: littleEndian(bf16)),
            Entry(name: "table.weight", dtype: "F64", shape: [3, 2], bytes: littleEndian(weights.prefix(6).map(\.bitPattern))),
        ]
    }

    /// The tensors of a file, by the parser under test, with their bytes.
    static func read(_ url: URL) throws -> (SafetensorsHeader, [String: [UInt8]]) {
        let bytes = Array(try Data(contentsOf: url))
        let length = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let data = Array(bytes[(8 + length)...])
        let header = try SafetensorsHeader.parse(json: Array(bytes[8..<(8 + length)]), dataSize: data.count, path: url.path)
        return (header, Dictionary(uniqueKeysWithValues: header.tensors.map { ($0.name, Array(data[$0.begin..<$0.end])) }))
    }

    static func values(_ bytes: [UInt8], _ storage: ElementStorage) -> [Double] {
        var values = [Double](repeating: 0, count: bytes.count / storage.byteCount)
        bytes.withUnsafeBytes { raw in values.withUnsafeMutableBufferPointer { storage.decode(raw, into: $0) } }
        return values
    }

    @Test("--only '*.weight': the weights are the core's rounding in their own dtype; the rest, the order and the metadata are kept")
    func roundsSelectedTensors() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("m.safetensors")
        try Data(Self.file(Self.entries)).write(to: input)
        let output = directory.appendingPathComponent("out.safetensors")
        for mode in [RoundingMode.toNearestOrEven, .stochastic(randomBits: 8)] {
            let rounder = try FloatRounder(format: .e4m3fn, mode: mode, overflow: .saturate)
            let job = SafetensorsJob(input: input.path, output: output.path, rounder: rounder, seed: 5, only: ["*.weight"], collectsStatistics: true)
            let reports = try job.run()
            #expect(reports.map(\.name) == ["layer.0.weight", "embed.weight", "table.weight"])
            let (header, tensors) = try Self.read(output)
            let (original, originalTensors) = try Self.read(input)
            #expect(header.tensors.map(\.name) == original.tensors.map(\.name))
            #expect(header.tensors.map(\.dtype) == original.tensors.map(\.dtype) && header.tensors.map(\.shape) == original.tensors.map(\.shape))
            #expect(tensors["layer.0.bias"] == originalTensors["layer.0.bias"] && tensors["steps"] == originalTensors["steps"])
            for tensor in original.tensors where tensor.name.hasSuffix(".weight") {
                let storage = tensor.dtype.floatStorage!
                let inputs = Self.values(originalTensors[tensor.name]!, storage)
                let expected = rounder.rounded(inputs, seed: job.seed(ofTensor: tensor.name))
                #expect(Self.values(tensors[tensor.name]!, storage) == expected, "\(tensor.name) \(mode)")
            }
            let metadata = Dictionary(uniqueKeysWithValues: header.metadata.map { ($0.key, $0.value) })
            #expect(metadata["format"] == "pt" && metadata["note"] == #"a "quoted" note"# && metadata["chop.format"] == "e4m3fn")
            #expect(metadata["chop.rounding"] == mode.description && (metadata["chop.seed"] != nil) == mode.isStochastic)
            #expect(reports.allSatisfy { $0.statistics?.count == $0.shape.reduce(1, *) })
        }
        // A tensor's stochastic bits do not depend on which other tensors are selected.
        let rounder = try FloatRounder(format: .e4m3fn, mode: .stochastic())
        let alone = directory.appendingPathComponent("alone.safetensors")
        try SafetensorsJob(input: input.path, output: alone.path, rounder: rounder, seed: 9, only: ["embed.*"]).run()
        try SafetensorsJob(input: input.path, output: output.path, rounder: rounder, seed: 9).run()
        #expect(try Self.read(alone).1["embed.weight"] == (try Self.read(output).1["embed.weight"]))
    }

    @Test("codes: block element codes packed as hardware stores them, scale codes of the scale shape, NVFP4's tensor scale; integer codes with scales")
    func codes() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("m.safetensors")
        try Data(Self.file(Self.entries)).write(to: input)
        let output = directory.appendingPathComponent("codes.safetensors")
        let (original, originalTensors) = try Self.read(input)
        let weight = Self.values(originalTensors["layer.0.weight"]!, ElementStorage(.float32))
        for format in [BlockFormat.mxfp4, .nvfp4, .mxfp8E4M3] {
            let rounder = try BlockRounder(format: format, axis: 0)
            try SafetensorsJob(input: input.path, output: output.path, rounder: rounder, only: ["layer.*"], writesCodes: true).run()
            let (header, tensors) = try Self.read(output)
            #expect(header.tensors.map(\.name).filter { $0.hasPrefix("layer.0.weight") }
                    == ["layer.0.weight.codes", "layer.0.weight.scales"] + (format.hasTensorScale ? ["layer.0.weight.tensor_scale"] : []))
            let quantized = try BlockQuantizer(format: format).quantize(weight, shape: [4, 24], axis: 0)
            #expect(tensors["layer.0.weight.codes"] == BitPacking.pack(quantized.elementCodes, width: format.element.bitWidth))
            #expect(tensors["layer.0.weight.scales"] == quantized.scaleCodes.map { UInt8($0) })
            #expect(header.tensors.first { $0.name == "layer.0.weight.scales" }?.shape == [24, 1])
            // Read back the way a kernel would: the values equal the dequantized ones.
            let back = try BlockQuantized(
                format: format, shape: [4, 24], axis: 0,
                elementCodes: BitPacking.unpack(tensors["layer.0.weight.codes"]!, width: format.element.bitWidth, count: 96),
                scaleCodes: tensors["layer.0.weight.scales"]!.map(UInt32.init),
                tensorScale: tensors["layer.0.weight.tensor_scale"].map { bytes in
                    Float(bitPattern: bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) })
                })
            #expect(back.values == quantized.values)
            #expect(tensors["steps"] == originalTensors["steps"] && original.tensors.count <= header.tensors.count)
        }
        let int8 = try IntegerQuantizer(format: .symmetric(bits: 8), granularity: .channel(axis: 0))
        try SafetensorsJob(input: input.path, output: output.path, rounder: int8, only: ["layer.0.weight"], writesCodes: true).run()
        let (_, tensors) = try Self.read(output)
        let encoded = try int8.encode(weight, shape: [4, 24], seed: 0)
        #expect(tensors["layer.0.weight.codes"] == encoded.codes.map { UInt8($0) })
        #expect(Self.values(tensors["layer.0.weight.scales"]!, ElementStorage(.float64)) == encoded.scales)
    }

    @Test("malformed headers are bad data with the reason, and nothing is written", arguments: [
        ("not JSON", #"{"a": "#, "not JSON"),
        ("not an object", "[1, 2]", "not a JSON object"),
        ("no dtype", #"{"t":{"shape":[1],"data_offsets":[0,4]}}"#, "has no dtype"),
        ("unknown dtype", #"{"t":{"dtype":"F12","shape":[1],"data_offsets":[0,4]}}"#, "unknown dtype"),
        ("negative dimension", #"{"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, "not a non-negative integer"),
        ("size mismatch", #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, "needs 8 bytes"),
        ("overlap", #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"u":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#, "overlaps"),
        ("gap", #"{"t":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#, "a gap"),
        ("past the data", #"{"t":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, "the file has 4"),
        ("metadata", #"{"__metadata__":{"a":1},"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, "is not a string"),
        ("repeated key", #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, "repeated key"),
        ("reversed offsets", #"{"t":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}"#, "begin ≤ end"),
    ])
    func malformed(_ name: String, _ json: String, _ reason: String) throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("bad.safetensors")
        try Data(Self.file(header: json, data: [0, 0, 128, 63])).write(to: input)
        let job = SafetensorsJob(input: input.path, output: directory.appendingPathComponent("out.safetensors").path, rounder: try FloatRounder(format: .bfloat16))
        #expect {
            try job.run()
        } throws: { error in
            guard let error = error as? ChopIOError else { return false }
            return error.kind == .badData && error.message.contains(reason)
        }
        #expect(ChopBinary.listing(directory) == ["bad.safetensors"], "\(name)")
        // A header length beyond the file.
        try Data(Self.littleEndian([UInt64(1) << 40]) + [0x7B, 0x7D]).write(to: input)
        #expect(throws: ChopIOError.self) { try job.run() }
    }

    @Test("the reference implementation's file: chop rounds the weights, keeps the rest bit-identical, and the package loads the output",
          .enabled(if: PythonNumpy.hasSafetensors, "needs python3 with numpy and safetensors"))
    func againstReference() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write(Self.weights, shape: [8, 12], to: directory.appendingPathComponent("w.npy"))
        _ = try PythonNumpy.run("""
            import numpy as np
            from safetensors.numpy import save_file
            w = np.load('w.npy')
            save_file({'a.weight': w.astype(np.float32), 'a.bias': w[0].astype(np.float16), 'b.weight': w[:2].astype(np.float16),
                       'count': np.array([7], dtype=np.int32)}, 'm.safetensors', metadata={'format': 'np'})
            """, in: directory)
        let result = try ChopBinary.run(
            ["round", "m.safetensors", "-o", "out.safetensors", "--only", "*.weight", "--format", "e4m3fn", "--saturate"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let printed = try PythonNumpy.run("""
            import numpy as np
            from safetensors.numpy import load_file
            from safetensors import safe_open
            a = load_file('m.safetensors'); b = load_file('out.safetensors')
            print(sorted(a) == sorted(b), all(a[k].dtype == b[k].dtype and a[k].shape == b[k].shape for k in a))
            print(np.array_equal(a['a.bias'], b['a.bias']), np.array_equal(a['count'], b['count']))
            np.save('a.npy', a['a.weight'].astype(np.float64)); np.save('ra.npy', b['a.weight'].astype(np.float64))
            np.save('b.npy', a['b.weight'].astype(np.float64)); np.save('rb.npy', b['b.weight'].astype(np.float64))
            with safe_open('out.safetensors', 'np') as f: print(f.metadata()['chop.format'], f.metadata()['format'])
            """, in: directory)
        #expect(printed.split(separator: "\n") == ["True True", "True True", "e4m3fn np"], "\(printed)")
        let rounder = try FloatRounder(format: .e4m3fn, overflow: .saturate)
        for (original, rounded) in [("a.npy", "ra.npy"), ("b.npy", "rb.npy")] {
            let inputs = try SimpleNPY.read(directory.appendingPathComponent(original)).values
            #expect(try SimpleNPY.read(directory.appendingPathComponent(rounded)).values == rounder.rounded(inputs, seed: 0), "\(original)")
        }
    }

    @Test("chop round refuses a safetensors input without a safetensors output, and --only without a checkpoint (exit 64)")
    func commandRefusals() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.file(Self.entries)).write(to: directory.appendingPathComponent("m.safetensors"))
        try SimpleNPY.write([1, 2], shape: [2], to: directory.appendingPathComponent("x.npy"))
        let toNPY = try ChopBinary.run(["round", "m.safetensors", "-o", "out.npy", "--format", "e4m3fn"], in: directory)
        #expect(toNPY.status == 64 && toNPY.standardError.contains("-o OUT.safetensors"), "\(toNPY.standardError)")
        let only = try ChopBinary.run(["round", "x.npy", "-o", "y.npy", "--format", "e4m3fn", "--only", "*.weight"], in: directory)
        #expect(only.status == 64 && only.standardError.contains("--only and --skip"), "\(only.standardError)")
        let bad = try ChopBinary.run(["round", "m.safetensors", "-o", "o.safetensors", "--format", "mxfp4", "--axis", "3"], in: directory)
        #expect(bad.status == 64 && bad.standardError.contains("layer.0.weight"), "\(bad.standardError)")
        // A reason the command line rewords keeps the tensor it is about.
        let narrow = try ChopBinary.run(
            ["round", "m.safetensors", "-o", "o.safetensors", "--format", "binary64", "--output-type", "float32"], in: directory)
        #expect(narrow.status == 64 && narrow.standardError.hasPrefix("chop: error: tensor \"table.weight\": element 0 becomes"), "\(narrow.standardError)")
        #expect(narrow.standardError.contains("--output-type float64"), "\(narrow.standardError)")
        #expect(ChopBinary.listing(directory) == ["m.safetensors", "x.npy"])
    }
}

@Suite("JSON")
struct JSONValueTests {
    @Test("RFC 8259: escapes, surrogate pairs, numbers, key order; refusals name the problem", arguments: [
        (#"{"b":1,"a":[true,false,null,-0.5e2,"x\u00e9\ud83d\ude00\n"]}"#, #"{"b": 1, "a": [true, false, null, -50.0, "xé😀\n"]}"#),
        ("  [ ]  ", "[]"),
        (#""\"\\\/""#, #""\"\\/""#),
    ])
    func parses(_ text: String, _ written: String) throws {
        #expect(try JSONValue.parse(Array(text.utf8)).text == written)
    }

    @Test("malformed JSON is refused", arguments: [
        "", "{", #"{"a" 1}"#, "[1,]", "01", "1.", "1e", #""\u+1ab""#, #""\ud800""#, #""\q""#, "\"a\u{1}\"", "[1] 2", "tru",
        #"{"a":1,"a":2}"#, String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
    ])
    func refuses(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(text.utf8)) }
    }
}
