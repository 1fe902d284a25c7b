import Chop

/// `chop bench --format mxfp4` (any block format): quantize-dequantize of COUNT seeded
/// normal values in one row (blocks along it) into a preallocated array, next to a plain copy
/// of the same array into the same destination.
struct BlockBenchmark {
    let count: Int
    let runs: Int
    let threads: Int

    /// Median seconds of quantize-dequantize and of a plain copy.
    func measure(_ quantizer: BlockQuantizer, seed: UInt64) throws -> (quantize: Double, copy: Double) {
        let values = NormalSamples.generate(count: count, seed: 12_345)
        var destination = [Double](repeating: 0, count: count)
        var quantizeTimes: [Double] = []
        var copyTimes: [Double] = []
        let clock = ContinuousClock()
        try values.withUnsafeBufferPointer { input in
            try destination.withUnsafeMutableBufferPointer { output in
                for run in 0...runs {  // run 0 warms up
                    let copyTime = clock.measure { for i in 0..<input.count { output[i] = input[i] } }
                    let quantizeTime = try clock.measure {
                        try quantizer.quantizeDequantize(input, into: output, shape: [count], seed: seed, threads: threads)
                    }
                    if run > 0 {
                        quantizeTimes.append(quantizeTime.seconds)
                        copyTimes.append(copyTime.seconds)
                    }
                }
            }
        }
        return (median(quantizeTimes), median(copyTimes))
    }
}
