import ChopFormats
import ChopTensors

/// A 2-D convolution (cross-correlation, as deep-learning frameworks define it) of a batch of
/// images, each a row of `height × width × channels` values (channels last), with a small
/// kernel, a stride and zero padding: the image's ``Variable/patches(height:width:channels:kernel:stride:padding:)``
/// times a weight matrix (`kernel.height·kernel.width·channels × outputChannels`), plus a bias
/// per output channel. The product goes through the recipe's products like any other, so FP8
/// and block casts apply to convolutions too. Output rows are `outHeight × outWidth ×
/// outputChannels` images.
public struct Conv2d {
    public let weight: Parameter
    public let bias: Parameter
    let geometry: PatchGeometry
    public let outputChannels: Int

    /// Glorot-uniform weights (fan-in `kernel area · channels`, fan-out `kernel area ·
    /// outputChannels`, seeded) and a zero bias, rounded to `precision`.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` for sizes below 1, a stride below 1,
    ///   negative padding or a kernel larger than the padded image.
    public init(
        height: Int, width: Int, channels: Int, outputChannels: Int, kernel: (height: Int, width: Int), stride: Int = 1,
        padding: Int = 0, precision: TensorPrecision, seed: UInt64
    ) throws(TensorError) {
        geometry = try PatchGeometry(
            height: height, width: width, channels: channels, kernel: kernel, stride: stride, padding: padding)
        guard outputChannels >= 1 else { throw .invalidParameter("a convolution with \(outputChannels) output channels") }
        self.outputChannels = outputChannels
        let area = kernel.height * kernel.width
        weight = Parameter(
            try glorotUniform(
                shape: [geometry.patchSize, outputChannels], fanIn: area * channels, fanOut: area * outputChannels,
                precision: precision, seed: seed))
        bias = Parameter(try Tensor(repeating: 0, shape: [outputChannels], precision: precision))
    }

    /// The layer's parameters, for an optimizer.
    public var parameters: [Parameter] { [weight, bias] }

    /// The output images' height, width and channels.
    public var outputShape: (height: Int, width: Int, channels: Int) { (geometry.outHeight, geometry.outWidth, outputChannels) }

    /// The convolution of each image (row) of `x`, recorded on `x`'s tape.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless each row of `x` is one image.
    public func callAsFunction(_ x: Variable) throws(TensorError) -> Variable {
        let batch = x.value.rank == 2 ? x.value.shape[0] : 0
        let patches = try x.patches(
            height: geometry.height, width: geometry.width, channels: geometry.channels, kernel: geometry.kernel,
            stride: geometry.stride, padding: geometry.padding)
        return try patches.matmul(x.tape.variable(weight)).adding(x.tape.variable(bias))
            .reshaped(to: [batch, geometry.positions * outputChannels])
    }
}
