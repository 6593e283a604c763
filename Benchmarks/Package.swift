// swift-tools-version: 6.1
// Benchmarks live in their own package so the main build stays lean.
// Run: swift package --package-path Benchmarks benchmark   (release build)
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which differs between checkouts.
let reportkitPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

let benchmarkDependencies: [Target.Dependency] = [
    .product(name: "Benchmark", package: "benchmark"),
    .product(name: "ReportKit", package: reportkitPackage),
    .product(name: "ReportKitTransformers", package: reportkitPackage),
]

let package = Package(
    name: "reportkit-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: benchmarkTargets
)

/// One benchmark executable per area; sources in Benchmarks/<Name>/.
var benchmarkTargets: [Target] {
    ["ExtractBenchmarks", "FixupsBenchmarks", "SummarizeBenchmarks", "ExportBenchmarks", "PipelineBenchmarks"].map { name in
        .executableTarget(name: name, dependencies: benchmarkDependencies, path: "Benchmarks/\(name)",
                          plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
    }
}
