import ReportKit

/// Writes what the built-in `markdown` template renders, without a template engine.
///
/// The template stays the definition: it is what `reportkit template markdown` prints and
/// what a changed copy starts from. Rendering it through Mustache builds a dictionary per
/// body block and looks every name up through dynamic casts, which was a fifth of the
/// example pipeline's time; this writer makes the same bytes directly, and
/// `MarkdownWriterTests` holds it to the template's output on generated reports.
enum MarkdownWriter {
    /// The report as the built-in template renders it (before the export trims its end).
    static func render(_ report: Report) -> String {
        let title = TemplateContext.oneLineTitle(report) ?? report.id
        let summaryText = TemplateContext.summaryText(of: report)
        var out = ""
        out.reserveCapacity(report.body.reduce(512) { $0 + $1.text.utf8.count + 8 })

        out += "---\ntitle: "
        out += Escaping.yamlQuoted(title)
        out += "\n"
        if let date = report.published, !date.isEmpty { line(&out, "date: ", Escaping.yamlQuoted(date)) }
        if !report.authors.isEmpty { line(&out, "authors: ", Escaping.yamlList(report.authors)) }
        if !report.tags.isEmpty { line(&out, "tags: ", Escaping.yamlList(report.tags)) }
        if !summaryText.isEmpty { line(&out, "summary: ", Escaping.yamlQuoted(summaryText)) }
        if let source = report.url ?? report.source?.path, !source.isEmpty { line(&out, "source: ", Escaping.yamlQuoted(source)) }
        out += "---\n\n# "
        out += Escaping.markdown(title, singleLine: true)
        out += "\n"
        if let subtitle = report.subtitle {
            out += "\n_"
            out += Escaping.markdown(subtitle, singleLine: true)
            out += "_\n"
        }
        if !report.authors.isEmpty { line(&out, "\nBy ", Escaping.markdown(TemplateContext.byline(report.authors), singleLine: true)) }
        if !summaryText.isEmpty { line(&out, "\n> **Summary.** ", Escaping.markdown(summaryText, singleLine: true)) }
        out += "\n"
        for block in report.body {
            out += TemplateContext.markdown(block, escaped: TemplateContext.escapedText(block))
            out += "\n\n"
        }
        return out
    }

    private static func line(_ out: inout String, _ label: String, _ value: String) {
        out += label
        out += value
        out += "\n"
    }
}
