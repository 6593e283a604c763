import Foundation

/// The exit codes of every reportkit command.
public enum ExitStatus {
    /// Every report went through.
    public static let success: Int32 = 0
    /// At least one report failed at run time (the others may have been written).
    public static let reportFailed: Int32 = 1
    /// The command line or a pipeline file is wrong; nothing was run.
    public static let usage: Int32 = 2
    /// The run was stopped by SIGINT (128 + 2, as shells report it).
    public static let interrupted: Int32 = 130
}

/// A report that failed in a step, with everything needed to find the cause.
public struct StepError: Error, Sendable, CustomStringConvertible {
    /// The input the report came from.
    public var input: String
    public var stepName: String
    /// `file:line:col` of the step in the pipeline.
    public var stepLocation: String
    public var message: String
    /// The step's position in the pipeline, from 0, when known.
    public var stepIndex: Int? = nil

    public var description: String {
        "\(input): step '\(stepName)' (\(stepLocation)) failed: \(message)"
    }
}

/// Counts for the end-of-run summary.
public struct RunSummary: Sendable, Equatable {
    /// Reports that went through the pipeline, successfully or not.
    public var processed = 0
    public var succeeded = 0
    /// Every failed report, whatever the policy did with it.
    public var failed = 0
    /// Failed reports left out under `on-error: skip`.
    public var skipped = 0
    /// Failed reports written to the dead-letter folder or file.
    public var deadLettered = 0
    /// Reports not processed because the run stopped early.
    public var notRun = 0
    /// Input bytes of the processed reports.
    public var bytes = 0
    public var seconds = 0.0
    /// Stopped by SIGINT (or another cancellation).
    public var interrupted = false
    /// Stopped because whoever read the output went away (a closed pipe).
    public var outputClosed = false

    public init() {}

    /// Reports per second over the whole run.
    public var reportsPerSecond: Double { seconds > 0 ? Double(processed) / seconds : 0 }

    public var exitStatus: Int32 {
        if interrupted { return ExitStatus.interrupted }
        return failed > 0 || notRun > 0 ? ExitStatus.reportFailed : ExitStatus.success
    }
}

/// Why a run stops before its end.
public enum StopReason: Sendable, Equatable {
    /// SIGINT, or the embedding program asked.
    case interrupted
    /// The output's reader went away (EPIPE).
    case outputClosed
}

/// A flag that stops a running batch: workers take no new report, reports in flight finish
/// and are written in order, then the run ends with its summary. Safe from any thread.
public final class RunCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: StopReason?

    public init() {}

    /// Asks the run to stop; the first reason given is kept.
    public func cancel(_ reason: StopReason = .interrupted) {
        lock.lock()
        if stored == nil { stored = reason }
        lock.unlock()
    }

    public var reason: StopReason? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    public var isCancelled: Bool { reason != nil }
}

/// How a batch runs.
public struct BatchOptions: Sendable {
    /// Reports transformed at once (worker threads).
    public var jobs: Int
    /// Most reports read but not yet written, which bounds memory whatever the batch size
    /// (default: 8 per job, at least 64).
    public var window: Int
    /// Most bytes of JSON Lines input held in flight (one line is always let through).
    public var maxInFlightBytes: Int
    public var cancellation: RunCancellation

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, window: Int? = nil,
                maxInFlightBytes: Int = 64 << 20, cancellation: RunCancellation = RunCancellation()) {
        self.jobs = max(1, jobs)
        // Room for workers to take batches of reports already read (a plugin step overlaps
        // them); 8 per job was too few: two or three reports a batch.
        self.window = max(self.jobs, window ?? max(self.jobs * 8, 64))
        self.maxInFlightBytes = maxInFlightBytes
        self.cancellation = cancellation
    }
}

/// Where a batch is, for progress displays.
public struct BatchProgress: Sendable {
    /// Reports finished and written so far, in order.
    public var processed: Int
    public var failed: Int
    /// The batch size, when known in advance.
    public var expected: Int?
    /// Input bytes of the processed reports.
    public var bytes: Int
    public var elapsed: Double
    /// True once, for the call made at the end of the run.
    public var isFinal: Bool

    public init(processed: Int, failed: Int, expected: Int?, bytes: Int, elapsed: Double, isFinal: Bool) {
        self.processed = processed
        self.failed = failed
        self.expected = expected
        self.bytes = bytes
        self.elapsed = elapsed
        self.isFinal = isFinal
    }
}

/// Runs a pipeline's steps over reports.
public struct PipelineRunner: Sendable {
    public var pipeline: Pipeline
    public var context: RunContext
    /// The optional parts of the finished reports that the run outputs: `.all` when they go
    /// back to the caller or out as JSON, none when the steps write the only output.
    public var outputReads: ReportParts

    public init(pipeline: Pipeline, context: RunContext, outputReads: ReportParts = .all) {
        self.pipeline = pipeline
        self.context = context
        self.outputReads = outputReads
    }

    /// Runs every step over one report, in order. Throws a `StepError` naming the failing
    /// step, its position in the pipeline, and the input.
    public func process(_ report: inout Report) throws {
        try process(&report, reportIndex: nil)
    }

    /// Runs every step over the report at `reportIndex` in the run's input order. A step that
    /// takes longer than `limits.stepSeconds` fails the report once it returns (a synchronous
    /// step cannot be interrupted, so the check comes after it).
    public func process(_ report: inout Report, reportIndex: Int?) throws {
        switch process([report], reportIndices: [reportIndex])[0] {
        case .success(let changed): report = changed
        case .failure(let error): throw error
        }
    }

    /// Runs every step over several reports that are at hand, step by step, handing each step
    /// all the reports still going (`Transformer.transform(_:contexts:)`), so that a step with
    /// a round trip per report (a plugin) can overlap them. A report that fails leaves the
    /// remaining steps; the others go on. `reportIndices[i]` is the ordinal of `reports[i]` in
    /// the run's input order. Returns one result per report, in order, each exactly what
    /// `process(_:reportIndex:)` gives that report alone.
    public func process(_ reports: consuming [Report], reportIndices: [Int?]) -> [Result<Report, StepError>] {
        precondition(reports.count == reportIndices.count, "one report index per report")
        let budget = Double(pipeline.limits.stepSeconds)
        var results = [Result<Report, StepError>?](repeating: nil, count: reports.count)
        var positions = Array(reports.indices)
        // Taken over, not copied: a step changing a report then changes the only copy.
        var going = consume reports
        let wanted = ReportParts.wanted(after: pipeline.steps.map(\.transformer.reads), outputReads: outputReads)
        for (index, step) in pipeline.steps.enumerated() where !going.isEmpty {
            let contexts = positions.map {
                StepContext(stepName: step.name, stepIndex: index, run: context, reportIndex: reportIndices[$0],
                            wanted: wanted[index])
            }
            CrashNote.step(index)
            let outcomes = step.transformer.transform(&going, contexts: contexts)
            guard outcomes.count == going.count else {
                let message = "returned \(outcomes.count) results for \(going.count) reports"
                for (k, position) in positions.enumerated() {
                    results[position] = .failure(stepError(StepFailure(message), report: going[k], step: step, at: index))
                }
                going.removeAll()
                positions.removeAll()
                break
            }
            var failed = false
            for (k, outcome) in outcomes.enumerated() {
                var error = outcome.error
                if error == nil, outcome.seconds > budget {
                    error = StepFailure(String(format: "took %.1fs, more than the limit of %ds per step (limits: step-seconds)",
                                               outcome.seconds, pipeline.limits.stepSeconds))
                }
                if let error {
                    results[positions[k]] = .failure(stepError(error, report: going[k], step: step, at: index))
                    failed = true
                }
            }
            if failed {
                let kept = positions.indices.filter { results[positions[$0]] == nil }
                going = kept.map { going[$0] }
                positions = kept.map { positions[$0] }
            }
        }
        CrashNote.step(-1)
        for (k, position) in positions.enumerated() { results[position] = .success(going[k]) }
        return results.map { $0! }
    }

    /// The error a failure in `step` becomes: the step's own `StepError` keeps its details.
    private func stepError(_ error: any Error, report: Report, step: PipelineStep, at index: Int) -> StepError {
        if var error = error as? StepError {
            if error.stepIndex == nil { error.stepIndex = index }
            return error
        }
        return StepError(input: report.source?.path ?? report.id, stepName: step.name,
                         stepLocation: step.location, message: Self.message(for: error), stepIndex: index)
    }

    /// Lets every step finish its run (close files that gather the batch).
    public func finish() throws {
        for (index, step) in pipeline.steps.enumerated() {
            do {
                try step.transformer.finish(context: context)
            } catch {
                throw StepError(input: "(end of run)", stepName: step.name, stepLocation: step.location,
                                message: Self.message(for: error), stepIndex: index)
            }
        }
    }

    /// The policy that applies to a failure in the named step.
    public func policy(forStep name: String) -> ErrorPolicy {
        pipeline.steps.first { $0.name == name }?.onError ?? pipeline.onError
    }

    /// The policy for a failure at this step position (nil: reading the input).
    public func policy(forStepAt index: Int?) -> ErrorPolicy {
        guard let index, pipeline.steps.indices.contains(index) else { return pipeline.onError }
        return pipeline.steps[index].onError ?? pipeline.onError
    }

    static func message(for error: any Error) -> String {
        switch error {
        case let e as StepFailure: return e.message
        case let e as ReadError: return e.message
        case let e as OptionError: return "option '\(e.option)': \(e.message)"
        case let e as DecodingError: return ReportReader.describe(e)
        case let e as CustomStringConvertible: return e.description
        default: return error.localizedDescription
        }
    }

    /// Runs the whole batch with one worker: reads each input, runs the steps, hands each
    /// finished report to `emit` in input order, and applies the error policy to failures.
    public func run(inputs: [String], emit: (Report) throws -> Void, log: (String) -> Void) -> RunSummary {
        run(source: FileListSource(paths: inputs), options: BatchOptions(jobs: 1),
            render: { $0 }, emit: emit, log: log)
    }

    /// Runs a batch over `options.jobs` worker threads and hands the results out in input order.
    ///
    /// One thread reads items from `source`; workers read the files, decode the lines, run the
    /// steps and call `render` (so encoding is parallel too); the calling thread hands each
    /// rendered result to `emit` in input order, applies the error policy to failures, writes
    /// dead letters, and calls `progress`. At most `options.window` items are between reading
    /// and emitting, so memory stays flat however long the batch is. `idle` is called before
    /// the calling thread waits for the next result (a good moment to flush output). When
    /// the run ends, each step's `finish` is called once.
    public func run<Output>(
        source: some BatchSource,
        options: BatchOptions,
        render: @escaping @Sendable (Report) throws -> Output,
        emit: (Output) throws -> Void,
        log: (String) -> Void,
        progress: (BatchProgress) -> Void = { _ in },
        idle: () -> Void = {}
    ) -> RunSummary {
        let start = Date()
        let expected = source.expectedCount
        let state = BatchState<Output>(options: options)
        let sourceBox = SourceBox(source)
        let runner = self

        let producer = Thread { state.produce(from: sourceBox) }
        producer.name = "reportkit-reader"
        producer.start()
        for index in 0..<options.jobs {
            let worker = Thread { state.work { items in runner.outcomes(for: items, render: render) } }
            worker.name = "reportkit-worker-\(index)"
            worker.start()
        }

        var summary = RunSummary()
        var deadLetters = DeadLetter.Writers()
        var failedAndStopped = false
        var lastProgress = Date.distantPast
        func report(final: Bool) {
            let now = Date()
            guard final || now.timeIntervalSince(lastProgress) >= 0.05 else { return }
            lastProgress = now
            progress(BatchProgress(processed: summary.processed, failed: summary.failed, expected: expected,
                                   bytes: summary.bytes, elapsed: now.timeIntervalSince(start), isFinal: final))
        }

        var sequence = 0
        emitting: while let batch = state.waitForResults(from: sequence, idle: idle, tick: { report(final: false) }) {
            for outcome in batch {
                sequence += 1
                summary.processed += 1
                summary.bytes += outcome.bytes
                for note in outcome.notes { log(note) }
                switch outcome.result {
                case .success(let output):
                    do {
                        try emit(output)
                        summary.succeeded += 1
                    } catch {
                        if options.cancellation.reason == .outputClosed {
                            summary.processed -= 1
                            break emitting
                        }
                        summary.failed += 1
                        log("error: \(outcome.itemName): output: \(Self.message(for: error))")
                        if pipeline.onError == .fail { failedAndStopped = true; break emitting }
                        if pipeline.onError == .skip { summary.skipped += 1 }
                    }
                case .failure(let failure):
                    summary.failed += 1
                    log("error: \(failure.text)")
                    switch policy(forStepAt: failure.stepIndex) {
                    case .fail:
                        failedAndStopped = true
                        break emitting
                    case .skip:
                        summary.skipped += 1
                    case .deadLetter(let target):
                        do {
                            try deadLetters.write(failure, to: target)
                            summary.deadLettered += 1
                        } catch {
                            log("error: could not write the dead letter for \(failure.itemName) to \(target.path): \(Self.message(for: error))")
                        }
                    }
                }
            }
            state.release(upTo: sequence)
            report(final: false)
        }
        state.stop()
        let produced = state.waitForWorkers()
        deadLetters.closeAll()

        if let error = state.sourceError {
            summary.failed += 1
            log("error: \(error)")
        }
        if options.cancellation.reason == .interrupted { summary.interrupted = true }
        if options.cancellation.reason == .outputClosed { summary.outputClosed = true }
        if failedAndStopped || summary.interrupted || summary.outputClosed {
            summary.notRun = max(0, (expected ?? produced) - summary.processed)
            if failedAndStopped, summary.notRun > 0 {
                log("note: stopping (on-error: fail); \(summary.notRun) report(s) not processed")
            }
        }
        do {
            try finish()  // also after a stop, so that files gathered over the batch are whole
        } catch {
            summary.failed += 1
            if !summary.outputClosed { log("error: \(error)") }
        }
        summary.seconds = Date().timeIntervalSince(start)
        report(final: true)
        return summary
    }

    /// Reads, transforms and renders items already read, on a worker thread: the reports go
    /// through the steps together (see `process(_:reportIndices:)`), each with its own outcome.
    func outcomes<Output>(for items: ArraySlice<(sequence: Int, item: BatchItem)>,
                          render: (Report) throws -> Output) -> [BatchOutcome<Output>] {
        var outcomes: [BatchOutcome<Output>] = []
        outcomes.reserveCapacity(items.count)
        CrashNote.begin(items.map { ($0.sequence, $0.item.name) })
        defer { CrashNote.end() }
        var loaded: [Report] = []
        var loadedAt: [Int] = []  // positions in `outcomes` of the loaded reports
        var indices: [Int?] = []
        for (sequence, item) in items {
            var bytes = 0
            var notes: [String] = []
            do {
                let report = try load(item, bytes: &bytes)
                for diagnostic in report.diagnostics where diagnostic.severity != .note {
                    notes.append("\(diagnostic.severity.rawValue): \(item.name): \(diagnostic.message)")
                }
                loadedAt.append(outcomes.count)
                loaded.append(report)
                indices.append(sequence)
                // A placeholder until the steps are done.
                outcomes.append(BatchOutcome(itemName: item.name, bytes: bytes, notes: notes, result: .failure(Self.failure(item, nil))))
            } catch {
                let failure = BatchFailure(item: item, itemName: item.name, message: Self.message(for: error),
                                           stepName: nil, stepLocation: nil, stepIndex: nil)
                outcomes.append(BatchOutcome(itemName: item.name, bytes: bytes, notes: notes, result: .failure(failure)))
            }
        }
        guard !loaded.isEmpty else { return outcomes }
        let processed = process(consume loaded, reportIndices: indices)
        for (k, result) in processed.enumerated() {
            let position = loadedAt[k]
            let item = items[items.startIndex + position].item
            switch result {
            case .success(let report):
                do {
                    outcomes[position].result = .success(try render(report))
                } catch {
                    outcomes[position].result = .failure(Self.failure(item, error))
                }
            case .failure(let error):
                outcomes[position].result = .failure(BatchFailure(item: item, itemName: item.name, message: error.message,
                                                                  stepName: error.stepName, stepLocation: error.stepLocation,
                                                                  stepIndex: error.stepIndex))
            }
        }
        return outcomes
    }

    /// A failure outside the steps (reading or rendering the item).
    private static func failure(_ item: BatchItem, _ error: (any Error)?) -> BatchFailure {
        BatchFailure(item: item, itemName: item.name, message: error.map { message(for: $0) } ?? "not processed",
                     stepName: nil, stepLocation: nil, stepIndex: nil)
    }

    /// The report an item stands for: a file read by `ReportReader`, or a JSON line decoded.
    func load(_ item: BatchItem, bytes: inout Int) throws -> Report {
        switch item {
        case .file(let path):
            if path != "-" {
                var info = stat()
                if stat(path, &info) == 0 { bytes = Int(info.st_size) }
            }
            let report = try ReportReader.read(path: path, maxBytes: pipeline.limits.maxInputBytes,
                                                maxHTMLDepth: pipeline.limits.htmlDepth)
            if path == "-" { bytes = report.raw?.utf8.count ?? 0 }
            return report
        case .line(let data, let number, _):
            bytes = data.count + 1
            return try JSONLines.decodeReport(data, lineNumber: number)
        case .unusable(let name, let message):
            throw ReadError(path: name, message)
        }
    }
}

/// A failed item, with what the dead letter and the log need.
struct BatchFailure: Sendable {
    var item: BatchItem
    var itemName: String
    var message: String
    var stepName: String?
    var stepLocation: String?
    var stepIndex: Int?

    var text: String {
        if let stepName, let stepLocation { return "\(itemName): step '\(stepName)' (\(stepLocation)): \(message)" }
        return "\(itemName): \(message)"
    }
}

struct BatchOutcome<Output> {
    var itemName: String
    var bytes: Int
    /// Warnings to log, in order, when the item is emitted.
    var notes: [String]
    var result: OutcomeResult<Output>
}

enum OutcomeResult<Output> {
    case success(Output)
    case failure(BatchFailure)
}

/// Moves a non-Sendable source to the reading thread, which is its only user.
final class SourceBox<Source: BatchSource>: @unchecked Sendable {
    var source: Source
    init(_ source: Source) { self.source = source }
}
