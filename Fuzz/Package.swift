// swift-tools-version: 6.1
// libFuzzer targets live in their own package so the main build never links the fuzzer runtime.
// Build and run through scripts/fuzz.sh, which passes -sanitize=fuzzer,address (see docs/limits.md).
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which differs between checkouts.
let reportkitPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

/// One libFuzzer executable per input surface; sources in Fuzz/<Name>/.
let fuzzTargetNames = [
    "FuzzPipelineLoad", "FuzzHTMLExtract", "FuzzTextExtract", "FuzzTranslateFixups", "FuzzSummarize", "FuzzReportJSON",
]

let package = Package(
    name: "reportkit-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver, which each target's main.swift calls.
        .target(name: "CFuzzerDriver", path: "CFuzzerDriver"),
        // What every target shares: running built-in transformers the way the pipeline runner does.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "ReportKit", package: reportkitPackage),
                .product(name: "ReportKitTransformers", package: reportkitPackage),
                "CFuzzerDriver",
            ],
            path: "FuzzSupport"),
    ] + fuzzTargetNames.map { name in
        // Each main.swift hands its function to LLVMFuzzerRunDriver: SwiftPM renames an
        // executable's entry point, so libFuzzer's own main() cannot be used.
        // gold fails on the sanitizer runtime's symbols (an internal error); lld links it.
        .executableTarget(name: name, dependencies: ["FuzzSupport"], path: name,
                          linkerSettings: [.unsafeFlags(["-use-ld=lld"], .when(platforms: [.linux]))])
    }
)
