// The headline comparison of the MX/NVFP4 and "INT vs FP" studies, in miniature: the mean
// squared quantization error of block and integer formats on Gaussian data with outliers.
//
//     swift run -c release QuantizationErrors [--rows 256] [--columns 1024] [--seed 1]

import ArgumentParser
import Chop

@main
struct QuantizationErrors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mean squared quantization error of MXFP4, NVFP4, MXINT8, MXFP8, int8 and int4 on Gaussian data with outliers.")

    @Option(help: "Rows of the weight-like matrix (channels).")
    var rows = 256

    @Option(help: "Columns (the axis blocks run along).")
    var columns = 1024

    @Option(help: "Seed of the data.")
    var seed: UInt64 = 1

    @Option(help: "One value in this many is an outlier (20 times larger).")
    var outlierEvery = 1000

    func validate() throws {
        guard rows >= 1, columns >= 32, outlierEvery >= 1 else {
            throw ValidationError("--rows must be at least 1, --columns at least 32, --outlier-every at least 1")
        }
    }

    func run() throws {
        let data = gaussianWithOutliers()
        let shape = [rows, columns]
        let meanSquare = data.reduce(0) { $0 + $1 * $1 } / Double(data.count)
        print("\(rows)x\(columns) standard normal values, one in \(outlierEvery) multiplied by 20 (seed \(seed));")
        print("blocks and groups run along the rows; nearest-even element rounding.")
        print("")
        print(cells("format", "bits/element", "MSE", "MSE / mean square", "SQNR dB"))
        print(String(repeating: "-", count: 86))
        func report(_ name: String, bits: Double, _ values: [Double]) {
            let mse = zip(values, data).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(data.count)
            let sqnr = 10 * Double.log10(meanSquare / mse)
            print(cells(name, "\(bits)", short(mse), short(mse / meanSquare), "\((sqnr * 10).rounded() / 10)"))
        }
        for (format, bits) in [(BlockFormat.mxfp8E4M3, 8.25), (.mxint8, 8.25), (.mxfp6E2M3, 6.25), (.mxfp4, 4.25), (.nvfp4, 4.5)] {
            report(format.name, bits: bits, try BlockQuantizer(format: format).quantizeDequantize(data, shape: shape))
        }
        let rht = try RandomHadamard(size: 16, seed: seed)
        let rotated = try BlockQuantizer(format: .nvfp4).quantizeDequantize(rht.forward(data), shape: shape)
        report("nvfp4 + Hadamard(16)", bits: 4.5, rht.inverse(rotated))
        let int8 = try IntegerQuantizer(format: .symmetric(bits: 8), granularity: .channel(axis: 0))
        report("int8 per channel", bits: 8, try int8.quantize(data, shape: shape).values)
        let int4 = try IntegerQuantizer(format: .symmetric(bits: 4), granularity: .block(size: 32, axis: 1))
        report("int4 per group of 32", bits: 4.5, try int4.quantize(data, shape: shape).values)
        print("")
        print("bits/element counts the scales: 8-bit scales per 32 (MX) or 16 (NVFP4) elements, and a")
        print("16-bit scale per group of 32 for int4 (the scales here are kept in binary64).")
    }

    /// Standard normal values by Box-Muller from a seeded WyRand, with outliers.
    func gaussianWithOutliers() -> [Double] {
        var generator = WyRand(seed: seed)
        var values: [Double] = []
        let count = rows * columns
        values.reserveCapacity(count)
        while values.count < count {
            let u1 = (Double(generator.next() >> 11) + 1) * 0x1p-53
            let u2 = Double(generator.next() >> 11) * 0x1p-53
            let radius = (-2 * Double.log(u1)).squareRoot()
            values.append(radius * Double.cos(2 * .pi * u2))
            if values.count < count { values.append(radius * Double.sin(2 * .pi * u2)) }
        }
        for i in stride(from: outlierEvery / 2, to: count, by: outlierEvery) { values[i] *= 20 }
        return values
    }

    func short(_ x: Double) -> String {
        let exponent = Int(Double.log10(x).rounded(.down))
        let mantissa = x / Double.pow(10, Double(exponent))
        return "\((mantissa * 1000).rounded() / 1000)e\(exponent)"
    }

    func cells(_ values: String...) -> String {
        let widths = [24, 14, 14, 20, 0]
        return zip(values, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }.joined()
    }
}
