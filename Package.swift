// swift-tools-version: 6.1
// swift-chop: emulate low-precision number formats (minifloats, FP8/FP6/FP4, bfloat16,
// posits, block and integer formats) with every rounding mode, checked against GNU MPFR.

import PackageDescription

let libm: LinkerSetting = .linkedLibrary("m", .when(platforms: [.linux, .android]))

/// `CHOP_DOCS=1 swift package generate-documentation --target ChopFormats` builds the DocC
/// catalog; the plugin is a dependency only then, so ordinary builds never fetch it.
let documentationDependencies: [Package.Dependency] =
    Context.environment["CHOP_DOCS"] == "1"
    ? [.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0")] : []

let package = Package(
    name: "swift-chop",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "Chop", targets: ["Chop"]),
        .library(name: "ChopFormats", targets: ["ChopFormats"]),
        .library(name: "ChopBlocks", targets: ["ChopBlocks"]),
        .library(name: "ChopTensors", targets: ["ChopTensors"]),
        .library(name: "ChopIO", targets: ["ChopIO"]),
        .library(name: "ChopTraining", targets: ["ChopTraining"]),
        .executable(name: "chop", targets: ["ChopCommand"]),
        // The C interface: Sources/CChop/include/chop.h, linked as -lCChop.
        .library(name: "CChop", type: .dynamic, targets: ["ChopCABI", "CChop"]),
    ],
    traits: [
        .trait(
            name: "MPFR",
            description: "Build the GNU MPFR oracle in Reference/ (needs libmpfr-dev) and the tests that use it."
        ),
        .trait(
            name: "NetCDF",
            description: "Read and write NetCDF-4 and classic netCDF files in ChopIO and `chop round` (needs libnetcdf-dev)."
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.0"),
    ] + documentationDependencies,
    targets: [
        // The format model, the rounding core, array rounding, emulated arithmetic, typed
        // scalars and seeded random streams.
        .target(
            name: "ChopFormats",
            dependencies: ["CRoundingDirection", .product(name: "RealModule", package: "swift-numerics")],
            linkerSettings: [libm]
        ),
        // Sets a thread's floating-point rounding direction for the directed modes' array loops.
        .target(name: "CRoundingDirection", linkerSettings: [libm]),
        // Block formats (MX, NVFP4, general block floating point) on the rounding core.
        .target(
            name: "ChopBlocks",
            dependencies: ["ChopFormats", .product(name: "RealModule", package: "swift-numerics")],
            linkerSettings: [libm]
        ),
        // Tensors in emulated precision: elementwise operations, reductions in a stated order,
        // matrix-multiply kernel models.
        .target(
            name: "ChopTensors",
            dependencies: ["ChopFormats", .product(name: "RealModule", package: "swift-numerics")],
            linkerSettings: [libm]
        ),
        // Training in emulated precision: a tape of tensor operations and its reverse pass.
        .target(
            name: "ChopTraining",
            dependencies: ["ChopFormats", "ChopBlocks", "ChopTensors", .product(name: "RealModule", package: "swift-numerics")],
            linkerSettings: [libm]
        ),
        // Files: .npy, raw little-endian binary, text, safetensors, NetCDF (with the NetCDF
        // trait); atomic output; the jobs of the CLI.
        .target(
            name: "ChopIO",
            dependencies: [
                "ChopFormats", "ChopBlocks", "ChopTensors", .product(name: "RealModule", package: "swift-numerics"),
                .target(name: "CNetCDF", condition: .when(traits: ["NetCDF"])),
            ],
            linkerSettings: [libm]
        ),
        // The system netCDF C library, used by ChopIO only with the NetCDF trait.
        .systemLibrary(
            name: "CNetCDF",
            pkgConfig: "netcdf",
            providers: [.apt(["libnetcdf-dev"])]
        ),
        // The C interface: chop.h and the defaults of its options (C), the functions (Swift).
        .target(name: "CChop", exclude: ["pkg-config.sh"]),
        .target(
            name: "ChopCABI",
            dependencies: ["CChop", "ChopFormats", "ChopBlocks", "ChopIO", "ChopTensors"],
            linkerSettings: [libm]
        ),
        // Umbrella: `import Chop` gives every public module.
        .target(
            name: "Chop",
            dependencies: [
                "ChopFormats", "ChopBlocks", "ChopTensors", "ChopIO", "ChopTraining", .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // The `chop` command-line tool.
        .executableTarget(
            name: "ChopCommand",
            dependencies: [
                "Chop",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [libm]
        ),

        // Examples: each prints a table from `swift run`; ExampleTests runs them.
        .executableTarget(
            name: "StagnationDemo",
            dependencies: ["Chop", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/StagnationDemo",
            linkerSettings: [libm]
        ),
        .executableTarget(
            name: "QuantizationErrors",
            dependencies: ["Chop", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/QuantizationErrors",
            linkerSettings: [libm]
        ),
        .executableTarget(
            name: "PositComparison",
            dependencies: ["Chop"],
            path: "Examples/PositComparison",
            linkerSettings: [libm]
        ),
        .executableTarget(
            name: "RefinementConvergence",
            dependencies: ["Chop"],
            path: "Examples/RefinementConvergence",
            linkerSettings: [libm]
        ),
        .executableTarget(
            name: "MatmulAccumulation",
            dependencies: ["Chop"],
            path: "Examples/MatmulAccumulation",
            linkerSettings: [libm]
        ),
        .executableTarget(
            name: "TensorCoreModels",
            dependencies: ["Chop"],
            path: "Examples/TensorCoreModels",
            linkerSettings: [libm]
        ),
        .executableTarget(
            name: "TrainingRecipes",
            dependencies: ["Chop"],
            path: "Examples/TrainingRecipes",
            linkerSettings: [libm]
        ),
        .executableTarget(
            name: "GenericAlgorithms",
            dependencies: ["Chop"],
            path: "Examples/GenericAlgorithms",
            linkerSettings: [libm]
        ),

        // The GNU MPFR oracle: only tests depend on it, and only with the MPFR trait.
        .systemLibrary(
            name: "CMPFR",
            path: "Reference/CMPFR",
            pkgConfig: "mpfr",
            providers: [.apt(["libmpfr-dev"])]
        ),
        .target(
            name: "MPFROracle",
            dependencies: [.target(name: "CMPFR", condition: .when(traits: ["MPFR"]))],
            path: "Reference/MPFROracle",
            linkerSettings: [libm]
        ),

        // Test support: independent references, seeded generators, statistical bounds.
        .target(
            name: "ChopTestSupport",
            dependencies: [
                "ChopFormats", "ChopBlocks", .target(name: "MPFROracle", condition: .when(traits: ["MPFR"])),
            ],
            path: "Tests/ChopTestSupport"
        ),
        .testTarget(
            name: "ChopFormatsTests",
            dependencies: ["ChopFormats", "ChopTestSupport", .product(name: "RealModule", package: "swift-numerics")],
            linkerSettings: [libm]
        ),
        .testTarget(
            name: "ChopBlocksTests",
            dependencies: ["ChopBlocks", "ChopTestSupport"],
            linkerSettings: [libm]
        ),
        .testTarget(
            name: "ChopOracleTests",
            dependencies: [
                "ChopFormats", "ChopTestSupport",
                .target(name: "MPFROracle", condition: .when(traits: ["MPFR"])),
            ],
            linkerSettings: [libm]
        ),
        .testTarget(
            name: "ChopTensorsTests",
            dependencies: [
                "ChopTensors", "ChopBlocks", "ChopTestSupport",
                .target(name: "MPFROracle", condition: .when(traits: ["MPFR"])),
            ],
            linkerSettings: [libm]
        ),
        .testTarget(
            name: "ChopTrainingTests",
            dependencies: ["ChopTraining", "ChopTensors", "ChopTestSupport"],
            linkerSettings: [libm]
        ),
        .testTarget(
            name: "ChopIOTests",
            dependencies: ["ChopIO", "ChopTestSupport"],
            exclude: ["FuzzRegressions", "NetCDFFixtures"],
            linkerSettings: [libm]
        ),
        .testTarget(
            name: "ChopCommandTests",
            dependencies: [
                "ChopCommand", "Chop", "ChopTestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The examples ExampleTests runs, so that any `swift test` builds them first.
                "StagnationDemo", "QuantizationErrors", "PositComparison", "RefinementConvergence", "MatmulAccumulation",
                "TensorCoreModels", "TrainingRecipes", "GenericAlgorithms",
                .target(name: "MPFROracle", condition: .when(traits: ["MPFR"])),
            ],
            exclude: ["Snapshots", "CInterface"],
            linkerSettings: [libm]
        ),
    ]
)
