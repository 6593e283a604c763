import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// Hardening of the built-ins found by the fuzz targets or while wiring the limits.
@Suite struct TransformerHardeningTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-glossary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A glossary option naming a FIFO used to block forever in `Data(contentsOf:)`.
    @Test func aGlossaryThatIsAFIFOIsRefusedNotWaitedOn() throws {
        let fifo = folder.appendingPathComponent("glossary.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        do {
            _ = try Glossary.load(url: URL(fileURLWithPath: fifo))
            Issue.record("a FIFO was read as a glossary")
        } catch {
            #expect("\(error)".contains("is not a regular file"), "\(error)")
        }
    }

    /// Glossaries load under the pipeline's YAML limits, not only the defaults.
    @Test func glossariesLoadUnderThePipelinesYAMLLimits() throws {
        let url = folder.appendingPathComponent("terms.yaml")
        try Data("wrong one: right one\nother wrong: other right\n".utf8).write(to: url)
        var limits = PipelineLimits.default
        #expect(throws: Never.self) { try Glossary.load(url: url, limits: limits) }
        limits.yamlBytes = 16
        #expect(throws: (any Error).self) { try Glossary.load(url: url, limits: limits) }
        limits = .default
        limits.yamlNodes = 2
        #expect(throws: (any Error).self) { try Glossary.load(url: url, limits: limits) }
    }
}

/// `extract` holds HTML that came in some other way (a JSON report with `raw`) to the
/// pipeline's `html-depth` too, since the reader never saw it as a page.
@Suite struct ExtractHTMLDepthTests {
    func page(_ levels: Int) -> Report {
        let html = "<html><body><article>" + String(repeating: "<div>", count: levels)
            + "<p>The council met on Monday and approved the new harbour budget for next year.</p>"
            + String(repeating: "</div>", count: levels) + "</article></body></html>"
        return Report(id: "page", source: Source(path: "page.html", mediaType: "text/html"), raw: html)
    }

    func extract(_ report: Report, htmlDepth: Int) throws -> Report {
        var limits = PipelineLimits.default
        limits.htmlDepth = htmlDepth
        let context = BuildContext(baseDirectory: URL(fileURLWithPath: "/"), stepName: "extract", limits: limits)
        let step = try ExtractTransformer.registration.make(TransformerOptions(), context)
        var report = report
        try step.transform(&report, context: StepContext(stepName: "extract", stepIndex: 0, run: RunContext(baseDirectory: URL(fileURLWithPath: "/"))))
        return report
    }

    @Test func aPageDeeperThanTheLimitFailsTheStep() throws {
        do {
            _ = try extract(page(100), htmlDepth: 50)
            Issue.record("a page 104 elements deep passed a limit of 50")
        } catch let failure as StepFailure {
            #expect(failure.message == "the page nests HTML elements 104 deep, more than the limit of 50 (limits: html-depth)")
        }
        let kept = try extract(page(20), htmlDepth: 50)
        #expect(kept.body.map(\.text).contains("The council met on Monday and approved the new harbour budget for next year."))
    }
}
