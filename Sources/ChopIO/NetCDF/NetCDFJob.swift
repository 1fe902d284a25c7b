#if NetCDF
import CNetCDF
import ChopFormats

/// Rounds the floating-point variables of a netCDF file with a prepared rounder of any
/// family, variable by variable, and copies everything else: groups, dimensions, the other
/// variables, every attribute, fill settings, chunking, compression and filters.
///
/// ```swift
/// try NetCDFJob(input: "era5.nc", output: "era5-bf16.nc",
///               rounder: FloatRounder(format: .bfloat16, mode: .stochastic), seed: 1).run()
/// ```
///
/// - Selection: ``variables`` lists paths (`t2m`, `forecast/t2m`) of `float` or `double`
///   variables to round; when empty, every floating variable that is not a coordinate: not a
///   one-dimensional variable named like its dimension, and not named in any variable's
///   `coordinates` or `bounds` attribute.
/// - Missing data: elements equal to the variable's fill value (its `_FillValue`, else the
///   library's default fill when fill mode is on) or to one of its `missing_value`s are never
///   rounded, and do not take part in a block's or a group's scale (they stand in as zeros
///   while the rounder runs and are put back bit for bit). A `_FillValue` beyond the
///   format's greatest finite magnitude is an error unless the rounder saturates: the
///   rounded variable would otherwise hold a marker its format cannot.
/// - Rounded variables keep their type (a result `float` cannot hold is an error naming the
///   variable and element) and gain the text attributes `chop_format`, `chop_rounding` and,
///   for stochastic modes, `chop_seed` (the job's seed).
/// - Stochastic rounding: element `i` (row-major index in the variable) of variable `PATH`
///   draws word `i` of `RandomStream(seed: seed ^ FNV-1a(PATH))`, so the bits do not depend
///   on the file's chunking, on the other variables or on the thread count.
/// - The output has the input's on-disk format. Memory holds the largest rounded variable
///   (twice, as doubles) and 64 MiB slabs of copied ones; the output is written to a
///   temporary file renamed into place on success, so a failure leaves nothing.
/// - Not copied: user-defined types (compound, enum, vlen, opaque; refused as bad data) and
///   netCDF's own quantization settings (`nc_def_var_quantize`).
public struct NetCDFJob: Sendable {
    public var input: String
    public var output: String
    public var rounder: any FormatRounder
    public var seed: UInt64
    public var threads: Int
    /// The variables to round (paths); empty: every floating data variable.
    public var variables: [String]
    public var collectsStatistics: Bool

    public init(
        input: String, output: String, rounder: any FormatRounder, seed: UInt64 = 0, threads: Int = Parallelism.automatic,
        variables: [String] = [], collectsStatistics: Bool = false
    ) {
        self.input = input
        self.output = output
        self.rounder = rounder
        self.seed = seed
        self.threads = threads
        self.variables = variables
        self.collectsStatistics = collectsStatistics
    }

    /// One rounded variable: its path, shape and type, its missing elements, and what
    /// rounding did to the others.
    public struct VariableReport: Sendable {
        public var path: String
        public var shape: [Int]
        public var type: NetCDFType
        /// Elements equal to a fill or missing value, left as they were.
        public var missingElements = 0
        /// Data elements whose result equals a fill or missing value: readers will take them
        /// for missing data.
        public var becameMissing = 0
        public var statistics: TensorErrorStatistics?
    }

    /// The seed of variable `path`'s stream: `seed ^ FNV-1a(path)`.
    public func seed(ofVariable path: String) -> UInt64 { streamSeed(seed, named: path) }

    /// The variables of `dataset` the job rounds.
    ///
    /// - Throws: usage for a listed variable that is not in the file or not `float`/`double`.
    public func selection(in dataset: NetCDFDataset) throws(ChopIOError) -> [NetCDFVariable] {
        if !variables.isEmpty {
            return try variables.map { (path) throws(ChopIOError) in
                guard let variable = dataset.variable(named: path) else {
                    let names = dataset.variables.map(\.path).joined(separator: ", ")
                    throw .usage("\(input): no variable \(path); the file has \(names.isEmpty ? "none" : names)")
                }
                guard variable.type?.isFloating == true else {
                    throw .usage("\(input): variable \(path) is \(variable.typeName); only float and double variables are rounded")
                }
                return variable
            }
        }
        var referenced = Set<String>()
        for variable in dataset.variables {
            for name in ["coordinates", "bounds"] {
                guard let text = try dataset.attribute(name, of: variable)?.text else { continue }
                referenced.formUnion(text.split(whereSeparator: { $0 == " " }).map(String.init))
            }
        }
        return dataset.variables.filter { variable in
            guard variable.type?.isFloating == true else { return false }
            let isCoordinate = variable.dimensions.count == 1 && variable.dimensions[0].name == variable.name
            return !isCoordinate && !referenced.contains(variable.name) && !referenced.contains(variable.path)
        }
    }

    /// Runs the job, calling `progress(done, total)` with elements after each variable.
    ///
    /// - Throws: ``ChopIOError``: bad data for a file that is not netCDF or holds user-defined
    ///   types; usage for a selection that does not exist, a fill value outside the format, a
    ///   result the variable's type cannot hold or a shape the rounder refuses; I/O. The
    ///   output is untouched on any error.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> [VariableReport] {
        try NetCDFLock.shared.withLock { () throws(ChopIOError) in try runLocked(progress: progress) }
    }

    private func runLocked(progress: ((Int, Int) -> Void)?) throws(ChopIOError) -> [VariableReport] {
        let dataset = try NetCDFDataset(path: input)
        let selected = try selection(in: dataset)
        let selectedPaths = Set(selected.map(\.path))
        var missing: [String: MissingValues] = [:]
        for variable in selected { missing[variable.path] = try MissingValues(of: variable, in: dataset, rounder: rounder) }

        let file = try AtomicOutput(destination: output)
        defer { file.abandon() }
        var outputID: Int32 = 0
        try checkNetCDF(nc_create(file.temporaryPath, dataset.format.createMode, &outputID), output, "cannot create it")
        var isOpen = true
        defer { if isOpen { nc_close(outputID) } }

        var writer = NetCDFWriter(dataset: dataset, outputID: outputID, output: output)
        try writer.define(dataset.root, in: outputID) { variable in
            guard selectedPaths.contains(variable.path) else { return nil }
            var attributes = [("chop_format", rounder.format.name), ("chop_rounding", rounder.mode.description)]
            if rounder.mode.isStochastic { attributes.append(("chop_seed", "\(seed)")) }
            return attributes
        }
        try checkNetCDF(nc_enddef(outputID), output, "cannot finish its definitions")

        let total = dataset.variables.reduce(0) { $0 + $1.elementCount }
        var done = 0
        var reports: [VariableReport] = []
        for variable in dataset.variables {
            if let missing = missing[variable.path] {
                let (values, report) = try round(variable, in: dataset, missing: missing)
                try writer.write(values, to: variable)
                reports.append(report)
            } else {
                try writer.copy(variable)
            }
            done += variable.elementCount
            progress?(done, total)
        }
        isOpen = false
        try checkNetCDF(nc_close(outputID), output, "cannot finish writing")
        try file.commit()
        return reports
    }

    /// A selected variable's rounded values, missing elements left as they were.
    private func round(
        _ variable: NetCDFVariable, in dataset: NetCDFDataset, missing: MissingValues
    ) throws(ChopIOError) -> ([Double], VariableReport) {
        let type = variable.type!
        var report = VariableReport(path: variable.path, shape: variable.shape, type: type)
        let inputs = try dataset.values(of: variable)
        let isMissing = inputs.map(missing.contains)
        report.missingElements = isMissing.count { $0 }
        var values = zip(inputs, isMissing).map { $1 ? 0 : $0 }
        if !values.isEmpty {
            do {
                try values.withUnsafeMutableBufferPointer {
                    try rounder.round($0, shape: variable.ioShape, seed: seed(ofVariable: variable.path), threads: threads)
                }
            } catch {
                throw .usage("\(input): variable \(variable.path): \(error)")
            }
        }
        for index in values.indices where isMissing[index] { values[index] = inputs[index] }
        report.becameMissing = values.indices.count { !isMissing[$0] && missing.contains(values[$0]) }
        if type == .float {
            for (index, value) in values.enumerated() where !value.isNaN && Double(Float(value)) != value {
                throw .usage("\(input): variable \(variable.path): element \(index) becomes \(value), which float cannot hold exactly; a variable keeps its type, so round it to a format within binary32")
            }
        }
        if collectsStatistics {
            let kept = values.indices.filter { !isMissing[$0] }
            var statistics = TensorErrorStatistics()
            statistics.add(
                inputs: kept.map { inputs[$0] }, outputs: kept.map { values[$0] },
                greatestFinite: (rounder.format as? any ScalarFormat)?.greatestFiniteMagnitude)
            report.statistics = statistics
        }
        return (values, report)
    }
}

#endif
