import Chop

/// `chop bench` for kernels that write one array from another (block quantize-dequantize,
/// posit rounding): COUNT seeded normal values through the kernel into a preallocated array,
/// next to a plain copy of the same array into the same destination.
struct KernelBenchmark {
    let count: Int
    let runs: Int

    /// Median seconds of the kernel and of a plain copy.
    func measure(
        _ kernel: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Void
    ) rethrows -> (kernel: Double, copy: Double) {
        let values = NormalSamples.generate(count: count, seed: 12_345)
        var destination = [Double](repeating: 0, count: count)
        var kernelTimes: [Double] = []
        var copyTimes: [Double] = []
        let clock = ContinuousClock()
        try values.withUnsafeBufferPointer { input in
            try destination.withUnsafeMutableBufferPointer { output in
                for run in 0...runs {  // run 0 warms up
                    let copyTime = clock.measure { for i in 0..<input.count { output[i] = input[i] } }
                    let kernelTime = try clock.measure { try kernel(input, output) }
                    if run > 0 {
                        kernelTimes.append(kernelTime.seconds)
                        copyTimes.append(copyTime.seconds)
                    }
                }
            }
        }
        return (median(kernelTimes), median(copyTimes))
    }
}
