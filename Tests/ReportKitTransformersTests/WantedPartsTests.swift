import Foundation
import ReportKit
import Testing
@testable import ReportKitTransformers

/// Steps leave out the optional parts (entities, quotes, keywords, the edit record) that
/// nothing after them reads, and only those.
@Suite struct WantedPartsTests {
    static let story = """
    Harbor board approves a new ferry dock

    The harbor board approved a new ferry dock on Tuesday after a long debate about the eastern islands .

    “The dock will open next spring,” said Mara Lindqvist, the chair of the board.

    Mara Lindqvist said the ferry dock would serve the eastern islands. The ferry service will add two boats to the route.
    """

    static func report() throws -> Report {
        try ReportReader.read(data: Data(story.utf8), path: "in/dock.txt")
    }

    /// A step of a test's own, with the default `reads` (everything).
    struct ReadsEverything: Transformer {
        func transform(_ report: inout Report, context: StepContext) throws {}
    }

    static func step(_ name: String, _ transformer: any Transformer, line: Int) -> PipelineStep {
        PipelineStep(name: name, options: TransformerOptions(), transformer: transformer, file: "p.yaml",
                     mark: SourceMark(line: line, column: 5))
    }

    /// extract → translate-fixups → summarize, then `more` steps, run with `outputReads`.
    static func run(then more: [PipelineStep] = [], outputReads: ReportParts) throws -> Report {
        let registry = BuiltinTransformers.registry
        let base = FileManager.default.temporaryDirectory
        func built(_ name: String) throws -> any Transformer {
            let registration = try #require(registry.registration(named: name))
            let defaults = registration.spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
            return try registration.make(TransformerOptions(defaults.compactMapValues { $0 }),
                                          BuildContext(baseDirectory: base, stepName: name))
        }
        let steps = [step("extract", try built("extract"), line: 3), step("translate-fixups", try built("translate-fixups"), line: 4),
                     step("summarize", try built("summarize"), line: 5)] + more
        let pipeline = Pipeline(name: "wanted", steps: steps, baseDirectory: base, file: "p.yaml")
        var report = try report()
        try PipelineRunner(pipeline: pipeline, context: RunContext(baseDirectory: base), outputReads: outputReads)
            .process(&report)
        return report
    }

    @Test func eachStepWantsWhatLaterStepsAndTheOutputRead() {
        let wanted = ReportParts.wanted(after: [[], [.quotes], [], [.entities]], outputReads: [.keywords])
        #expect(wanted == [[.quotes, .entities, .keywords], [.entities, .keywords], [.entities, .keywords], [.keywords]])
        #expect(ReportParts.wanted(after: [], outputReads: .all) == [])
        #expect(ReportParts.wanted(after: [.all, []], outputReads: []) == [[], []])
    }

    @Test func aRunWhoseOutputReadsEverythingGetsEverything() throws {
        let report = try Self.run(outputReads: .all)
        #expect(report.entities.contains { $0.text == "Mara Lindqvist" })
        #expect(report.quotes.first?.speaker == "Mara Lindqvist")
        #expect(report.summary?.keywords.isEmpty == false)
        #expect(report.summary?.sentences.isEmpty == false)
        #expect(report.changes.contains { $0.rule == "space-before-punctuation" })
    }

    @Test func partsNothingReadsAreLeftOut() throws {
        let full = try Self.run(outputReads: .all)
        let lean = try Self.run(outputReads: [])
        #expect(lean.entities.isEmpty && lean.quotes.isEmpty)
        #expect(lean.summary?.keywords.isEmpty == true)
        #expect(lean.changes.isEmpty && !full.changes.isEmpty)
        // Everything else is the same report: the text repaired the same way.
        #expect(lean.body == full.body && lean.title == full.title && lean.subtitle == full.subtitle)
        #expect(lean.subtitle?.hasSuffix("islands.") == true)
        #expect(lean.summary?.sentences == full.summary?.sentences)
    }

    @Test func aLaterStepKeepsWhatItReads() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let csv = try ExportFixture.make(["format": .string("csv"), "path": .string("index.csv"),
                                          "columns": .list([.string("id"), .string("entities")])], base: folder.url)
        let withCSV = try Self.run(then: [Self.step("export", csv, line: 5)], outputReads: [])
        #expect(!withCSV.entities.isEmpty)
        #expect(withCSV.quotes.isEmpty && withCSV.summary?.keywords.isEmpty == true && withCSV.changes.isEmpty)

        let withOwnStep = try Self.run(then: [Self.step("mine", ReadsEverything(), line: 5)], outputReads: [])
        #expect(!withOwnStep.entities.isEmpty && !withOwnStep.quotes.isEmpty)
        #expect(withOwnStep.summary?.keywords.isEmpty == false && !withOwnStep.changes.isEmpty)
    }

    @Test func anExportReadsWhatItsFormatShows() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        func reads(_ options: [String: OptionValue]) throws -> ReportParts {
            try ExportFixture.make(options, base: folder.url).reads
        }
        #expect(try reads(["format": .string("markdown"), "path": .string("{{slug}}.md")]) == [])
        #expect(try reads(["format": .string("text"), "path": .string("{{slug}}.txt")]) == [])
        // The page lists the summary's sentences: `summary` is read whole, keywords too.
        #expect(try reads(["format": .string("html"), "path": .string("{{slug}}.html")]) == [.quotes, .keywords])
        #expect(try reads(["format": .string("json"), "path": .string("{{slug}}.json")]) == .all)
        #expect(try reads(["format": .string("jsonl"), "path": .string("all.jsonl")]) == .all)
        #expect(try reads(["format": .string("review"), "path": .string("{{slug}}.html")]) == .all)
        #expect(try reads(["format": .string("csv"), "path": .string("i.csv"),
                           "columns": .list([.string("title"), .string("summary.keywords")])]) == [.keywords])

        try "{{title}}\n{{#summary}}{{#keywords}}{{text}} {{/keywords}}{{/summary}}\n{{#hasQuotes}}q{{/hasQuotes}} {{changeCount}}\n"
            .write(to: folder.path("brief.mustache"), atomically: true, encoding: .utf8)
        #expect(try reads(["format": .string("template"), "template": .string("brief.mustache"),
                           "path": .string("{{slug}}.txt")]) == [.keywords, .quotes, .changes])
    }
}
