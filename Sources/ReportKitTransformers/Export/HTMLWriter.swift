import ReportKit

/// Writes what the built-in `html` template renders, without a template engine: the same
/// arrangement as `MarkdownWriter`, for the same reason (an HTML export through Mustache took
/// three times as long as one of Markdown). `HTMLWriterTests` holds it to the template's
/// bytes on generated reports.
enum HTMLWriter {
    /// The report as the built-in HTML template renders it.
    static func render(_ report: Report) -> String {
        let e = Escaping.html
        let title = e(TemplateContext.oneLineTitle(report) ?? report.id)
        let summaryText = TemplateContext.summaryText(of: report)
        var out = ""
        out.reserveCapacity(report.body.reduce(BuiltinTemplates.styles.utf8.count + 2048) { $0 + $1.text.utf8.count + 16 })

        out += "<!DOCTYPE html>\n<html lang=\""
        if let language = report.language, !language.isEmpty { out += e(language) } else { out += "en" }
        out += "\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<meta name=\"color-scheme\" content=\"light dark\"/>\n<meta name=\"generator\" content=\"reportkit\"/>\n"
        if !summaryText.isEmpty { out += "<meta name=\"description\" content=\"" + e(summaryText) + "\"/>\n" }
        out += "<title>" + title + "</title>\n<style>\n" + BuiltinTemplates.styles + "\n</style>\n</head>\n<body>\n<article>\n<header>\n"
        out += "<h1>" + title + "</h1>\n"
        if let subtitle = report.subtitle.map(Escaping.oneLine), !subtitle.isEmpty { out += "<p class=\"dek\">" + e(subtitle) + "</p>\n" }
        out += "<p class=\"meta\">"
        if !report.authors.isEmpty { out += "By " + e(TemplateContext.byline(report.authors)) }
        if let date = TemplateContext.datePart(report.published) { out += " · <time datetime=\"" + e(date) + "\">" + e(date) + "</time>" }
        if let site = report.site, !site.isEmpty { out += " · " + e(site) }
        out += "</p>\n</header>\n"
        if !summaryText.isEmpty {
            out += "<aside class=\"summary\" aria-label=\"Summary\">\n<h2>Summary</h2>\n<ul>\n"
            for sentence in report.summary?.sentences ?? [] { out += "<li>" + e(sentence.text) + "</li>\n" }
            out += "</ul>\n</aside>\n"
        }
        if !report.quotes.isEmpty {
            out += "<section class=\"key-quotes\" aria-label=\"Key quotes\">\n<h2>Key quotes</h2>\n"
            for quote in TemplateContext.keyQuotes(report.quotes) {
                out += "<figure>\n<blockquote><p>" + e(quote.text) + "</p></blockquote>\n"
                if let speaker = quote.speaker {
                    out += "<figcaption>— " + e(speaker)
                    if let role = quote.role { out += ", " + e(role) }
                    out += "</figcaption>\n"
                }
                out += "</figure>\n"
            }
            out += "</section>\n"
        }
        out += "<div class=\"body\">\n"
        for block in report.body {
            let text = e(block.text)
            switch block.kind {
            case .heading:
                let level = String(TemplateContext.headingLevel(block))
                out += "<h" + level + ">" + text + "</h" + level + ">\n"
            case .paragraph, .byline, .dateline, .tableRow: out += "<p>" + text + "</p>\n"
            case .quote: out += "<blockquote><p>" + text + "</p></blockquote>\n"
            case .listItem: out += "<ul><li>" + text + "</li></ul>\n"
            case .caption: out += "<p class=\"caption\">" + text + "</p>\n"
            case .code: out += "<pre><code>" + text + "</code></pre>\n"
            }
        }
        out += "</div>\n<footer>\n"
        if let link = TemplateContext.webLink(report) {
            out += "<p>Source: <a href=\"" + e(link) + "\">" + e(link) + "</a></p>\n"
        } else if let source = report.source {
            out += "<p>Source: " + e(source.path) + "</p>\n"
        }
        out += "</footer>\n</article>\n</body>\n</html>"
        return out
    }
}
