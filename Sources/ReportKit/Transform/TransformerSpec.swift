/// Everything known about a transformer before it runs: the single source for option
/// decoding and validation, `reportkit list`, `explain`, the generated docs, the JSON
/// Schema, and the example tests.
public struct TransformerSpec: Sendable {
    /// The name used in pipelines (`translate-fixups`).
    public var name: String
    /// One line for `reportkit list`.
    public var summary: String
    /// Paragraphs for `explain` and the docs.
    public var discussion: String
    public var options: [OptionSpec]
    /// Worked examples; each runs as a test.
    public var examples: [TransformerExample]
    /// Whether the step writes the reports out itself (so `run` does not print them).
    public var writesOutput: Bool
    /// Whether the step starts programs (an exec plugin), so `--no-exec` can refuse it.
    public var runsPrograms: Bool = false

    public init(name: String, summary: String, discussion: String = "",
                options: [OptionSpec] = [], examples: [TransformerExample] = [], writesOutput: Bool = false) {
        self.writesOutput = writesOutput
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.options = options
        self.examples = examples
    }

    /// The option with this name, if the spec has one.
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }
}

/// A worked example: options, an input, and what the output must show.
public struct TransformerExample: Sendable {
    public var title: String
    public var options: [String: OptionValue]
    /// The input document (plain text unless `mediaType` says otherwise).
    public var input: String
    public var mediaType: String
    public var expectations: [ExampleExpectation]
    /// Where the example is written, so a failing example points at its source.
    public var file: String
    public var line: Int

    public init(_ title: String, options: [String: OptionValue] = [:], input: String,
                mediaType: String = "text/plain", expect expectations: [ExampleExpectation],
                file: String = #filePath, line: Int = #line) {
        self.title = title
        self.options = options
        self.input = input
        self.mediaType = mediaType
        self.expectations = expectations
        self.file = file
        self.line = line
    }
}

/// What an example's output must show.
public enum ExampleExpectation: Sendable, Equatable {
    /// The report rendered as text (title, then one body block a line) equals this.
    case text(String)
    /// The text rendering contains this.
    case contains(String)
    /// The text rendering does not contain this.
    case lacks(String)
    /// The JSON value at a dotted path (`quotes.0.speaker`, `summary.sentences.count`) renders as this.
    case field(String, String)
}
