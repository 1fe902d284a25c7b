#if NetCDF
import ChopBlocks
import ChopFormats
@testable import ChopIO
import ChopTestSupport
import Foundation
import Testing

/// netCDF files: the fixtures in NetCDFFixtures (written by Python's netCDF4, see make.py
/// there) rounded variable by variable, and the output read back with the netCDF library.
@Suite("netCDF")
struct NetCDFTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("NetCDFFixtures")
    static let netCDF4 = fixtures.appendingPathComponent("netcdf4.nc").path
    static let classic = fixtures.appendingPathComponent("classic.nc").path

    /// The values of `path` in the dataset at `file`.
    static func values(_ file: String, _ path: String) throws -> [Double] {
        let dataset = try NetCDFDataset(path: file)
        return try dataset.values(of: #require(dataset.variable(named: path)))
    }

    /// The attributes of a variable (nil: global ones of `group`), by name.
    static func attributes(_ dataset: NetCDFDataset, _ path: String?, group: String = "") throws -> [String: NetCDFAttribute] {
        let variable = try path.map { try #require(dataset.variable(named: $0)) }
        let names = try dataset.attributeNames(of: variable, group: group)
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try #require(try dataset.attribute($0, of: variable, group: group))) })
    }

    /// Same bits, NaN included.
    static func identical(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    @Test("default selection: floating data variables, not coordinates or bounds; values are the core's rounding with the variable's seed; the rest is kept")
    func roundsDataVariables() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.nc").path
        let rounder = try FloatRounder(format: .bfloat16, mode: .stochastic())
        let job = NetCDFJob(input: Self.netCDF4, output: output, rounder: rounder, seed: 1, collectsStatistics: true)
        let reports = try job.run()
        #expect(reports.map(\.path) == ["tas", "elev", "wind", "reference", "forecast/pr", "forecast/members/spread"])

        let input = try NetCDFDataset(path: Self.netCDF4)
        let result = try NetCDFDataset(path: output)
        #expect(result.format == .netCDF4)
        #expect(result.variables.map(\.path) == input.variables.map(\.path))
        #expect(result.variables.map(\.shape) == input.variables.map(\.shape))
        #expect(result.variables.map(\.type) == input.variables.map(\.type))
        #expect(result.variables.map { $0.dimensions.map(\.name) } == input.variables.map { $0.dimensions.map(\.name) })
        #expect(result.variable(named: "tas")?.dimensions.first?.isUnlimited == true)

        let missing: [String: (Double) -> Bool] = [
            "tas": { $0 == -999 }, "elev": { $0 == Double(Float(1e20)) }, "wind": { $0.isNaN }, "reference": { _ in false },
            "forecast/pr": { $0 == 9.969209968386869e36 }, "forecast/members/spread": { $0 == Double(Float(9.969209968386869e36)) },
        ]
        for variable in input.variables {
            guard variable.type?.isNumeric == true else { continue }
            let before = try input.values(of: variable)
            let after = try result.values(of: #require(result.variable(named: variable.path)))
            guard let isMissing = missing[variable.path] else {
                #expect(Self.identical(after, before), "\(variable.path) is not rounded")
                continue
            }
            let expected = rounder.rounded(before, seed: job.seed(ofVariable: variable.path))
            for index in before.indices {
                if isMissing(before[index]) {
                    #expect(after[index].bitPattern == before[index].bitPattern, "\(variable.path)[\(index)] is missing data")
                } else {
                    #expect(after[index] == expected[index], "\(variable.path)[\(index)]")
                }
            }
            let report = try #require(reports.first { $0.path == variable.path })
            #expect(report.missingElements == before.count { isMissing($0) })
            #expect(report.statistics?.count == before.count - report.missingElements)
        }
        #expect(reports.first { $0.path == "tas" }?.missingElements == 4)

        // Attributes: the input's, with chop_ ones for the rounded variables (an old one replaced).
        for variable in input.variables {
            var expected = try Self.attributes(input, variable.path)
            if reports.contains(where: { $0.path == variable.path }) {
                expected["chop_format"] = .text("bfloat16")
                expected["chop_rounding"] = .text("stochastic")
                expected["chop_seed"] = .text("1")
            }
            let attributes = try Self.attributes(result, variable.path)
            #expect(attributes.keys.sorted() == expected.keys.sorted(), "\(variable.path)")
            for (name, value) in expected where name != "_FillValue" || variable.path != "wind" {
                #expect(attributes[name] == value, "\(variable.path).\(name)")
            }
            #expect(try result.storage(of: #require(result.variable(named: variable.path))) == (try input.storage(of: variable)), "\(variable.path)")
        }
        #expect(try Self.attributes(result, nil) == (try Self.attributes(input, nil)))
        #expect(try Self.attributes(result, nil, group: "forecast") == (try Self.attributes(input, nil, group: "forecast")))
        #expect(try input.storage(of: #require(input.variable(named: "tas"))).layout == .chunked([1, 3, 5]))
        #expect(try input.storage(of: #require(input.variable(named: "tas"))).deflateLevel == 4)
    }

    @Test("the bits depend on the seed, the variable and the element only: not on the threads or the other variables")
    func reproducible() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rounder = try FloatRounder(format: .e5m2, mode: .stochastic(randomBits: 8))
        let one = directory.appendingPathComponent("one.nc").path
        let all = directory.appendingPathComponent("all.nc").path
        try NetCDFJob(input: Self.netCDF4, output: one, rounder: rounder, seed: 3, threads: 1, variables: ["tas"]).run()
        try NetCDFJob(input: Self.netCDF4, output: all, rounder: rounder, seed: 3, threads: 4).run()
        #expect(try Self.values(one, "tas") == (try Self.values(all, "tas")))
        #expect(try Self.values(one, "wind").count == 60)
        #expect(Self.identical(try Self.values(one, "wind"), try Self.values(Self.netCDF4, "wind")))
        let other = directory.appendingPathComponent("other.nc").path
        try NetCDFJob(input: Self.netCDF4, output: other, rounder: rounder, seed: 4, variables: ["tas"]).run()
        #expect(try Self.values(one, "tas") != (try Self.values(other, "tas")))
    }

    @Test("--variables: a listed coordinate is rounded; an unknown or integer variable is refused and nothing is written")
    func selection() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.nc").path
        let rounder = try FloatRounder(format: .binary16)
        try NetCDFJob(input: Self.netCDF4, output: output, rounder: rounder, variables: ["lat", "forecast/pr"]).run()
        #expect(try Self.values(output, "lat") == rounder.rounded(try Self.values(Self.netCDF4, "lat")))
        #expect(try Self.values(output, "lat") != (try Self.values(Self.netCDF4, "lat")))
        #expect(try Self.values(output, "tas") == (try Self.values(Self.netCDF4, "tas")))
        try FileManager.default.removeItem(atPath: output)
        for (name, problem) in [("nope", "no variable nope"), ("count", "variable count is int"), ("station", "variable station is string")] {
            let error = #expect(throws: ChopIOError.self) {
                try NetCDFJob(input: Self.netCDF4, output: output, rounder: rounder, variables: [name]).run()
            }
            #expect(error?.kind == .usage && error?.message.contains(problem) == true, "\(String(describing: error))")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(ChopBinary.listing(directory).isEmpty)
    }

    @Test("a _FillValue beyond the format is refused unless the rounder saturates; then it is kept as the fill value")
    func fillOutsideFormat() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.nc").path
        let error = #expect(throws: ChopIOError.self) {
            try NetCDFJob(input: Self.classic, output: output, rounder: try FloatRounder(format: .e4m3fn)).run()
        }
        #expect(error?.reason == .fillValueOutsideFormat(variable: "v", fill: Double(Float(-1e30)), format: "e4m3fn", greatest: 448))
        #expect(ChopBinary.listing(directory).isEmpty)

        let rounder = try FloatRounder(format: .e4m3fn, overflow: .saturate)
        try NetCDFJob(input: Self.classic, output: output, rounder: rounder).run()
        let result = try NetCDFDataset(path: output)
        #expect(result.format == .classic)
        #expect(try result.attribute("_FillValue", of: result.variable(named: "v")) == .numbers([Double(Float(-1e30))]))
        #expect(try Self.values(output, "v") == rounder.rounded(try Self.values(Self.classic, "v")))
        #expect(try Self.values(output, "x") == (try Self.values(Self.classic, "x")))
    }

    @Test("block formats: missing elements take no part in a block's scale")
    func blocksIgnoreMissing() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.nc").path
        let rounder = try BlockRounder(format: .mxfp4)
        try NetCDFJob(input: Self.netCDF4, output: output, rounder: rounder, variables: ["elev"]).run()
        let inputs = try Self.values(Self.netCDF4, "elev")
        let fill = Double(Float(1e20))
        var expected = inputs.map { $0 == fill ? 0 : $0 }
        try expected.withUnsafeMutableBufferPointer { try rounder.round($0, shape: [6, 10]) }
        for index in inputs.indices where inputs[index] == fill { expected[index] = fill }
        #expect(try Self.values(output, "elev") == expected)
        #expect(expected.contains(fill) && expected.count { $0 != 0 && $0 != fill } > 40)
    }

    @Test("not netCDF: bad data naming the file, and nothing written")
    func notNetCDF() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("fake.nc")
        try Data("CDF\u{1}this is not really netCDF".utf8).write(to: input)
        let output = directory.appendingPathComponent("out.nc").path
        let error = #expect(throws: ChopIOError.self) {
            try NetCDFJob(input: input.path, output: output, rounder: try FloatRounder(format: .bfloat16)).run()
        }
        #expect(error?.kind == .badData && error?.message.hasPrefix(input.path) == true, "\(String(describing: error))")
        #expect(ChopBinary.listing(directory) == ["fake.nc"])
    }

    @Test("the reference library's file: chop round equals chop round of the same array with the variable's seed; the rest is kept",
          .enabled(if: PythonNumpy.hasNetCDF4, "needs python3 with numpy and netCDF4"))
    func againstReference() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try PythonNumpy.run("""
            import numpy as np, netCDF4
            rng = np.random.default_rng(5)
            with netCDF4.Dataset('in.nc', 'w') as ds:
                ds.source = 'test'
                ds.createDimension('time', None); ds.createDimension('lat', 8); ds.createDimension('lon', 16)
                lat = ds.createVariable('lat', 'f4', ('lat',)); lat[:] = np.linspace(-80.1, 80.1, 8); lat.units = 'degrees_north'
                t = ds.createVariable('t2m', 'f4', ('time', 'lat', 'lon'), zlib=True, complevel=5, shuffle=True,
                                      chunksizes=(1, 4, 8), fill_value=np.float32(-32767.0))
                t.units = 'K'
                data = (280 + 15 * rng.standard_normal((3, 8, 16))).astype(np.float32)
                t[:] = np.ma.masked_array(data, data > 300)
                np.save('t2m.npy', t[:].filled(-32767.0).astype(np.float32))
            """, in: directory)
        let result = try ChopBinary.run(
            ["round", "in.nc", "-o", "out.nc", "--format", "bfloat16", "--rounding", "stochastic", "--seed", "1", "--stats"], in: directory)
        #expect(result.status == 0 && result.standardError.contains("1 variables rounded"), "\(result.standardError)")
        let seed = streamSeed(1, named: "t2m")
        let array = try ChopBinary.run(
            ["round", "t2m.npy", "-o", "r.npy", "--format", "bfloat16", "--rounding", "stochastic", "--seed", "\(seed)"], in: directory)
        #expect(array.status == 0, "\(array.standardError)")
        let printed = try PythonNumpy.run("""
            import numpy as np, netCDF4
            a = netCDF4.Dataset('in.nc'); b = netCDF4.Dataset('out.nc')
            x = np.load('t2m.npy'); r = np.load('r.npy'); y = np.ma.getdata(b['t2m'][:])
            fill = x == -32767.0
            print(fill.sum() > 0, np.array_equal(y[~fill], r[~fill]), np.array_equal(y[fill], x[fill]), not np.array_equal(y, x))
            print(np.array_equal(a['lat'][:], b['lat'][:]), a['t2m'].filters() == b['t2m'].filters(), b['t2m'].chunking(), b['t2m'].dtype)
            print({k: str(a['t2m'].getncattr(k)) for k in a['t2m'].ncattrs()} == {k: str(b['t2m'].getncattr(k)) for k in b['t2m'].ncattrs() if not k.startswith('chop_')})
            print(b['t2m'].chop_format, b['t2m'].chop_rounding, b['t2m'].chop_seed, b.source, b.dimensions['time'].isunlimited())
            """, in: directory)
        #expect(printed.split(separator: "\n") == [
            "True True True True", "True True [1, 4, 8] float32", "True", "bfloat16 stochastic 1 test True",
        ], "\(printed)")
    }

    @Test("chop round: a fill value outside the format and a non-netCDF file exit 64 and 65 naming the problem; refusals write nothing")
    func commandRefusals() throws {
        let directory = try ChopBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(atPath: Self.classic, toPath: directory.appendingPathComponent("c.nc").path)
        try Data("not netCDF at all".utf8).write(to: directory.appendingPathComponent("fake.nc"))
        try SimpleNPY.write([1, 2], shape: [2], to: directory.appendingPathComponent("x.npy"))
        let fill = try ChopBinary.run(["round", "c.nc", "-o", "o.nc", "--format", "e4m3fn"], in: directory)
        #expect(fill.status == 64 && fill.standardError.contains("_FillValue") && fill.standardError.contains("--saturate"), "\(fill.standardError)")
        let fake = try ChopBinary.run(["round", "fake.nc", "-o", "o.nc", "--format", "bfloat16"], in: directory)
        #expect(fake.status == 65 && fake.standardError.contains("fake.nc"), "\(fake.standardError)")
        let toNPY = try ChopBinary.run(["round", "c.nc", "-o", "o.npy", "--format", "bfloat16"], in: directory)
        #expect(toNPY.status == 64 && toNPY.standardError.contains("-o OUT.nc"), "\(toNPY.standardError)")
        let codes = try ChopBinary.run(["round", "c.nc", "-o", "o.nc", "--format", "bfloat16", "--codes"], in: directory)
        #expect(codes.status == 64 && codes.standardError.contains("--codes"), "\(codes.standardError)")
        let variables = try ChopBinary.run(["round", "x.npy", "-o", "y.npy", "--format", "bfloat16", "--variables", "v"], in: directory)
        #expect(variables.status == 64 && variables.standardError.contains("--variables"), "\(variables.standardError)")
        let unknown = try ChopBinary.run(["round", "c.nc", "-o", "o.nc", "--format", "bfloat16", "--variables", "v,w"], in: directory)
        #expect(unknown.status == 64 && unknown.standardError.contains("no variable w"), "\(unknown.standardError)")
        #expect(ChopBinary.listing(directory) == ["c.nc", "fake.nc", "x.npy"])
        let saturated = try ChopBinary.run(["round", "c.nc", "-o", "o.nc", "--format", "e4m3fn", "--saturate", "--stats-json", "-"], in: directory)
        #expect(saturated.status == 0 && saturated.standardOutput.contains(#""variables": [{"name": "v""#), "\(saturated.standardOutput)")
    }
}
#else
import Foundation
import Testing

@Suite("netCDF")
struct NetCDFTests {
    @Test("the netCDF tests need the NetCDF trait")
    func traitIsOff() {
        if ProcessInfo.processInfo.environment["CHOP_REQUIRE_NETCDF"] == "1" {
            Issue.record("CHOP_REQUIRE_NETCDF=1 but the NetCDF trait is off: run `swift test --traits MPFR,NetCDF` (Tests/run.sh installs libnetcdf-dev)")
        }
    }
}
#endif
