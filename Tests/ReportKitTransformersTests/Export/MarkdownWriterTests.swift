import Testing
import ReportKit
@testable import ReportKitTransformers

/// `MarkdownWriter` must write exactly what the built-in `markdown` template renders, since
/// the template is the format's definition and the writer only its fast path.
@Suite struct MarkdownWriterTests {
    @Test func writesWhatTheBuiltInTemplateRenders() throws {
        let result = try AwkwardReports.compareWithBuiltIn("markdown", seed: 42, write: MarkdownWriter.render)
        #expect(result.differing == 0, "\(result.differing) of 2000 reports differ; the first is \(result.first)")
    }

    @Test func everyBlockKindAndFieldAppears() {
        var report = Report(id: "harbor", source: Source(path: "in/harbor.txt", mediaType: "text/plain"), raw: "",
                            title: "Harbor *works*", body: Block.Kind.allCases.map { Block($0, "\($0.rawValue) text", level: 2) })
        report.subtitle = "Cranes arrive"
        report.authors = ["Ana Ruiz", "Lin Wei"]
        report.published = "2024-05-03"
        report.summary = Summary(sentences: [SummarySentence(text: "Cranes arrived.", block: 0, position: 0, score: 1)],
                                 keywords: [], method: "lead")
        let text = MarkdownWriter.render(report)
        for expected in ["title: \"Harbor *works*\"", "date: \"2024-05-03\"", "authors: [\"Ana Ruiz\", \"Lin Wei\"]",
                         "summary: \"Cranes arrived.\"", "source: \"in/harbor.txt\"", "# Harbor \\*works\\*", "_Cranes arrive_",
                         "By Ana Ruiz and Lin Wei", "> **Summary.** Cranes arrived.", "### heading text", "> quote text",
                         "  - list-item text", "```\ncode text\n```", "_caption text_"] {
            #expect(text.contains(expected), "missing \(expected) in\n\(text)")
        }
    }
}
