import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// Paths that must not escape, files that must not be lost, and templates that must not fail silently.
@Suite struct ExportSafetyTests {
    @Test func hostileTitlesStayInsideTheOutputFolder() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let long = String(repeating: "Harbor ", count: 715)  // about 5,000 characters
        let titles = ["../../etc/passwd", "a/b\\c", "..", "line\nbreak", long, "Café Zürich — 北京"]
        let reports = titles.enumerated().map { ExportFixture.report(id: "r\($0.offset)", title: $0.element) }

        let bySlug = try ExportFixture.make(["format": .string("markdown"), "path": .string("out/{{slug}}.md")], base: folder.url)
        let slugged = ExportFixture.run(bySlug, reports, run: RunContext(baseDirectory: folder.url))
        #expect(slugged.errors.isEmpty)
        let written = folder.files()
        #expect(written.count == titles.count)
        #expect(written.allSatisfy { $0.hasPrefix("out/") && $0.split(separator: "/").count == 2 })
        #expect(written.contains("out/etc-passwd.md"))
        #expect(written.contains("out/cafe-zurich-bei-jing.md"))
        #expect(written.allSatisfy { $0.utf8.count <= 4 + 80 + 3 })

        // Raw titles in a path: separators become '-', and what is still unsafe is refused.
        let byTitle = try ExportFixture.make(["format": .string("text"), "path": .string("raw/{{title}}.txt")], base: folder.url)
        let raw = ExportFixture.run(byTitle, reports, run: RunContext(baseDirectory: folder.url))
        #expect(folder.exists("raw/..-..-etc-passwd.txt"))
        #expect(folder.exists("raw/a-b-c.txt"))
        #expect(folder.exists("raw/line break.txt"))
        #expect(raw.errors.count == 1, "only the 5,000-character name is refused: \(raw.errors)")
        #expect(raw.errors.first?.contains("use {{slug}}") == true)

        let byDots = try ExportFixture.make(["format": .string("text"), "path": .string("dots/{{title}}")], base: folder.url)
        let dots = ExportFixture.run(byDots, [reports[2]], run: RunContext(baseDirectory: folder.url))
        #expect(dots.errors.first?.contains("would leave the output folder") == true)
        #expect(!folder.files().contains { $0.hasPrefix("dots") })
    }

    @Test func nulAndEmptyFieldsAreRefused() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        var nul = ExportFixture.report(id: "nul")
        nul.site = "bad\u{0}site"
        var noSite = ExportFixture.report(id: "nosite")
        noSite.site = nil
        let step = try ExportFixture.make(["format": .string("json"), "path": .string("{{site}}/{{id}}.json")], base: folder.url)
        let result = ExportFixture.run(step, [nul, noSite], run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.count == 2)
        #expect(result.errors[0].contains("NUL"))
        #expect(result.errors[1].contains("empty folder or file name"))
        #expect(folder.files().isEmpty)
        #expect(throws: OptionError.self) { try ExportFixture.make(["path": .string("a\u{0}b.md")], base: folder.url) }
    }

    @Test func pathFieldsAreCheckedWhenThePipelineLoads() throws {
        let error = try #require(throws: OptionError.self) {
            try ExportFixture.make(["path": .string("out/{{slugg}}.md")], base: URL(fileURLWithPath: "/tmp"))
        }
        #expect(error.option == "path")
        #expect(error.message.contains("did you mean 'slug'"))
    }

    @Test func twoReportsForOneFileAreReportedNotOverwritten() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let step = try ExportFixture.make(["format": .string("json"), "path": .string("{{slug}}.json"), "overwrite": .boolean(true)], base: folder.url)
        let first = ExportFixture.report(id: "first", title: "Same Title")
        let second = ExportFixture.report(id: "second", title: "Same title!")
        let result = ExportFixture.run(step, [first, second], run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.count == 1)
        #expect(result.errors[0].contains("'first' and 'second' would both be written to"))
        let kept = try JSONDecoder().decode(Report.self, from: Data(try folder.read("same-title.json").utf8))
        #expect(kept.id == "first")
        // A new run may write it again.
        let again = ExportFixture.run(step, [second], run: RunContext(baseDirectory: folder.url))
        #expect(again.errors.isEmpty)
    }

    /// Past a few claims the claimed paths live in a temporary file; a clash found there is still
    /// refused, and names the report that came first.
    @Test func claimsKeptOnDiskStillCatchEveryClash() throws {
        let state = ExportState(claimsInMemory: 4)
        for index in 0 ..< 3_000 { try state.claim("/out/\(index).md", by: "report-\(index)") }
        for index in stride(from: 0, to: 3_000, by: 397) {
            #expect {
                try state.claim("/out/\(index).md", by: "late-\(index)")
            } throws: { error in
                (error as? StepFailure)?.message.contains("'report-\(index)' and 'late-\(index)' would both be written") == true
            }
        }
        try state.claim("/out/3000.md", by: "new")
        // A new run starts with no claims.
        state.reset()
        try state.claim("/out/0.md", by: "again")
    }

    @Test func existingOutputsAreReplacedOnlyWhenAllowed() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        try "keep me".write(to: folder.path("harbor.txt"), atomically: true, encoding: .utf8)
        let plain = try ExportFixture.make(["format": .string("text"), "path": .string("{{id}}.txt")], base: folder.url)
        let refused = ExportFixture.run(plain, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url))
        #expect(refused.errors.first?.contains("already exists") == true)
        #expect(try folder.read("harbor.txt") == "keep me")
        #expect(folder.files() == ["harbor.txt"], "no temporary file left behind")

        let forced = ExportFixture.run(plain, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url, overwrite: true))
        #expect(forced.errors.isEmpty)
        #expect(try folder.read("harbor.txt").hasPrefix("Harbor plan"))

        try "keep me".write(to: folder.path("harbor.txt"), atomically: true, encoding: .utf8)
        let overwriting = try ExportFixture.make(["format": .string("text"), "path": .string("{{id}}.txt"), "overwrite": .boolean(true)], base: folder.url)
        #expect(ExportFixture.run(overwriting, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url)).errors.isEmpty)
        #expect(try folder.read("harbor.txt").hasPrefix("Harbor plan"))

        // Batch files check before the run's work is done, and keep the old file.
        try "old archive\n".write(to: folder.path("all.jsonl"), atomically: true, encoding: .utf8)
        let archive = try ExportFixture.make(["format": .string("jsonl"), "path": .string("all.jsonl")], base: folder.url)
        let batch = ExportFixture.run(archive, [ExportFixture.report(id: "a"), ExportFixture.report(id: "b")], run: RunContext(baseDirectory: folder.url))
        #expect(batch.errors.count == 3, "each report, then the end of the run: \(batch.errors)")
        #expect(batch.errors.last?.contains("all.jsonl was not written") == true)
        #expect(try folder.read("all.jsonl") == "old archive\n")
    }

    @Test func resumeKeepsCompleteOutputs() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        try "done before".write(to: folder.path("harbor.md"), atomically: true, encoding: .utf8)
        let step = try ExportFixture.make(["path": .string("{{id}}.md")], base: folder.url)
        let result = ExportFixture.run(step, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url, resume: true))
        #expect(result.errors.isEmpty)
        #expect(try folder.read("harbor.md") == "done before")
        #expect(result.reports[0].diagnostics.last?.message == "kept existing harbor.md")
    }

    @Test func inputsAreNeverWrittenOver() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let input = folder.path("harbor.md")
        try "the original input".write(to: input, atomically: true, encoding: .utf8)
        let step = try ExportFixture.make(["path": .string("{{id}}.md"), "overwrite": .boolean(true)], base: folder.url)
        let run = RunContext(baseDirectory: folder.url, inputPaths: [input.standardizedFileURL.resolvingSymlinksInPath().path], overwrite: true)
        let result = ExportFixture.run(step, [ExportFixture.report()], run: run)
        #expect(result.errors.first?.contains("it is one of this run's inputs") == true)
        #expect(try folder.read("harbor.md") == "the original input")
    }

    @Test func missingFoldersAreCreatedOrReported() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let create = try ExportFixture.make(["path": .string("a/b/c/{{id}}.md")], base: folder.url)
        #expect(ExportFixture.run(create, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url)).errors.isEmpty)
        #expect(folder.exists("a/b/c/harbor.md"))

        let strict = try ExportFixture.make(["path": .string("missing/{{id}}.md"), "create-folders": .boolean(false)], base: folder.url)
        let result = ExportFixture.run(strict, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.first?.contains("does not exist") == true)

        try "a file".write(to: folder.path("plain"), atomically: true, encoding: .utf8)
        let underFile = try ExportFixture.make(["path": .string("plain/{{id}}.md")], base: folder.url)
        let blocked = ExportFixture.run(underFile, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url))
        #expect(blocked.errors.first?.contains("is a file, not a folder") == true)
    }

    @Test func manyThreadsAtOnce() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let markdown = try ExportFixture.make(["path": .string("md/{{id}}.md")], base: folder.url)
        let archive = try ExportFixture.make(["format": .string("jsonl"), "path": .string("all.jsonl")], base: folder.url)
        let clash = try ExportFixture.make(["format": .string("json"), "path": .string("clash/{{site}}.json")], base: folder.url)
        let run = RunContext(baseDirectory: folder.url)
        let failures = ErrorCounter()
        DispatchQueue.concurrentPerform(iterations: 400) { i in
            var report = ExportFixture.report(id: "r\(i)")
            let context = StepContext(stepName: "export", stepIndex: 0, run: run)
            do {
                try markdown.transform(&report, context: context)
                try archive.transform(&report, context: context)
            } catch {
                failures.add()
            }
            do { try clash.transform(&report, context: context) } catch { failures.addClash() }
        }
        try archive.finish(context: run)
        #expect(failures.counts == (0, 399), "exactly one report wins the shared path")
        #expect(folder.files().filter { $0.hasPrefix("md/") }.count == 400)
        let ids = Set(try folder.read("all.jsonl").split(separator: "\n").map { try JSONDecoder().decode(Report.self, from: Data($0.utf8)).id })
        #expect(ids.count == 400)
        #expect(folder.files().filter { $0.hasPrefix("clash/") } == ["clash/Coastal Daily.json"])
    }

    @Test func unfinishedRunsLeaveNoTemporaryFiles() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        do {
            let archive = try ExportFixture.make(["format": .string("jsonl"), "path": .string("all.jsonl")], base: folder.url)
            var report = ExportFixture.report()
            try archive.transform(&report, context: StepContext(stepName: "export", stepIndex: 0, run: RunContext(baseDirectory: folder.url)))
            #expect(folder.files().count == 1 && folder.files()[0].hasPrefix(".all.jsonl."), "the batch gathers in a hidden file")
            // The run stops here (on-error: fail) and the step is released without finish.
        }
        #expect(folder.files().isEmpty)
    }
}

/// Counts failures from many threads.
final class ErrorCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var errors = 0, clashes = 0
    func add() { lock.withLock { errors += 1 } }
    func addClash() { lock.withLock { clashes += 1 } }
    var counts: (Int, Int) { lock.withLock { (errors, clashes) } }
}
