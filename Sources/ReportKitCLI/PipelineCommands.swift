import ArgumentParser
import Foundation
import ReportKit
import ReportKitTransformers

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files without running them; exit 2 on errors.")

    @Argument(help: "Pipeline files.") var pipelines: [String]
    @Flag(name: .customLong("no-exec"), help: "Refuse pipelines that run programs (exec steps, plugins:).")
    var noExec = false

    func run() throws {
        var failed = false
        for path in pipelines {
            do {
                let pipeline = try loadPipeline(path, overrides: [], checkInputs: true, allowExec: !noExec)
                print("\(path): ok (\(pipeline.steps.count) step\(pipeline.steps.count == 1 ? "" : "s"): \(pipeline.steps.map(\.name).joined(separator: " → ")))")
            } catch let failure as CommandFailure {
                failed = true
                Console.error(failure.message)
            }
        }
        if failed { throw CommandFailure(code: ExitStatus.usage, message: "") }
    }
}

/// Loads a pipeline with the CLI's registry, turning diagnostics into a usage failure.
func loadPipeline(_ path: String, overrides: [OptionOverride], checkInputs: Bool, allowExec: Bool = true) throws -> Pipeline {
    var loader = PipelineLoader(registry: CLIContext.registry, overrides: overrides, checkInputs: checkInputs)
    loader.allowExec = allowExec
    loader.pluginResolver = ExecPlugins.registry
    do {
        return try loader.load(path: path)
    } catch let list as DiagnosticList {
        let count = list.errorCount
        throw CommandFailure(code: ExitStatus.usage,
                             message: list.rendered() + "\n\(count) error\(count == 1 ? "" : "s") in \(path)")
    }
}
