import Foundation

/// A pipeline step: a value built from its decoded options that changes a report.
///
/// Built-in and third-party transformers use this one protocol. A transformer is shared
/// by every worker of a batch, so it must be safe to call from several threads at once;
/// per-report state lives in the report, not in the transformer.
public protocol Transformer: Sendable {
    /// Changes one report. Throw `StepFailure` (or any error) to fail this report only.
    func transform(_ report: inout Report, context: StepContext) throws

    /// Changes several reports that are already at hand, in order; `contexts[i]` belongs to
    /// `reports[i]`. Returns one result per report, in the same order.
    ///
    /// A step whose cost per report is mostly waiting (a round trip to a plugin process)
    /// overrides this to overlap the reports. Each report still fails alone, and `seconds`
    /// is the time spent on that report alone, which the runner checks against
    /// `limits: step-seconds`. The default calls `transform(_:context:)` on each in turn.
    func transform(_ reports: inout [Report], contexts: [StepContext]) -> [StepResult]

    /// Called once after the last report of a run, in order, for steps that gather
    /// output across reports (a CSV of the batch). The default does nothing.
    func finish(context: RunContext) throws

    /// The optional parts of a report this step reads. Earlier steps leave out the parts
    /// that no later step reads and the run does not output (``StepContext/wanted``).
    /// The default, `.all`, is right for a step that reads the whole report or cannot tell.
    var reads: ReportParts { get }
}

extension Transformer {
    public func finish(context: RunContext) throws {}

    public var reads: ReportParts { .all }

    public func transform(_ reports: inout [Report], contexts: [StepContext]) -> [StepResult] {
        var results: [StepResult] = []
        results.reserveCapacity(reports.count)
        for index in reports.indices {
            CrashNote.report(contexts[index].reportIndex)
            let started = DispatchTime.now().uptimeNanoseconds
            var failure: (any Error)?
            do {
                try transform(&reports[index], context: contexts[index])
            } catch {
                failure = error
            }
            results.append(StepResult(error: failure, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
        }
        return results
    }
}

/// How one report fared in a step that was given several at once.
public struct StepResult: Sendable {
    /// Why the step failed the report; nil when it went through.
    public var error: (any Error)?
    /// Seconds the step spent on this report alone.
    public var seconds: Double

    public init(error: (any Error)? = nil, seconds: Double) {
        self.error = error
        self.seconds = seconds
    }
}

/// Parts of a report that steps compute on the side and a run may not need: a step skips
/// producing the ones that nothing after it reads (an export that shows neither entities
/// nor keywords nor the edit record, with nothing else to see the report, lets extract,
/// translate-fixups and summarize skip them).
public struct ReportParts: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `entities`: people, organizations and places.
    public static let entities = ReportParts(rawValue: 1 << 0)
    /// `quotes`: direct quotes with their speakers.
    public static let quotes = ReportParts(rawValue: 1 << 1)
    /// `summary.keywords`: keywords and key phrases.
    public static let keywords = ReportParts(rawValue: 1 << 2)
    /// `changes`: the record of each edit a step made to the text (the edits are made
    /// whether or not they are recorded).
    public static let changes = ReportParts(rawValue: 1 << 3)

    public static let all: ReportParts = [.entities, .quotes, .keywords, .changes]

    /// What each step of a run may leave out: entry `i` holds the parts that a step after
    /// step `i`, or the run's output (`outputReads`), reads.
    public static func wanted(after steps: [ReportParts], outputReads: ReportParts) -> [ReportParts] {
        var wanted = [ReportParts](repeating: outputReads, count: steps.count)
        var later = outputReads
        for index in steps.indices.reversed() {
            wanted[index] = later
            later.formUnion(steps[index])
        }
        return wanted
    }
}

/// What a step knows while it transforms one report.
public struct StepContext: Sendable {
    /// The step's name as written in the pipeline (`summarize`).
    public var stepName: String
    /// The step's position in the pipeline, from 0.
    public var stepIndex: Int
    public var run: RunContext
    /// The report's ordinal in the run's input order, from 0, when a batch runner set it:
    /// steps that gather the batch into one file use it to write rows in input order
    /// whatever order parallel workers finish in.
    public var reportIndex: Int?
    /// The optional parts that a later step or the run's output reads. A step may skip
    /// producing the others; these it produces as its options say. `.all` when the report
    /// goes back to a caller (`apply`, tests).
    public var wanted: ReportParts

    public init(stepName: String, stepIndex: Int, run: RunContext, reportIndex: Int? = nil, wanted: ReportParts = .all) {
        self.stepName = stepName
        self.stepIndex = stepIndex
        self.run = run
        self.reportIndex = reportIndex
        self.wanted = wanted
    }
}

/// What every step of one run shares.
public final class RunContext: Sendable {
    /// The folder relative paths are resolved against (the pipeline file's folder).
    public let baseDirectory: URL
    /// Every input file of the run, by canonical path, so that no step writes over one. Empty
    /// when no step writes files.
    public let inputs: InputPathSet
    /// Replace outputs that already exist (`--force`).
    public let overwrite: Bool
    /// Skip reports whose outputs are already complete (`--resume`).
    public let resume: Bool

    public init(baseDirectory: URL, inputs: InputPathSet, overwrite: Bool = false, resume: Bool = false) {
        self.baseDirectory = baseDirectory
        self.inputs = inputs
        self.overwrite = overwrite
        self.resume = resume
    }

    /// A run whose inputs are these canonical paths (``PathName/canonical(_:)``).
    public convenience init(baseDirectory: URL, inputPaths: Set<String> = [], overwrite: Bool = false, resume: Bool = false) {
        self.init(baseDirectory: baseDirectory, inputs: InputPathSet(inputPaths), overwrite: overwrite, resume: resume)
    }

    /// Whether this absolute path is one of the run's inputs.
    public func isInput(_ url: URL) -> Bool {
        inputs.contains(PathName.canonical(url.path))
    }
}

/// A run's input files by canonical path (``PathName/canonical(_:)``: absolute, symbolic links
/// resolved): a plain set for a few files, a ``FingerprintTable`` (memory-flat) for a batch.
public final class InputPathSet: @unchecked Sendable {
    private let paths: Set<String>
    private let table: FingerprintTable?
    /// Serializes the table, which is not thread-safe (steps ask from several workers).
    private let lock = NSLock()

    public init(_ canonicalPaths: Set<String>) {
        paths = canonicalPaths
        table = nil
    }

    /// Takes over `table`, whose keys are canonical paths; nothing else may use it afterwards.
    public init(table: FingerprintTable) {
        paths = []
        self.table = table
    }

    public var isEmpty: Bool {
        guard let table else { return paths.isEmpty }
        return lock.withLock { table.count == 0 }
    }

    /// Whether `canonicalPath` is an input. When the table cannot be read (a disk error), the
    /// answer is yes: a step then refuses to write there rather than risk replacing an input.
    public func contains(_ canonicalPath: String) -> Bool {
        guard let table else { return paths.contains(canonicalPath) }
        return lock.withLock { (try? table.contains(canonicalPath)) ?? true }
    }
}

/// What a transformer's constructor gets besides its options.
public struct BuildContext: Sendable {
    /// The folder relative option paths are resolved against.
    public var baseDirectory: URL
    /// The step's name as written.
    public var stepName: String
    /// The pipeline's resource limits; load YAML option files with `limits.yaml`.
    public var limits: PipelineLimits

    public init(baseDirectory: URL, stepName: String, limits: PipelineLimits = .default) {
        self.baseDirectory = baseDirectory
        self.stepName = stepName
        self.limits = limits
    }

    /// Resolves a path option against the pipeline's folder.
    public func resolve(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return baseDirectory.appendingPathComponent(path).standardizedFileURL
    }
}

/// A report-level failure raised by a step, with an optional hint.
public struct StepFailure: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
