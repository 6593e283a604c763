import Foundation
import Testing
@testable import ReportKit

/// Test steps: each does one thing the runner must cope with.
private struct SlowByID: Transformer {
    /// Later reports finish first, so that ordering is really tested.
    func transform(_ report: inout Report, context: StepContext) throws {
        let n = Int(report.id.dropFirst(1)) ?? 0
        usleep(useconds_t(((7 - n % 7) * 300)))
        report.title = "done \(report.id)"
    }
}

private final class Counters: @unchecked Sendable {
    let lock = NSLock()
    var running = 0
    var maxRunning = 0
    var finishCalls = 0

    func enter() { lock.lock(); running += 1; maxRunning = max(maxRunning, running); lock.unlock() }
    func leave() { lock.lock(); running -= 1; lock.unlock() }
}

private struct Overlap: Transformer {
    let counters: Counters
    func transform(_ report: inout Report, context: StepContext) throws {
        counters.enter()
        usleep(2_000)
        counters.leave()
    }
    func finish(context: RunContext) throws {
        counters.lock.lock()
        counters.finishCalls += 1
        counters.lock.unlock()
    }
}

private struct FailOn: Transformer {
    let ids: Set<String>
    func transform(_ report: inout Report, context: StepContext) throws {
        if ids.contains(report.id) { throw StepFailure("cannot handle \(report.id)") }
    }
}

/// A source that counts how many items were taken from it, for the window test.
private struct CountingSource: BatchSource {
    let total: Int
    let taken: Counters
    var position = 0
    var expectedCount: Int? { nil }

    mutating func next() throws -> BatchItem? {
        guard position < total else { return nil }
        position += 1
        taken.enter()
        let line = #"{"id":"r\#(position - 1)","title":"t"}"#
        return .line(Data(line.utf8), number: position, source: "-")
    }
}

private func makePipeline(_ steps: [(String, any Transformer, ErrorPolicy?)], onError: ErrorPolicy = .skip) -> PipelineRunner {
    let pipelineSteps = steps.enumerated().map { index, step in
        PipelineStep(name: step.0, options: TransformerOptions([:]), transformer: step.1, onError: step.2,
                     file: "test.yaml", mark: SourceMark(line: 3 + index, column: 5))
    }
    let pipeline = Pipeline(name: "test", onError: onError, steps: pipelineSteps,
                            baseDirectory: URL(fileURLWithPath: "/tmp"), file: "test.yaml")
    return PipelineRunner(pipeline: pipeline, context: RunContext(baseDirectory: URL(fileURLWithPath: "/tmp")))
}

private func lines(_ count: Int, failing: Set<Int> = []) -> [BatchItem] {
    (0..<count).map { i in
        let text = failing.contains(i) ? "{not json" : #"{"id":"r\#(i)","title":null}"#
        return .line(Data(text.utf8), number: i + 1, source: "-")
    }
}

@Suite struct RunnerTests {
    @Test func keepsInputOrderWithManyJobs() {
        let runner = makePipeline([("slow", SlowByID(), nil)])
        var ids: [String] = []
        let summary = runner.run(source: FileListSource(lines(200)), options: BatchOptions(jobs: 4),
                                 render: { $0.id + "|" + ($0.title ?? "") }, emit: { ids.append($0) }, log: { _ in })
        #expect(ids == (0..<200).map { "r\($0)|done r\($0)" })
        #expect(summary.processed == 200 && summary.succeeded == 200 && summary.failed == 0)
        #expect(summary.exitStatus == ExitStatus.success)
    }

    @Test func transformsConcurrentlyAndFinishesOnce() {
        let counters = Counters()
        let runner = makePipeline([("overlap", Overlap(counters: counters), nil)])
        let summary = runner.run(source: FileListSource(lines(64)), options: BatchOptions(jobs: 4),
                                 render: { $0 }, emit: { _ in }, log: { _ in })
        #expect(summary.succeeded == 64)
        #expect(counters.maxRunning > 1)
        #expect(counters.maxRunning <= 4)
        #expect(counters.finishCalls == 1)
    }

    @Test func readsNoFurtherAheadThanTheWindow() {
        let taken = Counters()
        let runner = makePipeline([("slow", SlowByID(), nil)])
        var worstLead = 0
        var emitted = 0
        let options = BatchOptions(jobs: 2, window: 6)
        let summary = runner.run(source: CountingSource(total: 300, taken: taken), options: options, render: { $0.id },
                                 emit: { _ in
                                     taken.lock.lock()
                                     worstLead = max(worstLead, taken.running - emitted)
                                     taken.lock.unlock()
                                     emitted += 1
                                 }, log: { _ in })
        #expect(summary.succeeded == 300)
        // Items read but not yet emitted never exceed the window (plus the one being read).
        #expect(worstLead <= options.window + 1)
    }

    @Test func skipCountsFailuresAndGoesOn() {
        let runner = makePipeline([("fail", FailOn(ids: ["r3", "r7"]), nil)], onError: .skip)
        var ids: [String] = []
        var messages: [String] = []
        let summary = runner.run(source: FileListSource(lines(10, failing: [5])), options: BatchOptions(jobs: 3),
                                 render: { $0.id }, emit: { ids.append($0) }, log: { messages.append($0) })
        #expect(ids == ["r0", "r1", "r2", "r4", "r6", "r8", "r9"])
        #expect(summary.failed == 3 && summary.skipped == 3 && summary.succeeded == 7)
        #expect(summary.exitStatus == ExitStatus.reportFailed)
        #expect(messages == [
            "error: stdin:4: step 'fail' (test.yaml:3:5): cannot handle r3",
            "error: stdin:6: is not valid JSON (starts with '{not json')",
            "error: stdin:8: step 'fail' (test.yaml:3:5): cannot handle r7",
        ])
    }

    @Test func failStopsAtTheFirstFailureInOrder() {
        let runner = makePipeline([("fail", FailOn(ids: ["r20"]), nil)], onError: .fail)
        var ids: [String] = []
        let summary = runner.run(source: FileListSource(lines(100)), options: BatchOptions(jobs: 4),
                                 render: { $0.id }, emit: { ids.append($0) }, log: { _ in })
        #expect(ids == (0..<20).map { "r\($0)" })
        #expect(summary.failed == 1)
        #expect(summary.notRun == 79)
    }

    @Test func stepPolicyOverridesThePipelinesAndDeadLettersToJSONLines() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("failed.jsonl")
        let runner = makePipeline([("ok", FailOn(ids: []), nil), ("picky", FailOn(ids: ["r2"]), .deadLetter(target))],
                                  onError: .fail)
        var ids: [String] = []
        let summary = runner.run(source: FileListSource(lines(5)), options: BatchOptions(jobs: 2),
                                 render: { $0.id }, emit: { ids.append($0) }, log: { _ in })
        #expect(ids == ["r0", "r1", "r3", "r4"])
        #expect(summary.deadLettered == 1 && summary.failed == 1)
        let written = try String(contentsOf: target, encoding: .utf8)
        let records = written.split(separator: "\n")
        #expect(records.count == 1)
        let record = try JSONDecoder().decode([String: String].self, from: Data(records[0].utf8))
        #expect(record["step"] == "picky")
        #expect(record["position"] == "test.yaml:4:5")
        #expect(record["line"] == "3")
        #expect(record["error"] == "cannot handle r2")
        #expect(record["input"] == #"{"id":"r2","title":null}"#)
    }

    @Test func deadLettersFilesToAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let input = folder.appendingPathComponent("in.txt")
        try "A headline\nA body line.\n".write(to: input, atomically: true, encoding: .utf8)
        let dead = folder.appendingPathComponent("dead")
        let runner = makePipeline([("fail", FailOn(ids: ["in"]), nil)], onError: .deadLetter(dead))
        let summary = runner.run(source: FileListSource(paths: [input.path]), options: BatchOptions(jobs: 1),
                                 render: { $0 }, emit: { _ in }, log: { _ in })
        #expect(summary.deadLettered == 1)
        #expect(FileManager.default.contents(atPath: dead.appendingPathComponent("in.txt").path) == (try Data(contentsOf: input)))
        let info = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: dead.appendingPathComponent("in.txt.error.json")))
        #expect(info["step"] == "fail" && info["position"] == "test.yaml:3:5" && info["error"] == "cannot handle in")
    }

    @Test func cancellationStopsCleanlyAndStillFinishes() {
        let counters = Counters()
        let runner = makePipeline([("overlap", Overlap(counters: counters), nil)])
        let options = BatchOptions(jobs: 2)
        var emitted = 0
        let summary = runner.run(source: FileListSource(lines(5000)), options: options, render: { $0.id },
                                 emit: { _ in
                                     emitted += 1
                                     if emitted == 10 { options.cancellation.cancel() }
                                 }, log: { _ in })
        #expect(summary.interrupted)
        #expect(summary.exitStatus == ExitStatus.interrupted)
        #expect(summary.processed == emitted)
        #expect(summary.processed >= 10 && summary.processed < 100)
        #expect(summary.notRun == 5000 - summary.processed)
        #expect(counters.finishCalls == 1)
    }

    @Test func rawOnlyLinesGetABody() throws {
        let line = #"{"id":"x","raw":"Bridge reopens\nThe span was closed.\n"}"#
        let report = try JSONLines.decodeReport(Data(line.utf8), lineNumber: 1)
        #expect(report.body.map(\.text) == ["Bridge reopens", "The span was closed."])
        let unnamed = try JSONLines.decodeReport(Data(#"{"title":"t"}"#.utf8), lineNumber: 12)
        #expect(unnamed.id == "line-12")
        #expect(throws: ReadError.self) { try JSONLines.decodeReport(Data(#"{"id": 3}"#.utf8), lineNumber: 2) }
    }
}

@Suite struct LineReaderTests {
    private func reader(_ bytes: [UInt8], limit: Int = 1 << 20) throws -> LineReader {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try LineReader(path: url.path, maxLineBytes: limit)  // the open descriptor outlives the name
    }

    private func all(_ reader: LineReader) throws -> [String] {
        var out: [String] = []
        while let line = try reader.nextLine() {
            switch line.content {
            case .bytes(let data): out.append("\(line.number):" + String(decoding: data, as: UTF8.self))
            case .tooLong(let size): out.append("\(line.number):too long \(size)")
            }
        }
        return out
    }

    @Test func splitsLinesAcrossChunksAndStripsCarriageReturns() throws {
        let long = String(repeating: "a", count: (1 << 20) + 10)
        let text = "first\r\n\(long)\nlast"
        let lines = try all(reader(Array(text.utf8), limit: 4 << 20))
        #expect(lines.count == 3)
        #expect(lines[0] == "1:first")
        #expect(lines[1] == "2:" + long)
        #expect(lines[2] == "3:last")
    }

    @Test func overLongLinesAreReportedNotHeld() throws {
        let text = "ok\n" + String(repeating: "b", count: 3000) + "\nafter\n" + String(repeating: "c", count: 2500)
        let lines = try all(reader(Array(text.utf8), limit: 1000))
        #expect(lines == ["1:ok", "2:too long 3000", "3:after", "4:too long 2500"])
    }

    @Test func aMissingFileIsAReadError() {
        #expect(throws: ReadError.self) { try LineReader(path: "/nonexistent/reportkit/lines.jsonl") }
    }
}

@Suite struct ShardAndInputTests {
    @Test func shardsSplitEveryItemExactlyOnce() {
        let items = Array(0..<23)
        let parts = (1...4).map { Shard.parse("\($0)/4")!.select(items) }
        #expect(parts.flatMap { $0 }.sorted() == items)
        #expect(parts[1] == [1, 5, 9, 13, 17, 21])
        #expect(Shard.parse("0/4") == nil && Shard.parse("5/4") == nil && Shard.parse("a/b") == nil && Shard.parse("1/0") == nil)
    }

    @Test func walksFoldersSortedWithIncludeAndExclude() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("inputs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        for dir in ["b", "a", "a/out", ".hidden"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        for file in ["b/2.txt", "a/1.txt", "a/1.html", "a/out/3.txt", ".hidden/4.txt", "z.txt"] {
            try "text".write(to: root.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("a/broken.txt").path, withDestinationPath: "/nonexistent/target")
        let names: ([BatchItem]) -> [String] = { items in
            items.map { item in
                if case .file(let path) = item { return String(path.dropFirst(root.path.count + 1)) }
                return "?"
            }
        }
        #expect(names(InputResolver.resolve([root.path], base: root)) ==
                ["a/1.html", "a/1.txt", "a/broken.txt", "a/out/3.txt", "b/2.txt", "z.txt"])
        let filter = InputResolver.Filter(include: ["*.txt"], exclude: ["out", "b/*"])
        #expect(names(InputResolver.resolve(["."], base: root, filter: filter)) == ["a/1.txt", "a/broken.txt", "z.txt"])
        // Globs and folders together: each file once.
        #expect(names(InputResolver.resolve(["a/*.txt", "a"], base: root, filter: filter)) == ["a/1.txt", "a/broken.txt"])
    }

    @Test func readsFileLists() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("list-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let list = root.appendingPathComponent("inputs.txt")
        try "# reports for Monday\none.txt\n\n/abs/two.txt\n  sub/three.txt  \n".write(to: list, atomically: true, encoding: .utf8)
        #expect(try InputResolver.readFileList(list.path) ==
                [root.appendingPathComponent("one.txt").path, "/abs/two.txt", root.appendingPathComponent("sub/three.txt").path])
    }
}

@Suite struct TextReaderScanTests {
    /// The byte scan must give the lines a Character split gives.
    @Test func matchesACharacterSplit() {
        let samples = [
            "Title\nBody one.\r\nBody two.\rBody three.\n\n\n",
            "  \t Indented line \t \n\u{00A0}Non-breaking edges\u{00A0}\n\u{3000}全角空白\u{3000}\n",
            "Café au lait\u{0301}\ne\u{0301}\n\u{2028}\n \u{00A0} \nlast line without break",
            "", "\n\r\n", "one", "\n", "\r", "a\n", "\na", " \n \n",
            String(repeating: "A long line of words. ", count: 200) + "\n\n  second \n" + String(repeating: "é", count: 300),
        ]
        for sample in samples {
            let expected = sample.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                .map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
            #expect(TextReader.blocks(sample).map(\.text) == expected, "\(sample.debugDescription)")
            #expect(TextReader.blocks(sample).allSatisfy { $0.kind == .paragraph })
        }
    }
}
