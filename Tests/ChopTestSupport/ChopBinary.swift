import Foundation

/// Runs the built `chop` executable as a user would.
public enum ChopBinary {
    public struct Result: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String

        public init(status: Int32, standardOutput: String, standardError: String) {
            self.status = status
            self.standardOutput = standardOutput
            self.standardError = standardError
        }
    }

    /// The executable beside the test bundle (`.build/<configuration>/chop`).
    public static var url: URL { url(of: "chop") }

    /// A built executable of the package beside the test bundle (`chop` or an example).
    public static func url(of executable: String) -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(executable)
    }

    /// Runs `chop` (or another `executable` of the package) with `arguments`, optionally in
    /// `directory` and with `input` on its standard input.
    public static func run(
        _ arguments: [String], executable: String = "chop", input: Data? = nil, in directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = url(of: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let inputPipe = Pipe()
        let output = Pipe()
        let error = Pipe()
        if input != nil { process.standardInput = inputPipe }
        process.standardOutput = output
        process.standardError = error
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
        // Read both pipes before waiting, so a large output cannot block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// A fresh temporary directory, removed by the caller with `cleanUp`.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chop-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The names of the files in a directory, sorted.
    public static func listing(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }
}

/// Whether `python3` with numpy is here (the CI machine installs it; elsewhere the numpy
/// tests show as skipped, with this reason).
public enum PythonNumpy {
    public static let isAvailable = canImport("numpy")

    /// Whether python3 also has the `safetensors` package (the reference reader and writer).
    public static let hasSafetensors = isAvailable && canImport("safetensors.numpy")

    /// Whether python3 also has the `netCDF4` package (the reference reader and writer of netCDF).
    public static let hasNetCDF4 = isAvailable && canImport("netCDF4")

    /// Whether `python3 -c "import MODULE"` succeeds.
    static func canImport(_ module: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import \(module)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Runs a Python script with numpy; returns its standard output.
    public static func run(_ script: String, in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
