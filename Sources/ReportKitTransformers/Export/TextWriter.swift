import ReportKit

/// Writes what the built-in `text` template renders, without a template engine, as
/// `MarkdownWriter` does for Markdown; `TextWriterTests` holds it to the template's bytes.
enum TextWriter {
    /// The report as the built-in text template renders it (before the export trims its end).
    static func render(_ report: Report) -> String {
        let summaryText = TemplateContext.summaryText(of: report)
        var out = ""
        out.reserveCapacity(report.body.reduce(256) { $0 + $1.text.utf8.count + 2 })
        out += (TemplateContext.oneLineTitle(report) ?? report.id) + "\n"
        if let subtitle = report.subtitle.map(Escaping.oneLine), !subtitle.isEmpty { out += subtitle + "\n" }
        if !report.authors.isEmpty { out += "By " + TemplateContext.byline(report.authors) + "\n" }
        if let date = TemplateContext.datePart(report.published) { out += date + "\n" }
        if !summaryText.isEmpty { out += "\nSummary: " + summaryText + "\n" }
        out += "\n"
        for block in report.body { out += block.text + "\n\n" }
        return out
    }
}
