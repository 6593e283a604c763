import ArgumentParser
import Foundation
import ReportKit
import ReportKitTransformers

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline over its inputs (or the inputs given here).",
        discussion: """
        Inputs on the command line replace the pipeline's 'input'; '-' reads one report from \
        standard input. When the pipeline has no export step, the resulting reports are written \
        to standard output as JSON Lines.
        """)

    @Argument(help: "The pipeline file.") var pipeline: String
    @Argument(help: "Input files, folders or globs; '-' for standard input.") var inputs: [String] = []
    @Option(name: .customLong("set"), help: ArgumentHelp("Override an option: step.option=value (step is a name or a 1-based number).", valueName: "step.option=value"))
    var overrides: [String] = []
    @Flag(name: .long, help: "Replace outputs that already exist.") var force = false
    @Flag(name: .shortAndLong, help: "Print nothing but errors.") var quiet = false
    @Flag(name: .customLong("no-exec"), help: "Refuse pipelines that run programs (exec steps, plugins:), e.g. from untrusted sources.")
    var noExec = false

    func run() throws {
        let parsedOverrides = try overrides.map { text -> OptionOverride in
            guard let o = OptionOverride.parse(text) else {
                throw CommandFailure(code: ExitStatus.usage, message: "error: --set takes step.option=value, not '\(text)'")
            }
            return o
        }
        let loaded = try loadPipeline(pipeline, overrides: parsedOverrides, checkInputs: inputs.isEmpty, allowExec: !noExec)
        let patterns = inputs.isEmpty ? loaded.inputs : inputs
        let base = inputs.isEmpty ? loaded.baseDirectory : URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let files = InputResolver.expand(patterns, base: base)
        if files.isEmpty {
            let what = patterns.isEmpty ? "the pipeline has no 'input' and none was given" : "no input files match: " + patterns.joined(separator: " ")
            throw CommandFailure(code: ExitStatus.usage, message: "error: \(what)")
        }
        let context = RunContext(baseDirectory: loaded.baseDirectory,
                                 inputPaths: Set(files.filter { $0 != "-" }.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }),
                                 overwrite: force)
        let runner = PipelineRunner(pipeline: loaded, context: context)
        let writesOutput = loaded.steps.contains { CLIContext.registry.registration(named: $0.name)?.spec.writesOutput == true }
        let summary = runner.run(inputs: files, emit: { report in
            if !writesOutput { Console.out(try report.jsonLine() + "\n") }
        }, log: { Console.error($0) })
        if !quiet || summary.failed > 0 {
            var line = "\(loaded.name): \(summary.succeeded) of \(summary.processed) report(s) done"
            if summary.failed > 0 { line += ", \(summary.failed) failed" }
            if summary.deadLettered > 0 { line += " (\(summary.deadLettered) dead-lettered)" }
            if summary.notRun > 0 { line += ", \(summary.notRun) not run" }
            line += String(format: " in %.2fs", summary.seconds)
            Console.error(line)
        }
        if summary.exitStatus != ExitStatus.success { throw CommandFailure(code: summary.exitStatus, message: "") }
    }
}

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
