import Testing
import ReportKit
@testable import ReportKitTransformers

/// `TextWriter` must write exactly what the built-in `text` template renders.
@Suite struct TextWriterTests {
    @Test func writesWhatTheBuiltInTemplateRenders() throws {
        let builtin = try #require(BuiltinTemplates.named("text"))
        let template = try CheckedTemplate(text: builtin.text, file: "built-in:text", schema: TemplateContext.reportSchema,
                                           escapeHTML: builtin.escapesHTML)
        var reports = AwkwardReports(state: 7)
        var differing = 0
        var first = ""
        for number in 0..<2_000 {
            let report = reports.report(number)
            let expected = template.render(TemplateContext.report(report))
            let written = TextWriter.render(report)
            if written != expected {
                if differing == 0 { first = "\(report.id):\n--- template\n\(expected)\n--- writer\n\(written)" }
                differing += 1
            }
        }
        #expect(differing == 0, "\(differing) of 2000 reports differ; the first is \(first)")
    }

    @Test func writesTheReportAsPlainText() {
        var report = Report(id: "r", raw: "", title: "Harbor *works*", body: [Block(.heading, "Plans"), Block(.paragraph, "Cranes <arrived>.")])
        report.authors = ["Ana Ruiz"]
        report.published = "2024-05-03T10:00:00Z"
        #expect(TextWriter.render(report) == "Harbor *works*\nBy Ana Ruiz\n2024-05-03\n\nPlans\n\nCranes <arrived>.\n\n")
    }
}
