// swift-tools-version: 6.1
// libFuzzer targets for the .npy header, safetensors header and text parsers of swift-chop.
// Built only by Fuzz/run.sh (instrumented with -sanitize=fuzzer,address and linked by
// swiftc, because SwiftPM's executables bring a main of their own), never by the root
// package.

import PackageDescription

let package = Package(
    name: "chop-fuzz",
    dependencies: [.package(name: "swift-chop", path: "..")],
    targets: [
        .target(name: "FuzzNPYHeader", dependencies: [.product(name: "ChopIO", package: "swift-chop")]),
        .target(name: "FuzzText", dependencies: [.product(name: "ChopIO", package: "swift-chop")]),
        .target(name: "FuzzSafetensorsHeader", dependencies: [.product(name: "ChopIO", package: "swift-chop")]),
    ]
)
