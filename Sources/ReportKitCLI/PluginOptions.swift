import ArgumentParser
import Foundation
import ReportKit
import ReportKitTransformers

/// `--pipeline FILE`: adds the exec plugins a pipeline file declares under `plugins:` to the
/// transformers a command knows, so they show in `list`, `explain`, `schema` and `apply`.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("pipeline"),
            help: ArgumentHelp("Also know the plugins declared in this pipeline file (starts them to ask for their specs).", valueName: "file"))
    var pipelines: [String] = []

    /// The CLI's transformers plus every plugin the named files declare.
    func registry() throws -> TransformerRegistry {
        var registry = CLIContext.registry
        for path in pipelines {
            registry = registry.merging(try declaredPlugins(path))
        }
        return registry
    }
}

/// The plugins declared in one file, with its problems rendered as a usage failure.
func declaredPlugins(_ path: String) throws -> TransformerRegistry {
    do {
        return try ExecPlugins.registry(declaredIn: path)
    } catch let list as DiagnosticList {
        throw CommandFailure(code: ExitStatus.usage, message: list.rendered())
    } catch let diagnostic as Diagnostic {
        throw CommandFailure(code: ExitStatus.usage, message: diagnostic.rendered())
    }
}
