import Chop

/// `chop bench` for kernels that write one array from another (block quantize-dequantize,
/// posit rounding): COUNT seeded normal values through the kernel into a preallocated array,
/// next to a plain copy of the same array into the same destination, on as many threads.
struct KernelBenchmark {
    let count: Int
    let runs: Int
    /// The threads the kernel uses; the copy uses as many.
    let threads: Int

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
                    let copyTime = clock.measure { ReferencePasses.copy(input, into: output, threads: threads) }
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
