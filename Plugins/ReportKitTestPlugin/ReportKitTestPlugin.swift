import Foundation
import PackagePlugin

/// `swift package reportkit-test`: validates a package's pipelines and runs its reportkit
/// tests (YAML cases and every transformer's spec examples) with the package's own CLI.
///
/// The CLI is the package's executable product (the one whose `main.swift` calls
/// `ReportKitCommand.main`), built first; `--product NAME` picks one when there are several.
/// A package without one gets the plain `reportkit` tool. Other arguments go to `reportkit test`.
@main
struct ReportKitTestPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let productOption = extractor.extractOption(named: "product").last
        let skipValidate = extractor.extractFlag(named: "no-validate") > 0
        let testArguments = extractor.remainingArguments

        let tool = try reportkitExecutable(context: context, product: productOption)
        let root = context.package.directoryURL
        var failed = false

        if !skipValidate {
            let pipelines = Self.pipelineFiles(under: root)
            if pipelines.isEmpty {
                print("reportkit-test: no pipeline files to validate")
            } else if try run(tool, ["validate"] + pipelines.map(\.path), in: root) != 0 {
                failed = true
            }
        }
        let paths = testArguments.contains { !$0.hasPrefix("-") } ? [] : [root.path]
        if try run(tool, ["test"] + testArguments + paths, in: root) != 0 { failed = true }
        if failed {
            Diagnostics.error("reportkit tests or pipeline validation failed")
            throw PluginFailure()
        }
    }

    struct PluginFailure: Error, CustomStringConvertible {
        var description: String { "reportkit-test failed" }
    }

    /// The package's reportkit CLI, built now; or the `reportkit` tool this plugin ships with.
    func reportkitExecutable(context: PluginContext, product: String?) throws -> URL {
        let executables = context.package.products(ofType: ExecutableProduct.self).map(\.name)
        let chosen: String?
        if let product {
            guard executables.contains(product) else {
                Diagnostics.error("no executable product '\(product)'; this package has: \(executables.joined(separator: ", "))")
                throw PluginFailure()
            }
            chosen = product
        } else if executables.count == 1 {
            chosen = executables[0]
        } else if executables.isEmpty {
            chosen = nil
        } else {
            Diagnostics.error("several executable products (\(executables.joined(separator: ", "))); pick the reportkit CLI with --product NAME")
            throw PluginFailure()
        }
        guard let chosen else { return try context.tool(named: "reportkit").url }
        print("reportkit-test: building \(chosen)…")
        let result = try packageManager.build(.product(chosen), parameters: .init(configuration: .debug, logging: .concise))
        guard result.succeeded, let artifact = result.builtArtifacts.first(where: { $0.kind == .executable }) else {
            print(result.logText)
            Diagnostics.error("could not build '\(chosen)'")
            throw PluginFailure()
        }
        return artifact.url
    }

    /// YAML files with top-level `steps:` (pipelines), outside build folders and test files.
    static func pipelineFiles(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else {
            return []
        }
        var found: [URL] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name.hasPrefix(".build") || name == "Fixtures" { walker.skipDescendants(); continue }
            // A nested package (an example, the benchmarks) is another project.
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { walker.skipDescendants(); continue }
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml"), !name.hasSuffix("_test.yaml"), !name.hasSuffix("_test.yml") else { continue }
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            if text.hasPrefix("steps:") || text.contains("\nsteps:") { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// Runs the CLI with our stdout and stderr, and returns its exit status.
    func run(_ tool: URL, _ arguments: [String], in directory: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = directory
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
