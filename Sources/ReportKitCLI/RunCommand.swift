import ArgumentParser
import Foundation
import ReportKit

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline over its inputs (or the inputs given here).",
        discussion: """
        Inputs on the command line replace the pipeline's 'input': files, folders (walked \
        recursively), globs, '-' for one report on standard input. When the pipeline has no \
        export step, the resulting reports are written to standard output as JSON Lines, in \
        input order whatever '--jobs' is.

        With '--jsonl', reports are read as JSON Lines (standard input, or the files given) and \
        written as JSON Lines on standard output, one line per report, in order, flushed as they \
        are done: a filter for shell pipes, Spark's RDD.pipe and Hadoop Streaming. A line that \
        fails (bad JSON, a failing step) goes through 'on-error' and writes no line.

        Exit codes: 0 every report went through; 1 a report failed; 2 a usage or pipeline \
        error; 130 interrupted (SIGINT); 141 the reader of standard output went away.
        """)

    @Argument(help: "The pipeline file.") var pipeline: String
    @Argument(help: "Input files, folders or globs; '-' for standard input.") var inputs: [String] = []
    @Option(name: .customLong("set"), help: ArgumentHelp("Override an option: step.option=value (step is a name or a 1-based number).", valueName: "step.option=value"))
    var overrides: [String] = []
    @Flag(name: .long, help: "Replace outputs that already exist.") var force = false
    @Flag(name: .long, help: "Resume a run that was stopped: keep the outputs that already exist (they are complete) and write the rest.")
    var resume = false
    @Flag(name: .customLong("no-exec"), help: "Refuse pipelines that run programs (exec steps, plugins:), e.g. from untrusted sources.")
    var noExec = false
    @Flag(name: .shortAndLong, help: "Print nothing but errors (no progress, no summary).") var quiet = false
    @Option(name: .shortAndLong, help: "Reports transformed at once (default: every core).") var jobs: Int?
    @Flag(name: .long, help: "Read reports as JSON Lines (standard input or the files given) and write JSON Lines to standard output.")
    var jsonl = false
    @Option(name: .long, help: ArgumentHelp("Run only shard K of N: the inputs (or lines) at positions i with i % N == K - 1.", valueName: "K/N"))
    var shard: String?
    @Option(name: .long, help: ArgumentHelp("Keep only files matching this pattern when walking folders (repeatable; 'a/*.txt' matches the relative path, '*.txt' the name).", valueName: "pattern"))
    var include: [String] = []
    @Option(name: .long, help: ArgumentHelp("Leave out files and folders matching this pattern when walking folders (repeatable).", valueName: "pattern"))
    var exclude: [String] = []
    @Option(name: .customLong("files-from"), help: ArgumentHelp("Read input paths from this file, one per line ('-' for standard input).", valueName: "file"))
    var filesFrom: String?
    @Option(name: .customLong("progress-interval"), help: ArgumentHelp("Seconds between progress lines when standard error is not a terminal.", valueName: "seconds"))
    var progressInterval: Double = 10

    func run() throws {
        let parsedOverrides = try overrides.map { text -> OptionOverride in
            guard let o = OptionOverride.parse(text) else { throw usage("--set takes step.option=value, not '\(text)'") }
            return o
        }
        if let jobs, jobs < 1 { throw usage("--jobs must be 1 or more, not \(jobs)") }
        let shardValue = try shard.map { text -> Shard in
            guard let s = Shard.parse(text) else { throw usage("--shard takes K/N with 1 ≤ K ≤ N, not '\(text)'") }
            return s
        }
        if progressInterval <= 0 { throw usage("--progress-interval must be more than 0") }
        if resume, force { throw usage("--resume keeps the outputs that exist and --force replaces them; give one of the two") }
        if jsonl, filesFrom != nil { throw usage("--files-from reads file paths; with --jsonl give the JSON Lines files as inputs") }

        let loaded = try loadPipeline(pipeline, overrides: parsedOverrides, checkInputs: inputs.isEmpty && filesFrom == nil && !jsonl,
                                      allowExec: !noExec)
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let writesOutput = loaded.steps.contains { CLIContext.registry.registration(named: $0.name)?.spec.writesOutput == true }
        let source: any BatchSource
        let runInputs: InputPathSet
        if jsonl {
            let paths = inputs.map { $0 == "-" || $0.hasPrefix("/") ? $0 : cwd.appendingPathComponent($0).path }
            source = JSONLinesSource(paths: paths, shard: shardValue)
            runInputs = InputPathSet(writesOutput ? Set(paths.lazy.filter { $0 != "-" }.map(PathName.canonical)) : [])
        } else {
            // Only steps that write files need the inputs to steer clear of; resolving each
            // input's links costs a system call or two, which other batches need not pay.
            let collected = try collectItems(loaded, cwd: cwd, shard: shardValue, keepCanonicalPaths: writesOutput)
            source = collected.items.source()
            runInputs = collected.inputs
        }

        let context = RunContext(baseDirectory: loaded.baseDirectory, inputs: runInputs, overwrite: force, resume: resume)
        let writeLines = jsonl || !writesOutput
        // Reports printed as JSON show every part; otherwise the steps' own outputs are all.
        let runner = PipelineRunner(pipeline: loaded, context: context, outputReads: writeLines ? .all : [])
        CrashNote.install(stepNames: loaded.steps.map(\.name))

        let cancellation = RunCancellation()
        let interrupts = InterruptWatcher.start(cancellation)
        defer { interrupts.stop() }
        let output = OutputWriter(fileDescriptor: 1, cancellation: cancellation)
        let display = ProgressDisplay(mode: quiet ? .silent : ProgressDisplay.defaultMode(interval: progressInterval),
                                      color: ProgressDisplay.colorAllowed())
        let options = BatchOptions(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, cancellation: cancellation)

        let summary = runAny(runner, source: source, options: options, writeLines: writeLines,
                             output: output, display: display)
        if !summary.outputClosed { try? output.flush() }
        display.end()
        if summary.outputClosed { throw CommandFailure(code: 141, message: "") }
        if !quiet || summary.failed > 0 || summary.interrupted {
            Console.error(Self.summaryLine(name: loaded.name, summary))
        }
        if summary.exitStatus != ExitStatus.success { throw CommandFailure(code: summary.exitStatus, message: "") }
    }

    /// Opens the existential so the runner is called with a concrete source type.
    private func runAny(_ runner: PipelineRunner, source: some BatchSource, options: BatchOptions, writeLines: Bool,
                        output: OutputWriter, display: ProgressDisplay) -> RunSummary {
        runner.run(source: source, options: options,
                   render: { report in writeLines ? try JSONLines.encodeLine(report) : nil },
                   emit: { line in if let line { try output.write(line) } },
                   log: { display.log($0) },
                   progress: { display.update($0) },
                   idle: { try? output.flush() })
    }

    /// The inputs of a file batch (command-line patterns or the pipeline's, plus `--files-from`),
    /// this shard's share of them, spooled rather than held, with their canonical paths when
    /// a step writes files. Everything that grows with the batch spills to temporary files.
    private func collectItems(_ loaded: Pipeline, cwd: URL, shard: Shard?,
                              keepCanonicalPaths: Bool) throws -> (items: SpooledItems, inputs: InputPathSet) {
        let filter = InputResolver.Filter(include: include, exclude: exclude)
        var patterns = inputs
        var base = cwd
        if inputs.isEmpty, filesFrom == nil {
            patterns = loaded.inputs
            base = loaded.baseDirectory
        }
        let items = SpooledItems(log: SpillLog(memoryBytes: SpillSettings.logBytes))
        let seen = FingerprintTable(memoryEntries: SpillSettings.tableEntries)
        let canonical = FingerprintTable(memoryEntries: SpillSettings.tableEntries)
        var position = 0
        func add(_ item: BatchItem) throws {
            defer { position += 1 }
            guard shard?.contains(position) ?? true else { return }
            try items.append(item)
            if keepCanonicalPaths, case .file(let path) = item, path != "-" {
                _ = try canonical.insert(PathName.canonical(path))
            }
        }
        do {
            // Even one pattern can name a path twice: names that are not UTF-8 are repaired
            // into the same text.
            try InputResolver.forEachItem(patterns, base: base, filter: filter, isNew: { try seen.insert($0) == nil }, add)
            if let filesFrom {
                try InputResolver.forEachListedPath(filesFrom) { path in
                    // Listed files that do not exist stay in the batch and fail as reports, by name.
                    var found = false
                    try InputResolver.forEachItem([path], base: cwd, filter: filter, isNew: { _ in true }) { item in
                        found = true
                        try add(item)
                    }
                    if !found { try add(.file(path)) }
                }
            }
        } catch let error as ReadError {
            throw usage("\(error.path): \(error.message)")
        } catch let error as SpillError {
            throw usage("cannot list the inputs: \(error)")
        }
        if position == 0 {
            let what = patterns.isEmpty && filesFrom == nil
                ? "the pipeline has no 'input' and none was given"
                : "no input files match: " + (patterns + (filesFrom.map { ["--files-from \($0)"] } ?? [])).joined(separator: " ")
            throw usage(what)
        }
        if let failure = items.spillFailure ?? seen.spillFailure ?? canonical.spillFailure {
            Console.error("note: the batch's bookkeeping stays in memory, as no temporary file can be made: \(failure)")
        }
        return (items, InputPathSet(table: canonical))
    }

    private func usage(_ message: String) -> CommandFailure {
        CommandFailure(code: ExitStatus.usage, message: "error: \(message)")
    }

    /// `news-brief: 98 of 100 report(s) done, 2 failed (2 skipped) in 1.20s, 81.7 reports/s, 3.1 MB/s`
    static func summaryLine(name: String, _ summary: RunSummary) -> String {
        var line = "\(name): \(summary.succeeded) of \(summary.processed) report(s) done"
        if summary.failed > 0 {
            line += ", \(summary.failed) failed"
            var how: [String] = []
            if summary.skipped > 0 { how.append("\(summary.skipped) skipped") }
            if summary.deadLettered > 0 { how.append("\(summary.deadLettered) dead-lettered") }
            if !how.isEmpty { line += " (" + how.joined(separator: ", ") + ")" }
        }
        if summary.notRun > 0 { line += ", \(summary.notRun) not run" }
        line += String(format: " in %.2fs, %.1f reports/s, %.1f MB/s", summary.seconds, summary.reportsPerSecond,
                       summary.seconds > 0 ? Double(summary.bytes) / 1e6 / summary.seconds : 0)
        if summary.interrupted { line = "interrupted: " + line }
        return line
    }
}
