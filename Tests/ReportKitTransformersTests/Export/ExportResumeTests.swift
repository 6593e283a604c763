import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// A step that sleeps longer for earlier reports, so parallel workers finish out of order.
private struct LaterFirst: Transformer {
    func transform(_ report: inout Report, context: StepContext) throws {
        let n = Int(report.id.dropFirst(1)) ?? 0
        usleep(useconds_t((5 - n % 5) * 400))
    }
}

/// Resume, stale temporary files, batch order, symlinks and concurrent runs.
@Suite struct ExportResumeTests {
    static func reports(_ count: Int) -> [Report] {
        (0..<count).map { i in
            var r = Report(id: "r\(i)", title: "Report number \(i)")
            r.body = [Block(.paragraph, "Paragraph of report \(i).")]
            return r
        }
    }

    /// Runs `reports` through `step`, giving each its position in `order` as its report index.
    static func runIndexed(_ step: ExportTransformer, _ reports: [Report], order: [Int], run: RunContext) -> [String] {
        var errors: [String] = []
        for i in order {
            var report = reports[i]
            do {
                try step.transform(&report, context: StepContext(stepName: "export", stepIndex: 0, run: run, reportIndex: i))
            } catch {
                errors.append("\(error)")
            }
        }
        do { try step.finish(context: run) } catch { errors.append("\(error)") }
        return errors
    }

    @Test func batchFilesAreInInputOrderWhateverOrderReportsArriveIn() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let reports = Self.reports(40)
        var order = Array(0..<40)
        var generator = SystemRandomNumberGenerator()
        order.shuffle(using: &generator)
        order.swapAt(0, order.firstIndex(of: 39)!)  // surely out of order
        let jsonl = try ExportFixture.make(["format": .string("jsonl"), "path": .string("all.jsonl")], base: folder.url)
        let csv = try ExportFixture.make(["format": .string("csv"), "path": .string("all.csv"),
                                          "columns": .list([.string("id")])], base: folder.url)
        let run = RunContext(baseDirectory: folder.url)
        #expect(Self.runIndexed(jsonl, reports, order: order, run: run).isEmpty)
        #expect(Self.runIndexed(csv, reports, order: order, run: run).isEmpty)

        let ids = try folder.read("all.jsonl").split(separator: "\n").map { line in
            try JSONLines.decodeReport(Data(line.utf8), lineNumber: 0).id
        }
        #expect(ids == reports.map(\.id))
        let rows = try CSVReader.rows(folder.read("all.csv"))
        #expect(rows == [["id"]] + reports.map { [$0.id] })
        #expect(folder.files() == ["all.csv", "all.jsonl"], "the unsorted temporary files are gone")
    }

    @Test func parallelRunnerWritesBatchRowsInInputOrder() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let export = try ExportFixture.make(["format": .string("jsonl"), "path": .string("all.jsonl")], base: folder.url)
        let named: [(String, any Transformer)] = [("slow", LaterFirst()), ("export", export)]
        let steps = named.enumerated().map { index, step in
            PipelineStep(name: step.0, options: TransformerOptions([:]), transformer: step.1,
                         file: "test.yaml", mark: SourceMark(line: 3 + index, column: 5))
        }
        let pipeline = Pipeline(name: "order", onError: .skip, steps: steps, baseDirectory: folder.url, file: "test.yaml")
        let runner = PipelineRunner(pipeline: pipeline, context: RunContext(baseDirectory: folder.url))
        let lines: [BatchItem] = (0..<120).map { i in
            .line(Data(#"{"id":"r\#(i)","title":"T\#(i)"}"#.utf8), number: i + 1, source: "-")
        }
        let summary = runner.run(source: FileListSource(lines), options: BatchOptions(jobs: 2),
                                 render: { _ in () }, emit: { _ in }, log: { _ in })
        #expect(summary.succeeded == 120)
        let ids = try folder.read("all.jsonl").split(separator: "\n").map { line in
            try JSONLines.decodeReport(Data(line.utf8), lineNumber: 0).id
        }
        #expect(ids == (0..<120).map { "r\($0)" })
    }

    @Test func resumeKeepsExistingOutputsAndWritesTheRest() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let reports = Self.reports(3)
        try FileManager.default.createDirectory(at: folder.path("out"), withIntermediateDirectories: true)
        try "earlier run\n".write(to: folder.path("out/r1.md"), atomically: false, encoding: .utf8)
        let step = try ExportFixture.make(["format": .string("markdown"), "path": .string("out/{{id}}.md")], base: folder.url)
        let result = ExportFixture.run(step, reports, run: RunContext(baseDirectory: folder.url, resume: true))
        #expect(result.errors.isEmpty)
        #expect(try folder.read("out/r1.md") == "earlier run\n")
        #expect(try folder.read("out/r0.md").hasPrefix("---\n"))
        #expect(result.reports[1].diagnostics.last?.message == "kept existing out/r1.md")
        #expect(result.reports[2].diagnostics.last?.message == "wrote out/r2.md")

        // Without resume, the same existing file is an error, not a silent skip.
        let again = try ExportFixture.make(["format": .string("markdown"), "path": .string("out/{{id}}.md")], base: folder.url)
        let plain = ExportFixture.run(again, [reports[1]], run: RunContext(baseDirectory: folder.url))
        #expect(plain.errors.first?.contains("already exists") == true)
    }

    @Test func staleTemporaryFilesOfDeadProcessesAreRemovedAndLiveOnesKept() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let out = folder.path("sweep")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // A PID that surely belongs to no process: one of a child that has exited.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let deadPID = child.processIdentifier
        let livePID = getppid()
        let dead = ".r7.md.reportkit-\(deadPID)-12345.tmp"
        let live = ".r8.md.reportkit-\(livePID)-678.tmp"
        let unrelated = ".notes.tmp"
        for name in [dead, live, unrelated] {
            try "partial".write(to: out.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        // This PID's file from before this process started (a previous holder of the PID).
        let mine = ".r9.md.reportkit-\(getpid())-1.tmp"
        try "partial".write(to: out.appendingPathComponent(mine), atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: SafeFile.processStart.addingTimeInterval(-60)],
                                              ofItemAtPath: out.appendingPathComponent(mine).path)

        let step = try ExportFixture.make(["format": .string("markdown"), "path": .string("sweep/{{id}}.md")], base: folder.url)
        let result = ExportFixture.run(step, Self.reports(1), run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.isEmpty)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        #expect(left == ["r0.md", live, unrelated])
    }

    @Test func temporaryNamesAreParsedStrictly() {
        #expect(SafeFile.temporaryOwner(".a.md.reportkit-123-456.tmp") == 123)
        #expect(SafeFile.temporaryOwner(".a.reportkit-x.md.reportkit-77-1.tmp") == 77)
        #expect(SafeFile.temporaryOwner("a.md.reportkit-123-456.tmp") == nil)
        #expect(SafeFile.temporaryOwner(".a.md.reportkit-123.tmp") == nil)
        #expect(SafeFile.temporaryOwner(".a.md.reportkit--1-2.tmp") == nil)
        #expect(SafeFile.temporaryOwner(".a.md.reportkit-12-3x.tmp") == nil)
    }

    @Test func symlinksLeadingOutOfTheOutputFolderAreRefused() throws {
        let folder = try ScratchFolder()
        let outside = try ScratchFolder()
        defer { folder.cleanUp(); outside.cleanUp() }
        let fm = FileManager.default
        try fm.createDirectory(at: folder.path("out/inner"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: folder.path("out/away").path, withDestinationPath: outside.url.path)
        try fm.createSymbolicLink(atPath: folder.path("out/here").path, withDestinationPath: folder.path("out/inner").path)
        try "secret\n".write(to: outside.path("victim.md"), atomically: false, encoding: .utf8)
        try fm.createSymbolicLink(atPath: folder.path("out/inner/r2.md").path, withDestinationPath: outside.path("victim.md").path)

        var viaFolder = Report(id: "r0", title: "A"); viaFolder.site = "away"
        var inside = Report(id: "r1", title: "B"); inside.site = "here"
        var viaFile = Report(id: "r2", title: "C"); viaFile.site = "inner"
        let step = try ExportFixture.make(["format": .string("markdown"), "path": .string("out/{{site}}/{{id}}.md"),
                                           "overwrite": .boolean(true)], base: folder.url)
        let result = ExportFixture.run(step, [viaFolder, inside, viaFile], run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.count == 2, "\(result.errors)")
        #expect(result.errors.allSatisfy { $0.contains("symbolic link") && $0.contains("outside the output folder") })
        #expect(outside.files() == ["victim.md"])
        #expect(try outside.read("victim.md") == "secret\n")
        #expect(folder.exists("out/inner/r1.md"), "a link that stays inside the output folder is fine")
    }

    @Test func twoRunsWritingIntoOneFolderDoNotCorruptEachOther() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let reports = Self.reports(300)
        let first = try ExportFixture.make(["format": .string("markdown"), "path": .string("out/{{id}}.md")], base: folder.url)
        let second = try ExportFixture.make(["format": .string("markdown"), "path": .string("out/{{id}}.md")], base: folder.url)
        // One slot per run: writing one shared array from both threads would itself be a race.
        let errors = [ErrorSlot(), ErrorSlot()]
        let group = DispatchGroup()
        for (n, step) in [first, second].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                errors[n].value = ExportFixture.run(step, n == 0 ? reports : reports.reversed(), run: RunContext(baseDirectory: folder.url)).errors
                group.leave()
            }
        }
        group.wait()
        // Each file was written by exactly one run; the other was told it exists.
        #expect(errors[0].value.count + errors[1].value.count == 300)
        #expect((errors[0].value + errors[1].value).allSatisfy { $0.contains("already exists") })
        let files = folder.files()
        #expect(files.count == 300)
        for i in 0..<300 {
            let text = try folder.read("out/r\(i).md")
            let parts = try #require(FrontMatter.split(text))
            #expect(parts.yaml.contains("Report number \(i)"))
            #expect(parts.body.contains("Paragraph of report \(i)."))
        }
    }
}

/// One thread's result, read after the group is waited for.
private final class ErrorSlot: @unchecked Sendable {
    var value: [String] = []
}

/// A batch file's rows are put back in input order from their recorded places (spilled to disk
/// past a few hundred rows), through a small heap when rows arrive near their place, and by a
/// full sort when one arrives farther out than the heap holds.
@Suite struct GatheredBatchOrderTests {
    private func gather(arrivalOrder: [Int], window: Int) throws -> [String] {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let destination = folder.path("all.txt").path
        let policy = SafeFile.Policy(replace: false, sync: false, createFolders: false)
        let file = try SafeFile.openTemporary(beside: destination, policy: policy)
        try file.append(Array("header\n".utf8))
        var batch = GatheredBatch(file: file, headerBytes: file.size)
        for (arrival, order) in arrivalOrder.enumerated() {
            let line = Array("row \(order)\n".utf8)
            let offset = file.size
            try file.append(line)
            try batch.add(GatheredBatch.Row(order: order, arrival: arrival, offset: offset, length: line.count))
        }
        try batch.commitInOrder(policy: policy, window: window)
        #expect(folder.files() == ["all.txt"], "no temporary file is left")
        return try folder.read("all.txt").split(separator: "\n").map(String.init)
    }

    @Test(arguments: [4, 10_000]) func rowsComeOutInInputOrder(window: Int) throws {
        let count = 2_000
        let expected = ["header"] + (0 ..< count).map { "row \($0)" }
        // Each row at most three places from its own: the heap's case.
        var near = Array(0 ..< count)
        for start in stride(from: 0, to: count - 3, by: 4) { near[start ... start + 3].reverse() }
        #expect(try gather(arrivalOrder: near, window: window) == expected)
        // Shuffled: past a window of 4, the full sort's case.
        var generator = SystemRandomNumberGenerator()
        #expect(try gather(arrivalOrder: Array(0 ..< count).shuffled(using: &generator), window: window) == expected)
    }
}
