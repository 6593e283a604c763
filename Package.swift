// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "reportkit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "reportkit", targets: ["reportkit"]),
        .library(name: "ReportKit", targets: ["ReportKit"]),
        .library(name: "ReportKitTransformers", targets: ["ReportKitTransformers"]),
        .library(name: "ReportKitCLI", targets: ["ReportKitCLI"]),
        .library(name: "ReportKitTesting", targets: ["ReportKitTesting"]),
        .plugin(name: "ReportKitTestPlugin", targets: ["ReportKitTestPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // glibc's mallopt, which the Glibc module leaves out (the CLI tunes the allocator).
        .systemLibrary(name: "CMalloc"),
        // The core: document model, YAML, pipelines, transformer protocol, runner, text primitives.
        .target(name: "ReportKit", dependencies: ["CLibYAML", "CLibXML2"]),
        // The built-in transformers; each folder is one transformer and none imports another.
        .target(
            name: "ReportKitTransformers",
            dependencies: [
                "ReportKit",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // The command tree, as a library so that plugin packages get the same CLI.
        .target(
            name: "ReportKitCLI",
            dependencies: [
                "ReportKit",
                "ReportKitTransformers",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "reportkit", dependencies: ["ReportKitCLI"]),
        // Helpers for people who write and test transformers.
        .target(name: "ReportKitTesting", dependencies: ["ReportKit"]),
        // `swift package reportkit-test`: validate a package's pipelines and run its reportkit tests.
        .plugin(
            name: "ReportKitTestPlugin",
            capability: .command(intent: .custom(verb: "reportkit-test",
                                                 description: "Validate the package's pipelines and run its reportkit tests and spec examples")),
            dependencies: ["reportkit"],
            path: "Plugins/ReportKitTestPlugin"
        ),
        .testTarget(name: "ReportKitTests", dependencies: ["ReportKit", "ReportKitTesting"]),
        .testTarget(
            name: "ReportKitTransformersTests",
            dependencies: ["ReportKitTransformers", "ReportKit", "ReportKitTesting"]
        ),
        .testTarget(
            name: "ReportKitCLITests",
            dependencies: ["ReportKitCLI", "ReportKitTransformers", "ReportKit"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
