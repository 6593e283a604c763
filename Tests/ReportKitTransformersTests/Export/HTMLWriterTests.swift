import Testing
import ReportKit
@testable import ReportKitTransformers

/// `HTMLWriter` must write exactly what the built-in `html` template renders: the template
/// is the format's definition and the writer only its fast path.
@Suite struct HTMLWriterTests {
    @Test func writesWhatTheBuiltInTemplateRenders() throws {
        let result = try AwkwardReports.compareWithBuiltIn("html", seed: 99, write: HTMLWriter.render)
        #expect(result.differing == 0, "\(result.differing) of 2000 reports differ; the first is \(result.first)")
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
