// The umbrella module: `import Chop` gives the format model, the rounding core, the typed
// scalars, the block formats, tensors and matrix-multiply models, training tapes, the file formats, and swift-numerics' `Real` (which the typed
// scalars conform to).
@_exported import ChopBlocks
@_exported import ChopFormats
@_exported import ChopIO
@_exported import ChopTensors
@_exported import ChopTraining
@_exported import RealModule
