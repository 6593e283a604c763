import Testing
import ReportKit
@testable import ReportKitTransformers

/// The direct writers (`MarkdownWriter`, `HTMLWriter`, `TextWriter`) must write exactly what
/// the built-in templates render: a template is its format's definition, and the writer only
/// its fast path.
@Suite struct DirectWriterTests {
    /// Each writer against its template, on its own stream of generated reports.
    static let writers: [(format: String, seed: UInt64, write: @Sendable (Report) -> String)] = [
        ("markdown", 42, MarkdownWriter.render), ("html", 99, HTMLWriter.render), ("text", 7, TextWriter.render),
    ]

    @Test(arguments: writers.indices)
    func writesWhatTheBuiltInTemplateRenders(writer: Int) throws {
        let (format, seed, write) = Self.writers[writer]
        let result = try AwkwardReports.compareWithBuiltIn(format, seed: seed, write: write)
        #expect(result.differing == 0, "\(format): \(result.differing) of 2000 reports differ; the first is \(result.first)")
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

    @Test func escapesEveryValueAndLinksOnlyWebAddresses() {
        var report = Report(id: "r", source: Source(path: "in/<r>.txt", mediaType: "text/plain"), raw: "",
                            title: "A <b> & \"c\"", body: [Block(.heading, "Sub & head", level: 1), Block(.code, "x < y")])
        report.quotes = [Quote(text: "We'll go", speaker: "Ana <Ruiz>", role: "mayor", block: 0)]
        report.url = "javascript:alert(1)"
        let page = HTMLWriter.render(report)
        for expected in ["<title>A &lt;b&gt; &amp; &quot;c&quot;</title>", "<h2>Sub &amp; head</h2>", "<pre><code>x &lt; y</code></pre>",
                         "<blockquote><p>We&#39;ll go</p></blockquote>", "<figcaption>— Ana &lt;Ruiz&gt;, mayor</figcaption>",
                         "<p>Source: in/&lt;r&gt;.txt</p>"] {
            #expect(page.contains(expected), "missing \(expected)")
        }
        #expect(!page.contains("href=\"javascript"))
    }

    @Test func writesTheReportAsPlainText() {
        var report = Report(id: "r", raw: "", title: "Harbor *works*", body: [Block(.heading, "Plans"), Block(.paragraph, "Cranes <arrived>.")])
        report.authors = ["Ana Ruiz"]
        report.published = "2024-05-03T10:00:00Z"
        #expect(TextWriter.render(report) == "Harbor *works*\nBy Ana Ruiz\n2024-05-03\n\nPlans\n\nCranes <arrived>.\n\n")
    }
}
