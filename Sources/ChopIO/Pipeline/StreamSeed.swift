/// The seed of a named array's stochastic stream inside a file of many (a checkpoint's
/// tensor, a NetCDF variable): `seed ^ FNV-1a(name)`, the 64-bit FNV-1a hash of the name's
/// UTF-8. An array's bits then depend on the job's seed and its own name only, never on which
/// other arrays are rounded or in what order, and two arrays of the same shape do not share
/// random words.
func streamSeed(_ seed: UInt64, named name: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return seed ^ hash
}
