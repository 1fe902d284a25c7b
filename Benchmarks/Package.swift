// swift-tools-version: 6.1
// Benchmarks of swift-chop on ordo-one/benchmark: `cd Benchmarks && swift package benchmark`.
// Not run in CI (timing on a shared machine is not a test); `chop bench` gives the README's
// ratios to a plain copy.

import PackageDescription

let package = Package(
    name: "swift-chop-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-chop", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Array rounding for each format family and mode, block quantization, posits, and
        // emulated arithmetic (dot products in typed scalars).
        .executableTarget(
            name: "ArrayRounding",
            dependencies: [
                .product(name: "Chop", package: "swift-chop"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ArrayRounding",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Emulated matrix products for several accumulation models.
        .executableTarget(
            name: "MatrixProducts",
            dependencies: [
                .product(name: "Chop", package: "swift-chop"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MatrixProducts",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
