import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// The exec host against a healthy plugin and against every kind of bad behaviour:
/// each failure names the plugin and the report, the next report gets a fresh child,
/// and no child is left behind.
@Suite struct ExecTransformerTests {
    let folder: URL

    init() throws {
        folder = try MisbehavingPlugin.install()
    }

    /// Start-up gets a generous limit so a loaded machine does not trip it; `timeout` is per report.
    func command(_ mode: String = "ok", timeout: Double = 30, startTimeout: Double = 60, maxLineBytes: Int = 8 << 20) -> PluginCommand {
        PluginCommand(name: "misbehave", arguments: ["python3", "misbehave.py", mode], workingDirectory: folder,
                      timeout: timeout, startTimeout: startTimeout, maxLineBytes: maxLineBytes, forwardStderr: false)
    }

    func report(_ firstLine: String, id: String = "r1") -> Report {
        Report(id: id, body: [Block(.paragraph, firstLine)])
    }

    func context() -> StepContext {
        StepContext(stepName: "misbehave", stepIndex: 0, run: RunContext(baseDirectory: folder))
    }

    /// Runs one healthy report and returns the pid of the child that answered.
    func healthyPID(_ transformer: ExecTransformer) throws -> Int {
        var r = report("fine")
        try transformer.transform(&r, context: context())
        guard case .number(let pid)? = r.metadata["pid"] else {
            Issue.record("no pid in \(r.metadata)")
            return -1
        }
        return Int(pid)
    }

    static func isGone(_ pid: Int) -> Bool {
        // A zombie still has a /proc entry; a reaped child has none.
        !FileManager.default.fileExists(atPath: "/proc/\(pid)")
    }

    @Test func oneChildServesEveryReportAndGetsTheOptions() throws {
        let transformer = ExecTransformer(command: command(), options: TransformerOptions(["note": .string("hello")]), workers: 1)
        var pids: Set<Int> = []
        for index in 0..<20 {
            var r = report("report \(index)", id: "r\(index)")
            try transformer.transform(&r, context: context())
            #expect(r.metadata["note"] == .string("hello"))
            #expect(r.body.first?.text == "report \(index)")
            if case .number(let pid)? = r.metadata["pid"] { pids.insert(Int(pid)) }
        }
        #expect(pids.count == 1)
        try transformer.finish(context: context().run)
        #expect(pids.allSatisfy(Self.isGone))
    }

    /// Each way a plugin can answer badly, with what the failed report's message says. The
    /// huge answer meets a 1 MiB answer limit (``maxLineBytes(for:)``), so that reaching it stays
    /// quick under a sanitizer on a busy machine (at 8 MiB it could take longer than the timeout).
    static let badAnswers: [(String, String)] = [
        ("crash", "exited with status 9"),
        ("hang", "no answer within 1s (timeout)"),
        ("half-line", "half a line"),
        ("huge", "answer longer than 1048576 bytes"),
        ("stderr-flood", "log line that never ends"),
        ("format-2", "report format 2 is newer than this reportkit reads (1)"),
        ("invalid-json", "not JSON: {this is not json"),
        ("wrong-id", "answered id"),
    ]

    /// The answer limit a bad-answer test uses for `behaviour`.
    static func maxLineBytes(for behaviour: String) -> Int { behaviour == "huge" ? 1 << 20 : 8 << 20 }

    /// Each bad answer fails its report with a clear message, and the next report works.
    @Test(arguments: badAnswers)
    func badAnswerFailsOnlyThatReport(_ behaviour: String, _ expected: String) throws {
        // Only the hanging behaviours should meet the timeout, even on a loaded machine.
        let timeout: Double = ["hang", "stderr-flood"].contains(behaviour) ? 1 : 30
        let transformer = ExecTransformer(command: command(timeout: timeout, maxLineBytes: Self.maxLineBytes(for: behaviour)),
                                          options: TransformerOptions(), workers: 1)
        let before = try healthyPID(transformer)
        var bad = report(behaviour, id: "bad-one")
        let error = #expect(throws: StepFailure.self) { try transformer.transform(&bad, context: context()) }
        let message = error?.message ?? ""
        #expect(message.contains("plugin 'misbehave'"), "\(message)")
        #expect(message.contains("report 'bad-one'"), "\(message)")
        #expect(message.contains(expected), "\(message)")
        #expect(Self.isGone(before), "the failed child \(before) is still there")
        let after = try healthyPID(transformer)
        #expect(after != before)
        try transformer.finish(context: context().run)
        #expect(Self.isGone(after))
    }

    @Test func pluginsOwnErrorFailsTheReportButKeepsTheChild() throws {
        let transformer = ExecTransformer(command: command(), options: TransformerOptions(), workers: 1)
        let before = try healthyPID(transformer)
        var bad = report("error", id: "refused")
        let error = #expect(throws: StepFailure.self) { try transformer.transform(&bad, context: context()) }
        #expect(error?.message == "plugin 'misbehave' on report 'refused': the model refused this one")
        #expect(try healthyPID(transformer) == before)
        try transformer.finish(context: context().run)
    }

    @Test(arguments: [
        ("exit-at-start", "exited with status 3 before answering; its last stderr: cannot find my model file"),
        ("silent", "no answer within 1s (timeout)"),
        ("protocol-2", "speaks protocol 2; this reportkit speaks protocol 1"),
        ("garbage-describe", "not JSON: hello, I am not JSON"),
    ])
    func badStartFailsEachReportClearly(_ mode: String, _ expected: String) throws {
        let startTimeout: Double = mode == "silent" ? 1 : 60
        let transformer = ExecTransformer(command: command(mode, startTimeout: startTimeout), options: TransformerOptions(), workers: 1)
        for id in ["first", "second"] {
            var r = report("fine", id: id)
            let error = #expect(throws: StepFailure.self) { try transformer.transform(&r, context: context()) }
            #expect(error?.message.contains("plugin 'misbehave' (python3 misbehave.py \(mode)) on report '\(id)'") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        }
        let describeError = #expect(throws: PluginFailure.self) {
            _ = try ExecPlugins.describe(command(mode, startTimeout: startTimeout), file: "p.yaml", line: 1)
        }
        #expect(describeError.map { "\($0)" }?.contains(expected) == true)
    }

    @Test func missingProgramIsAClearError() throws {
        let missing = PluginCommand(name: "ghost", arguments: ["./no-such-plugin"], workingDirectory: folder, timeout: 1)
        let transformer = ExecTransformer(command: missing, options: TransformerOptions(), workers: 1)
        var r = report("fine")
        let error = #expect(throws: StepFailure.self) { try transformer.transform(&r, context: context()) }
        #expect(error?.message.contains("plugin 'ghost' (./no-such-plugin) on report 'r1': could not start: no program './no-such-plugin'") == true,
                "\(error?.message ?? "")")
    }

    @Test func parallelCallersShareABoundedPool() async throws {
        let transformer = ExecTransformer(command: command(), options: TransformerOptions(), workers: 3)
        let pids = try await withThrowingTaskGroup(of: [Int].self) { group in
            for task in 0..<6 {
                group.addTask {
                    var seen: [Int] = []
                    for index in 0..<15 {
                        var r = report("task \(task) report \(index)", id: "t\(task)-\(index)")
                        try transformer.transform(&r, context: context())
                        #expect(r.body.first?.text == "task \(task) report \(index)")
                        if case .number(let pid)? = r.metadata["pid"] { seen.append(Int(pid)) }
                    }
                    return seen
                }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(pids.count == 90)
        #expect(Set(pids).count <= 3)
        try transformer.finish(context: context().run)
        #expect(Set(pids).allSatisfy(Self.isGone))
    }
}

/// A plugin that is gone before reportkit writes to it must not take reportkit down with SIGPIPE.
@Suite struct ExecBrokenPipeTests {
    @Test func writingToAnExitedPluginIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory
        let command = PluginCommand(name: "quitter", arguments: ["sh", "-c", "exec 0<&-; exit 5"], workingDirectory: folder,
                                    timeout: 5, forwardStderr: false)
        for _ in 0..<3 {
            let process = try PluginProcess(command)
            usleep(50_000)  // let it close its input and exit first
            let big = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20) + [10]
            let error = #expect(throws: PluginFailure.self) { _ = try process.exchange(big) }
            #expect("\(error.map { "\($0)" } ?? "")".contains("exited with status 5"))
        }
    }
}
