import Foundation
import ReportKit

/// A step that sends each report through a plugin program in any language, over the
/// JSON Lines protocol in `ExecProtocol`. Built by the `exec` step or by a `plugins:`
/// declaration in a pipeline file (see `ExecPlugins`).
public struct ExecTransformer: Transformer {
    let pool: PluginPool
    let optionsJSON: [UInt8]

    /// A step that runs `command`, sending it `options` with every report.
    public init(command: PluginCommand, options: TransformerOptions, workers: Int) {
        self.pool = PluginPool(command: command, maxWorkers: workers > 0 ? workers : ProcessInfo.processInfo.activeProcessorCount)
        self.optionsJSON = ExecProtocol.optionsJSON(options)
    }

    public func transform(_ report: inout Report, context: StepContext) throws {
        var reports = [report]
        if let error = transform(&reports, contexts: [context])[0].error { throw error }
        report = reports[0]
    }

    /// Sends the reports through one child with several in flight (see `PluginPool`), so
    /// each report does not wait for a full round trip; each still fails alone.
    public func transform(_ reports: inout [Report], contexts: [StepContext]) -> [StepResult] {
        let answers = pool.transform(reports, optionsJSON: optionsJSON)
        var results: [StepResult] = []
        results.reserveCapacity(answers.count)
        for (k, answer) in answers.enumerated() {
            switch answer.result {
            case .success(let changed):
                reports[k] = changed
                results.append(StepResult(seconds: answer.seconds))
            case .failure(let error):
                results.append(StepResult(error: failure(error, report: reports[k]), seconds: answer.seconds))
            }
        }
        return results
    }

    /// The report's error, naming the plugin, its command (when the child failed) and the report.
    private func failure(_ error: any Error, report: Report) -> StepFailure {
        let command = pool.command
        switch error {
        case let failure as PluginFailure:
            let restart = if case .cannotStart = failure { "" } else { " (it is restarted for the next report)" }
            return StepFailure("plugin '\(command.name)' (\(command.display)) on report '\(report.id)': \(failure)\(restart)")
        case let failure as StepFailure:
            return StepFailure("plugin '\(command.name)' on report '\(report.id)': \(failure.message)")
        default:
            return StepFailure("plugin '\(command.name)' on report '\(report.id)': the report could not be encoded: \(error)")
        }
    }

    /// Closes the plugin's children at the end of a run; a later report starts a new one.
    public func finish(context: RunContext) throws {
        pool.shutdown()
    }
}

/// Exec plugins: the `exec` step, `plugins:` declarations, and describing a plugin.
public enum ExecPlugins {
    /// The settings of a plugin declaration (and of the `exec` step), checked like any options.
    public static let settings: [OptionSpec] = [
        OptionSpec("command", .list(.string), required: true,
                   doc: "The program and its arguments, e.g. [python3, plugins/shout.py]. It runs in the pipeline file's folder."),
        OptionSpec("timeout", .number(min: 0.001, max: 86_400), default: .number(30),
                   doc: "Seconds to wait for the answer to one report; then the plugin is stopped and restarted for the next."),
        OptionSpec("start-timeout", .number(min: 0.001, max: 86_400), default: .number(60),
                   doc: "Seconds a starting plugin has to answer describe (time to load models or data)."),
        OptionSpec("workers", .integer(min: 0, max: 256), default: .integer(0),
                   doc: "Most children run at once when reports go through in parallel; 0 means one per core. A serial run uses one."),
        OptionSpec("max-output", .integer(min: 1, max: 4096), default: .integer(64),
                   doc: "Largest answer line, in MiB; a longer one fails the report and restarts the plugin."),
        OptionSpec("stderr", .choice(["forward", "discard"]), default: .string("forward"),
                   doc: "What to do with the plugin's stderr: copy it to reportkit's stderr, prefixed with the plugin's name, or drop it."),
    ]

    /// The `exec` step: run a plugin given inline, with its options under `with`.
    public static let registration: TransformerRegistration = {
        var spec = TransformerSpec(
            name: "exec",
            summary: "Send each report through a plugin program in any language (JSON Lines over stdin/stdout).",
            discussion: """
            Starts the program once and keeps it running; each report goes to it as one line of JSON and \
            comes back as one line. The plugin describes its own options; give them under 'with'. A crash, \
            a hang or a malformed answer fails that report only, and the plugin is restarted. To give a plugin \
            its own step name, declare it under 'plugins:' at the top of the pipeline. A pipeline file with exec \
            steps runs programs: run untrusted pipelines with --no-exec. See docs/plugins.md.
            """,
            options: settings + [
                OptionSpec("with", .map, doc: "Options for the plugin, checked against the options it describes."),
            ])
        spec.runsPrograms = true
        return TransformerRegistration(spec: spec) { options, context in
            let command = pluginCommand(options, name: "exec", base: context.baseDirectory)
            let description: ExecProtocol.Description
            do {
                description = try describe(command, file: "", line: 0)
            } catch let failure as PluginFailure {
                throw OptionError(option: "command", "plugin \(command.display) \(failure)")
            }
            let given = options.map("with") ?? [:]
            let mark = SourceMark(line: 1, column: 1)
            // Each value is YAML text ("[a, b]", "3", "true"), typed by the plugin's own spec.
            let pairs = given.sorted { $0.key < $1.key }.map { key, value in
                YAMLNode.Pair(key: YAMLNode(.scalar(key), start: mark, end: mark),
                              value: OptionOverride(step: description.name, option: key, value: value).node())
            }
            let (pluginOptions, problems) = OptionDecoder(file: "with", stepName: description.name)
                .decode(pairs, spec: description.spec, stepMark: mark)
            if let problem = problems.first(where: { $0.severity == .error }) {
                throw OptionError(option: "with", problem.message + problem.notes.map { "; " + $0 }.joined())
            }
            return ExecTransformer(command: command, options: pluginOptions, workers: options.int("workers") ?? 0)
        }
    }()

    /// Starts the plugin, asks it to describe itself, and stops it.
    public static func describe(_ command: PluginCommand, file: String, line: Int) throws -> ExecProtocol.Description {
        let process = try PluginProcess(command)
        defer { process.stop(grace: 1) }
        let answer = try process.exchange(ExecProtocol.describeRequest, timeout: command.startTimeout)
        return try ExecProtocol.decodeDescription(answer, name: command.name, file: file, line: line)
    }

    /// The registration for a plugin declared as `name:` under `plugins:` in `file`.
    ///
    /// Checks the declaration's settings, starts the plugin to read its spec, and returns a
    /// registration that makes its steps like any built-in. Problems come as `DiagnosticList`.
    public static func resolve(name: String, declaration: YAMLNode, file: String, baseDirectory: URL) throws -> TransformerRegistration {
        var pairs: [YAMLNode.Pair] = []
        if let mapping = declaration.mapping {
            pairs = mapping
        } else if declaration.sequence != nil || (declaration.scalar != nil && !declaration.isNull) {
            // Shorthand: `name: [python3, shout.py]`.
            pairs = [YAMLNode.Pair(key: YAMLNode(.scalar("command"), start: declaration.start, end: declaration.start), value: declaration)]
        } else {
            throw DiagnosticList([Diagnostic(.error, "plugin '\(name)' needs a 'command' (the program and its arguments)",
                                             file: file, mark: declaration.start, length: declaration.width)])
        }
        let (settings, problems) = OptionDecoder(file: file, stepName: "plugin '\(name)'")
            .decode(pairs, spec: TransformerSpec(name: name, summary: "", options: Self.settings), stepMark: declaration.start)
        if !problems.isEmpty { throw DiagnosticList(problems) }
        let command = pluginCommand(settings, name: name, base: baseDirectory)
        let description: ExecProtocol.Description
        do {
            description = try describe(command, file: file, line: declaration.start.line)
        } catch {
            throw DiagnosticList([Diagnostic(.error, "plugin '\(name)' (\(command.display)) could not be described: \(error)",
                                             file: file, mark: declaration.start, length: declaration.width,
                                             notes: ["help: run the command by hand and type {\"type\":\"describe\",\"protocol\":1}; see docs/plugins.md"])])
        }
        var spec = description.spec
        spec.runsPrograms = true
        let workers = settings.int("workers") ?? 0
        return TransformerRegistration(spec: spec) { options, _ in
            ExecTransformer(command: command, options: options, workers: workers)
        }
    }

    /// The plugins declared under `plugins:` in a pipeline (or test) file, as a registry,
    /// for `list`, `explain`, `schema` and `test` with `--pipeline`.
    public static func registry(declaredIn path: String) throws -> TransformerRegistry {
        let text = try PipelineLoader.readSource(path: path)
        guard let root = try YAMLLoader.load(text, file: path), let plugins = root["plugins"] else { return TransformerRegistry() }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
        return try registry(plugins, file: path, source: text, baseDirectory: base)
    }

    /// The registrations of a `plugins:` mapping; every problem is collected before throwing.
    public static func registry(_ plugins: YAMLNode, file: String, source: String, baseDirectory: URL) throws -> TransformerRegistry {
        guard let pairs = plugins.mapping else {
            throw DiagnosticList([Diagnostic(.error, "'plugins' maps step names to commands, e.g. 'shout: [python3, shout.py]'",
                                             file: file, mark: plugins.start, length: plugins.width)], sources: [file: source])
        }
        var registry = TransformerRegistry()
        var problems: [Diagnostic] = []
        for pair in pairs {
            guard let name = pair.key.scalar else { continue }
            do {
                registry.register(try resolve(name: name, declaration: pair.value, file: file, baseDirectory: baseDirectory))
            } catch let list as DiagnosticList {
                problems += list.diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems, sources: [file: source]) }
        return registry
    }

    static func pluginCommand(_ settings: TransformerOptions, name: String, base: URL) -> PluginCommand {
        PluginCommand(name: name, arguments: settings.strings("command") ?? [], workingDirectory: base,
                      timeout: settings.double("timeout") ?? 30, startTimeout: settings.double("start-timeout") ?? 60,
                      maxLineBytes: (settings.int("max-output") ?? 64) << 20,
                      forwardStderr: settings.string("stderr") != "discard")
    }
}
