// swift-tools-version: 6.1
// An example Swift plugin package: one custom transformer, its own `my-reportkit`
// executable with every reportkit subcommand, and tests. Copy this folder to start yours,
// and replace the path dependency below with
//   .package(url: "https://…/reportkit", from: "0.1.0")
import Foundation
import PackageDescription

// A path dependency is named after its folder; this example sits three levels inside the repo.
let reportkit = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "swift-plugin-example",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "my-reportkit", targets: ["my-reportkit"]),
        .library(name: "HeadlineCase", targets: ["HeadlineCase"]),
    ],
    dependencies: [
        .package(path: "../../.."),
    ],
    targets: [
        // The transformers: depend on the ReportKit library only.
        .target(name: "HeadlineCase", dependencies: [.product(name: "ReportKit", package: reportkit)]),
        // The CLI with the built-ins plus ours: `swift run my-reportkit list`.
        .executableTarget(name: "my-reportkit", dependencies: [
            "HeadlineCase",
            .product(name: "ReportKitCLI", package: reportkit),
            .product(name: "ReportKitTransformers", package: reportkit),
        ]),
        .testTarget(name: "HeadlineCaseTests", dependencies: [
            "HeadlineCase",
            .product(name: "ReportKitTesting", package: reportkit),
        ]),
    ]
)
