import ChopFormats
import RealModule

/// What block quantization did to an array: how its blocks were scaled, how many elements
/// were clamped at the element maximum or flushed to zero, and the error.
///
/// Counts follow the Contracts article (Block and integer formats): a block with NaN or ±∞ is a NaN block (its elements are left
/// out of the error); an all-zero block is a zero block. An element is *clamped* when its
/// value over the block's divisor (scale × tensor scale) lies beyond the element format's
/// range, and *flushed* when it is finite and nonzero but decodes to zero.
public struct BlockStatistics: Sendable, Equatable {
    public var elements = 0
    public var blocks = 0
    public var zeroBlocks = 0
    public var nanBlocks = 0
    public var clampedElements = 0
    public var flushedElements = 0
    /// Blocks per finite scale value (the scale code's value, without the tensor scale).
    public var scaleHistogram: [Double: Int] = [:]
    public var maxAbsoluteError = 0.0
    /// The mean of the squared errors over the elements of finite blocks.
    public var meanSquaredError = 0.0
    /// Signal to quantization noise in decibels: 10·log10(Σ v² / Σ (v - q)²) over finite
    /// blocks; +∞ when there is no error.
    public var signalToNoiseDecibels = Double.infinity

    /// The statistics of `quantized`, the result of quantizing `input`.
    ///
    /// - Precondition: `input` has `quantized`'s element count.
    public init(input: [Double], quantized: BlockQuantized) {
        precondition(input.count == quantized.values.count, "the input must be the quantized array's")
        elements = input.count
        let element = quantized.format.element
        let tensorScale = Double(quantized.tensorScale ?? 1)
        var (signal, noise, finiteElements) = (0.0, 0.0, 0)
        for (block, indices) in BlockQuantizer.blockIndices(of: quantized).enumerated() {
            blocks += 1
            let scale = quantized.scales[block]
            guard !scale.isNaN else {
                nanBlocks += 1
                continue
            }
            scaleHistogram[scale, default: 0] += 1
            if indices.allSatisfy({ input[$0] == 0 }) { zeroBlocks += 1 }
            let divisor = scale * tensorScale
            for index in indices {
                let (v, q) = (input[index], quantized.values[index])
                if v != 0 && Self.isClamped(v, divisor: divisor, element: element) { clampedElements += 1 }
                if v != 0 && q == 0 { flushedElements += 1 }
                let error = (v - q).magnitude
                maxAbsoluteError = max(maxAbsoluteError, error)
                noise += error * error
                signal += v * v
                finiteElements += 1
            }
        }
        meanSquaredError = finiteElements == 0 ? 0 : noise / Double(finiteElements)
        signalToNoiseDecibels = noise == 0 ? .infinity : 10 * Double.log10(signal / noise)
    }

    /// Whether `|v / divisor|` lies beyond the element range (products of a few significand
    /// bits by a binary32 scale are exact in binary64, so the comparison is exact).
    static func isClamped(_ v: Double, divisor: Double, element: BlockElement) -> Bool {
        guard divisor != 0 else { return false }  // the block's elements all flush to zero
        var limit = element.greatestMagnitude
        if case .integer8(symmetric: false) = element, v < 0 { limit = 2 }
        return v.magnitude > limit * divisor
    }
}
