import Foundation

/// What to do when a report fails in a step.
public enum ErrorPolicy: Sendable, Equatable {
    /// Stop the run at the first failed report.
    case fail
    /// Report the failure, leave the report out, and go on.
    case skip
    /// Write the failed input and the error to this folder (or `.jsonl` file), and go on.
    case deadLetter(URL)

    public var name: String {
        switch self {
        case .fail: return "fail"
        case .skip: return "skip"
        case .deadLetter: return "dead-letter"
        }
    }
}

/// One step of a loaded pipeline: the transformer built from its options, and where it was written.
public struct PipelineStep: Sendable {
    /// The transformer's name as written (`summarize`).
    public var name: String
    public var options: TransformerOptions
    public var transformer: any Transformer
    /// The step's own error policy, overriding the pipeline's.
    public var onError: ErrorPolicy?
    /// The file and position the step was written at, for run-time messages.
    public var file: String
    public var mark: SourceMark

    public init(name: String, options: TransformerOptions, transformer: any Transformer,
                onError: ErrorPolicy? = nil, file: String, mark: SourceMark) {
        self.name = name
        self.options = options
        self.transformer = transformer
        self.onError = onError
        self.file = file
        self.mark = mark
    }

    /// `file:line:col`, for messages.
    public var location: String { "\(file):\(mark.line):\(mark.column)" }
}

/// A loaded, validated pipeline, ready to run.
public struct Pipeline: Sendable {
    public var name: String
    public var description: String?
    /// Input paths or globs, relative to `baseDirectory`.
    public var inputs: [String]
    public var onError: ErrorPolicy
    public var steps: [PipelineStep]
    /// The pipeline file's folder.
    public var baseDirectory: URL
    /// The pipeline file as the user named it.
    public var file: String
    /// Inline `tests:` cases, kept as YAML for the test runner.
    public var tests: YAMLNode?
    /// Resource limits from the `limits:` mapping, defaults where it says nothing.
    public var limits: PipelineLimits

    public init(name: String, description: String? = nil, inputs: [String] = [], onError: ErrorPolicy = .fail,
                steps: [PipelineStep], baseDirectory: URL, file: String, tests: YAMLNode? = nil,
                limits: PipelineLimits = .default) {
        self.name = name
        self.description = description
        self.inputs = inputs
        self.onError = onError
        self.steps = steps
        self.baseDirectory = baseDirectory
        self.file = file
        self.tests = tests
        self.limits = limits
    }
}
