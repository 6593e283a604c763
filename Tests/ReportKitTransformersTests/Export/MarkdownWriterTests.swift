import Testing
import ReportKit
@testable import ReportKitTransformers

/// `MarkdownWriter` must write exactly what the built-in `markdown` template renders, since
/// the template is the format's definition and the writer only its fast path.
@Suite struct MarkdownWriterTests {
    /// Reports built from awkward pieces: missing and empty fields, Markdown marks, line
    /// breaks, leading digits and spaces, code fences, trailing and non-ASCII white space.
    struct AwkwardReports {
        var state: UInt64

        static let pieces = [
            "The council met", "", " ", "# not a heading", "- not a list", "1. not ordered", "12) nor this",
            "a *star* and _under_", "back\\slash `tick` [link](x) <tag> a|b", "line one\nline two", "crlf\r\nend",
            "    indented", "\tTabbed", "```fenced```", "ends in space ", "ends in NBSP\u{00A0}",
            "ideographic\u{3000}", "“Curly,” she said.", "Zürich — 2024", "> quoted", "+ plus", "= equals",
            "title: \"yaml\" 'quotes'", "emoji 🚢 harbor",
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
                Block(kinds[next(kinds.count)], text(4), level: next(3) == 0 ? nil : next(7) - 1)
            }
            var report = Report(id: "r\(number)", source: next(3) == 0 ? nil : Source(path: "in/r\(number).txt", mediaType: "text/plain"),
                                raw: "raw", title: optional(), body: body)
            report.subtitle = optional()
            report.authors = (0..<next(4)).map { _ in text(2) }
            report.tags = (0..<next(3)).map { _ in text(1) }
            report.published = next(3) == 0 ? nil : ["2024-05-03", "", "2024-05-03T10:00:00Z", "May 3"][next(4)]
            report.url = next(3) == 0 ? nil : ["https://example.org/a", "", "javascript:x"][next(3)]
            if next(4) != 0 {
                report.summary = Summary(sentences: (0..<next(4)).map { SummarySentence(text: text(2), block: 0, position: $0, score: 1) },
                                         keywords: [], method: "textrank")
            }
            return report
        }
    }

    @Test func writesWhatTheBuiltInTemplateRenders() throws {
        let builtin = try #require(BuiltinTemplates.named("markdown"))
        let template = try CheckedTemplate(text: builtin.text, file: "built-in:markdown", schema: TemplateContext.reportSchema,
                                           escapeHTML: builtin.escapesHTML)
        var reports = AwkwardReports(state: 42)
        var differing = 0
        var first = ""
        for number in 0..<2_000 {
            let report = reports.report(number)
            let expected = template.render(TemplateContext.report(report))
            let written = MarkdownWriter.render(report)
            if written != expected {
                if differing == 0 { first = "\(report.id):\n--- template\n\(expected)\n--- writer\n\(written)" }
                differing += 1
            }
        }
        #expect(differing == 0, "\(differing) of 2000 reports differ; the first is \(first)")
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
