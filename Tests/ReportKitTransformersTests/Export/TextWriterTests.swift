import Testing
import ReportKit
@testable import ReportKitTransformers

/// `TextWriter` must write exactly what the built-in `text` template renders.
@Suite struct TextWriterTests {
    @Test func writesWhatTheBuiltInTemplateRenders() throws {
        let result = try AwkwardReports.compareWithBuiltIn("text", seed: 7, write: TextWriter.render)
        #expect(result.differing == 0, "\(result.differing) of 2000 reports differ; the first is \(result.first)")
    }

    @Test func writesTheReportAsPlainText() {
        var report = Report(id: "r", raw: "", title: "Harbor *works*", body: [Block(.heading, "Plans"), Block(.paragraph, "Cranes <arrived>.")])
        report.authors = ["Ana Ruiz"]
        report.published = "2024-05-03T10:00:00Z"
        #expect(TextWriter.render(report) == "Harbor *works*\nBy Ana Ruiz\n2024-05-03\n\nPlans\n\nCranes <arrived>.\n\n")
    }
}
