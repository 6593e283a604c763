import Foundation
import Testing
@testable import ReportKit

/// Records the batches a step is given, for the tests below.
private final class BatchLog: @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [[String]] = []

    func record(_ ids: [String]) {
        lock.lock()
        batches.append(ids)
        lock.unlock()
    }

    var all: [[String]] {
        lock.lock()
        defer { lock.unlock() }
        return batches
    }
}

/// A step that takes reports in batches: tags each with its step name, fails a report whose
/// title is `fail-<name>`, claims `seconds` from the title `slow-<name>`, and logs each batch.
private struct Batching: Transformer {
    let name: String
    let log: BatchLog
    var pauseFirstMilliseconds = 0

    func transform(_ report: inout Report, context: StepContext) throws {
        var reports = [report]
        if let error = transform(&reports, contexts: [context])[0].error { throw error }
        report = reports[0]
    }

    func transform(_ reports: inout [Report], contexts: [StepContext]) -> [StepResult] {
        log.record(reports.map(\.id))
        if pauseFirstMilliseconds > 0, contexts.first?.reportIndex == 0 { usleep(useconds_t(pauseFirstMilliseconds * 1000)) }
        return reports.indices.map { index in
            if reports[index].title == "fail-\(name)" { return StepResult(error: StepFailure("refused by \(name)"), seconds: 0) }
            reports[index].tags.append(name)
            return StepResult(seconds: reports[index].title == "slow-\(name)" ? 9 : 0.001)
        }
    }
}

/// A step that returns one result too few.
private struct ShortChanged: Transformer {
    func transform(_ report: inout Report, context: StepContext) throws {}
    func transform(_ reports: inout [Report], contexts: [StepContext]) -> [StepResult] {
        Array(repeating: StepResult(seconds: 0), count: max(0, reports.count - 1))
    }
}

/// The runner hands a step every report already at hand at once (`Transformer.transform(_:contexts:)`),
/// and each report still ends exactly as it would alone.
@Suite struct BatchStepTests {
    func pipeline(_ steps: [(String, any Transformer)], stepSeconds: Int = 5) -> Pipeline {
        let folder = FileManager.default.temporaryDirectory
        var limits = PipelineLimits.default
        limits.stepSeconds = stepSeconds
        var pipeline = Pipeline(name: "batch", steps: steps.enumerated().map { index, step in
            PipelineStep(name: step.0, options: TransformerOptions(), transformer: step.1,
                         file: "p.yaml", mark: SourceMark(line: index + 3, column: 5))
        }, baseDirectory: folder, file: "p.yaml")
        pipeline.limits = limits
        return pipeline
    }

    func reports(_ titles: [String]) -> [Report] {
        titles.enumerated().map { index, title in
            var report = Report(id: "r\(index)", body: [Block(.paragraph, "text \(index)")])
            report.title = title
            return report
        }
    }

    @Test func aFailedReportLeavesTheLaterStepsAndTheOthersGoOn() {
        let log = BatchLog()
        let runner = PipelineRunner(pipeline: pipeline([("first", Batching(name: "first", log: log)),
                                                        ("second", Batching(name: "second", log: log)),
                                                        ("third", Batching(name: "third", log: log))]),
                                    context: RunContext(baseDirectory: FileManager.default.temporaryDirectory))
        let results = runner.process(reports(["a", "fail-second", "b", "slow-first", "c"]), reportIndices: [0, 1, 2, 3, 4])
        #expect(log.all == [["r0", "r1", "r2", "r3", "r4"], ["r0", "r1", "r2", "r4"], ["r0", "r2", "r4"]])
        for index in [0, 2, 4] {
            guard case .success(let report) = results[index] else { Issue.record("r\(index) failed"); continue }
            #expect(report.id == "r\(index)")
            #expect(report.tags == ["first", "second", "third"])
        }
        guard case .failure(let refused) = results[1], case .failure(let slow) = results[3] else {
            Issue.record("r1 and r3 should fail")
            return
        }
        #expect(refused.stepName == "second" && refused.stepIndex == 1 && refused.stepLocation == "p.yaml:4:5")
        #expect(refused.message == "refused by second" && refused.input == "r1")
        #expect(slow.stepName == "first" && slow.stepIndex == 0)
        #expect(slow.message == "took 9.0s, more than the limit of 5s per step (limits: step-seconds)")
    }

    @Test func oneReportAloneGivesTheSameResultAsInABatch() throws {
        let log = BatchLog()
        let runner = PipelineRunner(pipeline: pipeline([("first", Batching(name: "first", log: log)),
                                                        ("second", Batching(name: "second", log: log))]),
                                    context: RunContext(baseDirectory: FileManager.default.temporaryDirectory))
        var good = reports(["a"])[0]
        try runner.process(&good, reportIndex: 0)
        #expect(good.tags == ["first", "second"])
        var bad = reports(["fail-second"])[0]
        let error = #expect(throws: StepError.self) { try runner.process(&bad, reportIndex: 0) }
        #expect(error?.description == "r0: step 'second' (p.yaml:4:5) failed: refused by second")
    }

    @Test func aStepThatLosesResultsFailsItsWholeBatchClearly() {
        let runner = PipelineRunner(pipeline: pipeline([("short", ShortChanged())]),
                                    context: RunContext(baseDirectory: FileManager.default.temporaryDirectory))
        let results = runner.process(reports(["a", "b"]), reportIndices: [0, 1])
        for result in results {
            guard case .failure(let error) = result else { Issue.record("should fail"); continue }
            #expect(error.message == "returned 1 results for 2 reports")
        }
    }

    @Test func theDefaultBatchEntryTimesAndFailsEachReportAlone() {
        struct Plain: Transformer {
            func transform(_ report: inout Report, context: StepContext) throws {
                if report.title == "bad" { throw StepFailure("bad title") }
                report.tags.append("plain")
            }
        }
        var batch = reports(["a", "bad", "c"])
        let run = RunContext(baseDirectory: FileManager.default.temporaryDirectory)
        let results = Plain().transform(&batch, contexts: (0..<3).map { _ in StepContext(stepName: "plain", stepIndex: 0, run: run) })
        #expect(results.map { $0.error == nil } == [true, false, true])
        #expect((results[1].error as? StepFailure)?.message == "bad title")
        #expect(batch.map(\.tags) == [["plain"], [], ["plain"]])
        #expect(results.allSatisfy { $0.seconds >= 0 && $0.seconds < 1 })
    }

    /// Lines already read are handed to a step together; the output keeps the input order,
    /// and a failure in a batch goes through the error policy alone.
    @Test func aRunFormsBatchesFromWhatIsReadAndKeepsTheOrder() {
        let log = BatchLog()
        var pipeline = pipeline([("first", Batching(name: "first", log: log, pauseFirstMilliseconds: 100))])
        pipeline.onError = .skip
        let runner = PipelineRunner(pipeline: pipeline, context: RunContext(baseDirectory: pipeline.baseDirectory))
        let items: [BatchItem] = (0..<200).map { index in
            let title = index == 57 ? "fail-first" : "t\(index)"
            return .line(Data(#"{"id":"r\#(index)","title":"\#(title)"}"#.utf8), number: index + 1, source: "-")
        }
        var done: [String] = []
        var messages: [String] = []
        let summary = runner.run(source: FileListSource(items), options: BatchOptions(jobs: 1),
                                 render: { $0.id }, emit: { done.append($0) }, log: { messages.append($0) })
        #expect(done == (0..<200).filter { $0 != 57 }.map { "r\($0)" })
        #expect(summary.failed == 1 && summary.skipped == 1 && summary.succeeded == 199)
        #expect(messages.contains { $0.contains("stdin:58: step 'first'") && $0.contains("refused by first") }, "\(messages)")
        #expect(log.all.flatMap { $0 } == (0..<200).map { "r\($0)" })
        #expect(log.all.contains { $0.count > 1 }, "no batch of more than one report was formed")
    }
}
