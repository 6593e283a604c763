import Testing
import ReportKit
@testable import ReportKitTransformers

/// `HTMLWriter` must write exactly what the built-in `html` template renders: the template
/// is the format's definition and the writer only its fast path.
@Suite struct HTMLWriterTests {
    @Test func writesWhatTheBuiltInTemplateRenders() throws {
        let builtin = try #require(BuiltinTemplates.named("html"))
        let template = try CheckedTemplate(text: builtin.text, file: "built-in:html", schema: TemplateContext.reportSchema,
                                           escapeHTML: builtin.escapesHTML)
        var reports = AwkwardReports(state: 99)
        var differing = 0
        var first = ""
        for number in 0..<2_000 {
            let report = reports.report(number)
            let expected = template.render(TemplateContext.report(report))
            let written = HTMLWriter.render(report)
            if written != expected {
                if differing == 0 { first = "\(report.id):\n--- template\n\(expected)\n--- writer\n\(written)" }
                differing += 1
            }
        }
        #expect(differing == 0, "\(differing) of 2000 reports differ; the first is \(first)")
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
}
