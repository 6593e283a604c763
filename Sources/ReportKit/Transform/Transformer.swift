import Foundation

/// A pipeline step: a value built from its decoded options that changes a report.
///
/// Built-in and third-party transformers use this one protocol. A transformer is shared
/// by every worker of a batch, so it must be safe to call from several threads at once;
/// per-report state lives in the report, not in the transformer.
public protocol Transformer: Sendable {
    /// Changes one report. Throw `StepFailure` (or any error) to fail this report only.
    func transform(_ report: inout Report, context: StepContext) throws

    /// Called once after the last report of a run, in order, for steps that gather
    /// output across reports (a CSV of the batch). The default does nothing.
    func finish(context: RunContext) throws
}

extension Transformer {
    public func finish(context: RunContext) throws {}
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

    public init(stepName: String, stepIndex: Int, run: RunContext, reportIndex: Int? = nil) {
        self.stepName = stepName
        self.stepIndex = stepIndex
        self.run = run
        self.reportIndex = reportIndex
    }
}

/// What every step of one run shares.
public final class RunContext: Sendable {
    /// The folder relative paths are resolved against (the pipeline file's folder).
    public let baseDirectory: URL
    /// Absolute paths of every input file with symbolic links resolved (``PathName/canonical(_:)``),
    /// so that no step writes over one. Empty when no step writes files.
    public let inputPaths: Set<String>
    /// Replace outputs that already exist (`--force`).
    public let overwrite: Bool
    /// Skip reports whose outputs are already complete (`--resume`).
    public let resume: Bool

    public init(baseDirectory: URL, inputPaths: Set<String> = [], overwrite: Bool = false, resume: Bool = false) {
        self.baseDirectory = baseDirectory
        self.inputPaths = inputPaths
        self.overwrite = overwrite
        self.resume = resume
    }

    /// Whether this absolute path is one of the run's inputs.
    public func isInput(_ url: URL) -> Bool {
        inputPaths.contains(PathName.canonical(url.path))
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
