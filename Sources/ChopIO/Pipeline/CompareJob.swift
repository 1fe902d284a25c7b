import ChopFormats

/// How far a kernel's output is from a reference, element by element, in units in the last
/// place of a scalar format (see `ScalarFormat.ulpDistance(_:from:)`).
public struct ComparisonReport: Sendable {
    public struct Mismatch: Sendable {
        public var index: Int
        public var value: Double
        public var reference: Double
        public var ulps: Double
    }

    public var count = 0
    /// Elements whose distance is not zero.
    public var mismatches = 0
    /// The largest distance (infinite when a NaN or an infinity is unmatched).
    public var maxUlps = 0.0
    /// The mean of the finite distances.
    public var meanUlps: Double { finiteCount == 0 ? 0 : sumUlps / Double(finiteCount) }
    /// Counts per bucket of distance; see ``bucketLabels``.
    public var histogram = [Int](repeating: 0, count: ComparisonReport.bucketLabels.count)
    /// The first ten mismatches.
    public var firstMismatches: [Mismatch] = []

    var sumUlps = 0.0
    var finiteCount = 0

    /// Upper bounds of the histogram's buckets, in ulps.
    public static let bucketBounds: [Double] = [0, 1, 2, 4, 8, 16, 1024, .greatestFiniteMagnitude, .infinity]
    public static let bucketLabels = ["0", "≤1", "≤2", "≤4", "≤8", "≤16", "≤1024", ">1024", "NaN/∞ unmatched"]

    mutating func add(index: Int, value: Double, reference: Double, ulps: Double) {
        count += 1
        if ulps.isFinite {
            finiteCount += 1
            sumUlps += ulps
        }
        maxUlps = max(maxUlps, ulps)
        histogram[Self.bucketBounds.firstIndex { ulps <= $0 }!] += 1
        if ulps != 0 {
            mismatches += 1
            if firstMismatches.count < 10 {
                firstMismatches.append(Mismatch(index: index, value: value, reference: reference, ulps: ulps))
            }
        }
    }
}

/// Compares a kernel's output with the emulated reference, element by element.
public struct CompareJob: Sendable {
    /// The file to check (a kernel's output).
    public var values: String
    /// The reference (for example `chop round`'s output).
    public var reference: String
    /// The format whose ulps measure the distance (a float or a posit format).
    public var format: any ScalarFormat
    public var chunkElements: Int

    public init(values: String, reference: String, format: any ScalarFormat, chunkElements: Int = 1 << 20) {
        self.values = values
        self.reference = reference
        self.format = format
        self.chunkElements = max(1, chunkElements)
    }

    /// A comparison in a float format's ulps.
    public init(values: String, reference: String, format: FloatFormat, chunkElements: Int = 1 << 20) {
        self.init(values: values, reference: reference, format: format as any ScalarFormat, chunkElements: chunkElements)
    }

    /// Reads both files in step.
    ///
    /// - Throws: ``ChopIOError``; files with different element counts are bad data.
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> ComparisonReport {
        let boundary: (Double) -> Bool = { _ in false }
        let left = try openReader(values, codes: false, isBoundary: boundary)
        let right = try openReader(reference, codes: false, isBoundary: boundary)
        guard left.count == right.count else {
            throw .badData(values, "has \(left.count) elements but the reference \(reference) has \(right.count)")
        }
        var report = ComparisonReport()
        var a = ElementChunk()
        var b = ElementChunk()
        var done = 0
        while done < left.count {
            try left.read(into: &a, limit: chunkElements, codes: false)
            try right.read(into: &b, limit: a.count, codes: false)
            guard a.count > 0, a.count == b.count else { throw .badData(values, "ended early (it changed while being read?)") }
            // Decimal text is compared through its nearest double.
            for i in 0..<a.count {
                report.add(
                    index: done + i, value: a.values[i], reference: b.values[i],
                    ulps: format.ulpDistance(a.values[i], from: b.values[i]))
            }
            done += a.count
            progress?(done, left.count)
        }
        return report
    }
}
