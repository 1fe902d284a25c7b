import ChopTestSupport
import Foundation
import Testing

/// `chop round in.npy -o out.npy ARGUMENTS` that must be refused: the exit status, the one
/// message naming the problem, the previous `out.npy` untouched and no temporary file left.
enum RoundRefusal {
    static func expect(_ arguments: [String], status: Int32 = 64, message: String, values: [Double], shape: [Int]) throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SimpleNPY.write(values, shape: shape, to: directory.appendingPathComponent("in.npy"))
        try Data("previous".utf8).write(to: directory.appendingPathComponent("out.npy"))
        let result = ChopInProcess.run(["round", "in.npy", "-o", "out.npy"] + arguments, in: directory)
        #expect(result.status == status, "\(arguments): \(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("out.npy")) == Data("previous".utf8))
        #expect(ChopBinary.listing(directory) == ["in.npy", "out.npy"])
    }
}
