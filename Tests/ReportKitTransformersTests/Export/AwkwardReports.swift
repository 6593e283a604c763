import ReportKit
@testable import ReportKitTransformers

/// Reports built from awkward pieces, to hold the direct writers to the built-in templates:
/// missing and empty fields, Markdown and HTML marks, line breaks, leading digits and spaces,
/// code fences, trailing and non-ASCII white space, quotes with and without speakers.
struct AwkwardReports {
    var state: UInt64

    static let pieces = [
        "The council met", "", " ", "# not a heading", "- not a list", "1. not ordered", "12) nor this",
        "a *star* and _under_", "back\\slash `tick` [link](x) <tag> a|b", "line one\nline two", "crlf\r\nend",
        "    indented", "\tTabbed", "```fenced```", "ends in space ", "ends in NBSP\u{00A0}",
        "ideographic\u{3000}", "“Curly,” she said.", "Zürich — 2024", "> quoted", "+ plus", "= equals",
        "title: \"yaml\" 'quotes'", "emoji 🚢 harbor", "Tom & Jerry", "<b>bold</b>", "{{not a tag}}",
    ]

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func text(_ parts: Int = 3) -> String {
        (0..<(1 + next(parts))).map { _ in Self.pieces[next(Self.pieces.count)] }.joined(separator: next(2) == 0 ? " " : "\n")
    }

    mutating func optional() -> String? { next(4) == 0 ? nil : next(5) == 0 ? "" : text() }

    mutating func report(_ number: Int) -> Report {
        let kinds = Block.Kind.allCases
        let body = (0..<next(7)).map { _ in
            Block(kinds[next(kinds.count)], text(4), level: next(3) == 0 ? nil : next(9) - 1)
        }
        // Ids and source paths with marks too: the title falls back to the id.
        let id = next(5) == 0 ? "r\(number) <&> \"*x*\" 'y'" : "r\(number)"
        let path = ["in/r\(number).txt", "", "in/<r> & \"q\".txt"][next(3)]
        var report = Report(id: id, source: next(3) == 0 ? nil : Source(path: path, mediaType: "text/plain"),
                            raw: "raw", title: optional(), body: body)
        report.subtitle = optional()
        report.authors = (0..<next(4)).map { _ in text(2) }
        report.tags = (0..<next(3)).map { _ in text(1) }
        report.published = next(3) == 0 ? nil : ["2024-05-03", "", "2024-05-03T10:00:00Z", "May 3"][next(4)]
        report.url = next(3) == 0 ? nil : ["https://example.org/a?x=1&y=<2>", "", "javascript:x", "HTTP://EXAMPLE.ORG"][next(4)]
        report.language = next(3) == 0 ? nil : ["de", "", "en-GB", "x\"y"][next(4)]
        report.site = optional()
        report.quotes = (0..<next(5)).map { k in
            Quote(text: text(2), speaker: next(3) == 0 ? nil : text(1), role: next(2) == 0 ? nil : text(1), block: k)
        }
        if next(4) != 0 {
            report.summary = Summary(sentences: (0..<next(4)).map { SummarySentence(text: text(2), block: 0, position: $0, score: 1) },
                                     keywords: [], method: "textrank")
        }
        return report
    }
}

extension AwkwardReports {
    /// Renders `count` generated reports through the built-in template `name` and through
    /// `write`: how many come out different, and the first that does, both ways.
    static func compareWithBuiltIn(_ name: String, seed: UInt64, count: Int = 2_000,
                                   write: (Report) -> String) throws -> (differing: Int, first: String) {
        guard let builtin = BuiltinTemplates.named(name) else { return (count, "no built-in template '\(name)'") }
        let template = try CheckedTemplate(text: builtin.text, file: "built-in:\(name)", schema: TemplateContext.reportSchema,
                                           escapeHTML: builtin.escapesHTML)
        var reports = AwkwardReports(state: seed)
        var differing = 0
        var first = ""
        for number in 0..<count {
            let report = reports.report(number)
            let expected = template.render(TemplateContext.report(report))
            let written = write(report)
            if written != expected {
                if differing == 0 { first = "\(report.id):\n--- template\n\(expected)\n--- writer\n\(written)" }
                differing += 1
            }
        }
        return (differing, first)
    }
}
