// The umbrella module: `import Chop` gives the format model, the rounding core and the
// file formats.
@_exported import ChopFormats
@_exported import ChopIO
