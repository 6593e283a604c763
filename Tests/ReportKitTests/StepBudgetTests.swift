import Foundation
import Testing
@testable import ReportKit

/// A step that sleeps for the number of milliseconds in the report's title.
private struct Sleepy: Transformer {
    static let registration = TransformerRegistration(spec: TransformerSpec(name: "sleepy", summary: "Sleeps.", options: [])) { _, _ in Sleepy() }
    func transform(_ report: inout Report, context: StepContext) throws {
        usleep(useconds_t((Int(report.title ?? "") ?? 0) * 1000))
        report.tags.append("slept")
    }
}

/// `limits: step-seconds`: a step over its budget fails its report, and only that report.
@Suite struct StepBudgetTests {
    func load(_ yaml: String) throws -> Pipeline {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("p.yaml")
        try Data(yaml.utf8).write(to: file)
        return try PipelineLoader(registry: TransformerRegistry([Sleepy.registration]), checkInputs: false).load(path: file.path)
    }

    @Test func theLimitIsReadFromThePipelineWithADefault() throws {
        #expect(try load("name: a\nsteps:\n  - sleepy\n").limits.stepSeconds == PipelineLimits.defaultStepSeconds)
        #expect(try load("name: a\nlimits:\n  step-seconds: 7\nsteps:\n  - sleepy\n").limits.stepSeconds == 7)
        #expect(throws: (any Error).self) { try load("name: a\nlimits:\n  step-seconds: 0\nsteps:\n  - sleepy\n") }
    }

    @Test func aSlowStepFailsItsReportOnly() throws {
        let pipeline = try load("name: budget\non-error: skip\nlimits:\n  step-seconds: 1\nsteps:\n  - sleepy\n")
        let runner = PipelineRunner(pipeline: pipeline, context: RunContext(baseDirectory: pipeline.baseDirectory))
        let items: [BatchItem] = ["1200", "5", "10"].enumerated().map { i, ms in
            .line(Data(#"{"id":"r\#(i)","title":"\#(ms)"}"#.utf8), number: i + 1, source: "-")
        }
        var done: [String] = []
        var log: [String] = []
        let summary = runner.run(source: FileListSource(items), options: BatchOptions(jobs: 2),
                                 render: { $0.id }, emit: { done.append($0) }, log: { log.append($0) })
        #expect(done == ["r1", "r2"])
        #expect(summary.failed == 1 && summary.skipped == 1)
        let message = try #require(log.first { $0.hasPrefix("error:") })
        #expect(message.contains("step 'sleepy'"))
        #expect(message.contains("more than the limit of 1s per step (limits: step-seconds)"))
    }
}
