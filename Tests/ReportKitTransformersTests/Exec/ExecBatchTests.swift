import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// The exec host with several reports in flight: answers keep their order, and a child that
/// fails in the middle of a batch fails that report only, with the same message as alone;
/// the reports after it go to a fresh child.
@Suite struct ExecBatchTests {
    let folder: URL

    init() throws {
        folder = try MisbehavingPlugin.install()
    }

    func transformer(timeout: Double = 30, maxLineBytes: Int = 8 << 20) -> ExecTransformer {
        let command = PluginCommand(name: "misbehave", arguments: ["python3", "misbehave.py", "ok"], workingDirectory: folder,
                                    timeout: timeout, startTimeout: 60, maxLineBytes: maxLineBytes, forwardStderr: false)
        return ExecTransformer(command: command, options: TransformerOptions(["note": .string("batched")]), workers: 1)
    }

    /// Reports whose first block is each text, with ids `r0`, `r1`, ...
    func reports(_ texts: [String]) -> [Report] {
        texts.enumerated().map { index, text in Report(id: "r\(index)", body: [Block(.paragraph, text)]) }
    }

    func contexts(_ count: Int) -> [StepContext] {
        (0..<count).map { StepContext(stepName: "misbehave", stepIndex: 0, run: RunContext(baseDirectory: folder), reportIndex: $0) }
    }

    static func pid(_ report: Report) -> Int? {
        if case .number(let pid)? = report.metadata["pid"] { return Int(pid) }
        return nil
    }

    @Test func answersComeBackInOrderFromOneChild() throws {
        let exec = transformer()
        var batch = reports((0..<40).map { "report number \($0)" })
        let results = exec.transform(&batch, contexts: contexts(batch.count))
        #expect(results.count == 40)
        #expect(results.allSatisfy { $0.error == nil })
        #expect(batch.map { $0.body.first?.text } == (0..<40).map { "report number \($0)" })
        #expect(batch.map(\.id) == (0..<40).map { "r\($0)" })
        #expect(batch.allSatisfy { $0.metadata["note"] == .string("batched") })
        #expect(Set(batch.compactMap(Self.pid)).count == 1)
        #expect(results.allSatisfy { $0.seconds >= 0 && $0.seconds < 30 })
        try exec.finish(context: contexts(1)[0].run)
    }

    /// A child that answers only once it has read three requests: sent one at a time, the
    /// first request would never be answered.
    @Test func requestsAreInFlightTogether() throws {
        let script = "import sys\nlines = [sys.stdin.readline() for _ in range(3)]\nsys.stdout.write(''.join(lines))\nsys.stdout.flush()\nsys.stdin.read()\n"
        let command = PluginCommand(name: "gather", arguments: ["python3", "-c", script], workingDirectory: folder,
                                    timeout: 10, forwardStderr: false)
        let process = try PluginProcess(command)
        defer { process.stop(grace: 1) }
        var answers: [String] = []
        try process.exchange((1...3).map { Array("line \($0)\n".utf8) }) { index, line, seconds in
            answers.append("\(index): " + String(decoding: line, as: UTF8.self))
            #expect(seconds < 10)
        }
        #expect(answers == ["0: line 1", "1: line 2", "2: line 3"])
    }

    /// Requests and answers far larger than a pipe's buffer, both ways at once: writing every
    /// request before reading would leave the host and the plugin each waiting on the other.
    @Test func largeReportsInBothDirectionsDoNotDeadlock() throws {
        let exec = transformer(timeout: 60)
        let big = String(repeating: "a long paragraph of words ", count: 8_000)  // about 200 KB
        var batch = reports((0..<12).map { "\($0) " + big })
        let results = exec.transform(&batch, contexts: contexts(batch.count))
        #expect(results.allSatisfy { $0.error == nil })
        for (index, report) in batch.enumerated() {
            #expect(report.body.first?.text == "\(index) " + big)
        }
        try exec.finish(context: contexts(1)[0].run)
    }

    /// Each way a child can fail, in the middle of a batch: that report fails with the same
    /// message as alone, the ones before keep the first child's answers, the ones after are
    /// answered by a new child, and the failed child is gone.
    @Test(arguments: ExecTransformerTests.badAnswers)
    func aFailureInTheMiddleFailsThatReportOnly(_ behaviour: String, _ expected: String) throws {
        let timeout: Double = ["hang", "stderr-flood"].contains(behaviour) ? 1 : 30
        let exec = transformer(timeout: timeout, maxLineBytes: ExecTransformerTests.maxLineBytes(for: behaviour))
        var batch = reports(["one", "two", behaviour, "four", "five"])
        let results = exec.transform(&batch, contexts: contexts(batch.count))
        #expect(results.count == 5)
        for index in [0, 1, 3, 4] { #expect(results[index].error == nil, "report \(index): \(String(describing: results[index].error))") }
        let message = (results[2].error as? StepFailure)?.message ?? ""
        #expect(message.contains("plugin 'misbehave' (python3 misbehave.py ok) on report 'r2'"), "\(message)")
        #expect(message.contains(expected), "\(message)")
        #expect(batch.map { $0.body.first?.text } == ["one", "two", behaviour, "four", "five"])
        let before = Set([batch[0], batch[1]].compactMap(Self.pid))
        let after = Set([batch[3], batch[4]].compactMap(Self.pid))
        #expect(before.count == 1 && after.count == 1 && before != after, "\(before) \(after)")
        #expect(before.allSatisfy(ExecTransformerTests.isGone), "the failed child is still there")
        try exec.finish(context: contexts(1)[0].run)
        #expect(after.allSatisfy(ExecTransformerTests.isGone))
    }

    @Test func thePluginsOwnErrorInTheMiddleKeepsTheChild() throws {
        let exec = transformer()
        var batch = reports(["one", "error", "three"])
        let results = exec.transform(&batch, contexts: contexts(batch.count))
        #expect(results[0].error == nil && results[2].error == nil)
        #expect((results[1].error as? StepFailure)?.message == "plugin 'misbehave' on report 'r1': the model refused this one")
        #expect(Set([batch[0], batch[2]].compactMap(Self.pid)).count == 1)
        try exec.finish(context: contexts(1)[0].run)
    }

    @Test func twoFailuresInOneBatchEachRestartTheChild() throws {
        let exec = transformer()
        var batch = reports(["crash", "one", "invalid-json", "two", "crash"])
        let results = exec.transform(&batch, contexts: contexts(batch.count))
        #expect(results.map { $0.error == nil } == [false, true, false, true, false])
        let pids = [batch[1], batch[3]].compactMap(Self.pid)
        #expect(pids.count == 2 && pids[0] != pids[1])
        try exec.finish(context: contexts(1)[0].run)
    }

    @Test func aPluginThatCannotStartFailsEveryReportOfTheBatch() throws {
        let command = PluginCommand(name: "ghost", arguments: ["./no-such-plugin"], workingDirectory: folder, timeout: 1)
        let exec = ExecTransformer(command: command, options: TransformerOptions(), workers: 1)
        var batch = reports(["one", "two", "three"])
        let results = exec.transform(&batch, contexts: contexts(batch.count))
        for (index, result) in results.enumerated() {
            let message = (result.error as? StepFailure)?.message ?? ""
            #expect(message.contains("on report 'r\(index)': could not start: no program './no-such-plugin'"), "\(message)")
        }
    }
}
