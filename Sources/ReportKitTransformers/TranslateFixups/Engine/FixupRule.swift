import ReportKit

/// One edit a rule proposes to a paragraph's UTF-8 bytes: replace `start..<end`.
/// An edit without a replacement is a finding for warn-only rules.
struct ByteEdit: Sendable, Equatable {
    var start: Int
    var end: Int
    var replacement: [UInt8]?
    /// Why, for warnings and opt-in rules whose edits a person should review.
    var note: String?

    init(_ start: Int, _ end: Int, _ replacement: [UInt8]?, note: String? = nil) {
        self.start = start
        self.end = end
        self.replacement = replacement
        self.note = note
    }

    init(_ start: Int, _ end: Int, _ replacement: String, note: String? = nil) {
        self.init(start, end, Array(replacement.utf8), note: note)
    }
}

/// The passes of the catalogue, in the order they run.
enum FixupGroup: String, CaseIterable, Sendable {
    case encoding, characters, punctuation, tokens, sentences, lines, warnings
}

/// How a rule runs when selected.
enum RuleMode: Sendable, Equatable {
    /// Edits the text and records each edit in `changes`.
    case fix
    /// Leaves the text alone and adds a warning to `diagnostics` per finding.
    case warn
}

/// A worked example of one rule (SwiftLint style): each runs as a test and is printed in the docs.
struct RuleExample: Sendable {
    enum Kind: Sendable { case unchanged, corrected(String) }
    var input: String
    var kind: Kind
    var file: String
    var line: Int

    /// Correct text the rule must leave exactly as it is.
    static func keeps(_ input: String, file: String = #filePath, line: Int = #line) -> RuleExample {
        RuleExample(input: input, kind: .unchanged, file: file, line: line)
    }

    /// Damaged text and what the rule must turn it into.
    static func fixes(_ input: String, to output: String, file: String = #filePath, line: Int = #line) -> RuleExample {
        RuleExample(input: input, kind: .corrected(output), file: file, line: line)
    }
}

/// What a rule is, for selection, `explain`, docs and tests.
struct RuleDescription: Sendable {
    /// The stable name used in `rules`, `disable`, `warn` and in each change's `rule`.
    var name: String
    var group: FixupGroup
    /// The catalogue class it implements (1–20).
    var catalogueClass: Int
    /// One sentence: what it repairs.
    var summary: String
    /// What it deliberately leaves alone.
    var neverTouches: String
    /// Its mode when the `default` selection includes it; nil: off unless named.
    var defaultMode: RuleMode?
    var examples: [RuleExample]
}

/// Context a paragraph rule may consult beyond the paragraph's own bytes.
/// Computed lazily: most paragraphs never ask.
final class ParagraphContext {
    private let report: Report?
    /// The glossary, when one is configured.
    let glossary: Glossary?

    init(report: Report?, glossary: Glossary?) {
        self.report = report
        self.glossary = glossary
    }

    /// Whether the document as a whole writes curly double quotes, for paragraphs with none of their own.
    lazy var documentPrefersCurly: Bool = report.map(TranslateFixupsTransformer.documentPrefersCurly) ?? false
}

/// A rule that works inside one paragraph (a body block, the title or the dek).
struct ParagraphRule: Sendable {
    var description: RuleDescription
    /// The pre-scan signals that can make this rule fire; a paragraph without any skips it.
    var trigger: ScanSignals
    /// Proposes edits; they must be sorted and must not overlap.
    var edits: @Sendable (_ text: [UInt8], _ context: ParagraphContext) -> [ByteEdit]
}
