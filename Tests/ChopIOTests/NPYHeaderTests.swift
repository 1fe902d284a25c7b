import ChopIO
import Foundation
import Testing

@Suite("NPY headers")
struct NPYHeaderTests {
    /// Header dicts exactly as numpy 2.4 writes them (with its padding).
    static let numpyHeaders: [(String, NPYHeader)] = [
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", NPYHeader(storage: .init(.float64), shape: [2, 3])),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", NPYHeader(storage: .init(.float32), shape: [])),
        ("{'descr': '>f8', 'fortran_order': False, 'shape': (0,), }", NPYHeader(storage: .init(.float64, bigEndian: true), shape: [0])),
        ("{'descr': '<f2', 'fortran_order': True, 'shape': (2, 3, 4), }",
         NPYHeader(storage: .init(.float16), isFortranOrder: true, shape: [2, 3, 4])),
    ]

    static func fileBytes(dict: String, version: UInt8 = 1, padTo64: Bool = true) -> [UInt8] {
        var body = Array(dict.utf8)
        let prefix = version == 1 ? 10 : 12
        if padTo64 { while (prefix + body.count + 1) % 64 != 0 { body.append(UInt8(ascii: " ")) } }
        body.append(UInt8(ascii: "\n"))
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        let lengthBytes = version == 1 ? 2 : 4
        bytes += (0..<lengthBytes).map { UInt8(truncatingIfNeeded: body.count >> (8 * $0)) }
        return bytes + body
    }

    @Test("numpy's headers parse; ours serialize to what numpy writes", arguments: 0..<4)
    func numpyHeaders(_ index: Int) throws {
        let (dict, expected) = Self.numpyHeaders[index]
        let parsed = try NPYHeader.parse(bytes: Self.fileBytes(dict: dict))
        #expect(parsed.header == expected)
        #expect(parsed.dataOffset % 64 == 0)
        #expect(expected.serialized() == Self.fileBytes(dict: dict), "serialized header differs from numpy's")
    }

    @Test("version 2.0 headers and unpadded headers parse")
    func otherLayouts() throws {
        let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
        #expect(try NPYHeader.parse(bytes: Self.fileBytes(dict: dict, version: 2)).header.shape == [3])
        #expect(try NPYHeader.parse(bytes: Self.fileBytes(dict: dict, padTo64: false)).header.shape == [3])
        let spaced = "{ 'shape' : ( 4 , 5 ) , 'fortran_order' : False , \"descr\" : '<f4' }"
        #expect(try NPYHeader.parse(bytes: Self.fileBytes(dict: spaced)).header == NPYHeader(storage: .init(.float32), shape: [4, 5]))
    }

    @Test("malformed headers are refused with a message naming the problem", arguments: [
        ("{'descr': '<i4', 'fortran_order': False, 'shape': (7,), }", "dtype '<i4'"),
        ("{'descr': '<c16', 'fortran_order': False, 'shape': (7,), }", "dtype '<c16'"),
        ("{'descr': '<f8', 'shape': (7,), }", "fortran_order"),
        ("{'descr': '<f8', 'fortran_order': False, }", "shape"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (7, -1), }", "malformed"),
        ("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (7,), }", "malformed"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", "too many"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }", "too large"),
        ("{'descr': '<f8", "malformed"),
        ("not a dict at all", "malformed"),
    ])
    func malformed(_ dict: String, _ problem: String) {
        do {
            _ = try NPYHeader.parse(bytes: Self.fileBytes(dict: dict))
            Issue.record("accepted: \(dict)")
        } catch {
            #expect(error.kind == .badData)
            #expect(error.message.contains(problem), "\(error.message)")
        }
    }

    @Test("bad magic, versions and truncation")
    func badFraming() {
        let good = Self.fileBytes(dict: "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }")
        var badMagic = good
        badMagic[1] = UInt8(ascii: "X")
        var badVersion = good
        badVersion[6] = 9
        for (bytes, problem) in [
            (badMagic, "not an .npy file"), (badVersion, "version 9"), (Array(good.prefix(5)), "ends inside"),
            (Array(good.prefix(40)), "ends inside"), ([], "ends inside"),
        ] {
            do {
                _ = try NPYHeader.parse(bytes: bytes)
                Issue.record("accepted")
            } catch {
                #expect(error.message.contains(problem), "\(error.message)")
            }
        }
    }
}
