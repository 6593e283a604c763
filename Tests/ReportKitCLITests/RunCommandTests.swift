import Foundation
import ReportKit
import Testing
@testable import ReportKitCLI

/// A pipeline without an export step, so reports come out on standard output.
private let streamPipeline = """
name: stream
on-error: skip
steps:
  - extract
  - summarize:
      sentences: 1

"""

private func report(_ i: Int) -> String {
    let raw = "Ferry line \(i) adds a night crossing\\nThe harbor board approved the schedule on Tuesday. Crews start next month.\\nNext Weather for the weekend"
    return #"{"id":"r\#(i)","raw":"\#(raw)"}"#
}

private func ids(_ stdout: String) throws -> [String] {
    try stdout.split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return object?["id"] as? String ?? "?"
    }
}

private func writePipeline(_ text: String, in folder: URL, name: String = "p.yaml") throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// Runs the CLI in `folder` with `stdinText` on standard input.
private func run(_ arguments: [String], stdinText: String, in folder: URL) throws -> CLIResult {
    try CLI.run(arguments, stdin: stdinText, in: folder)
}

@Suite struct RunCommandTests {
    @Test func jsonlKeepsEveryLineInOrder() throws {
        let folder = try CLI.temporaryDirectory()
        let pipeline = try writePipeline(streamPipeline, in: folder)
        let count = 3000
        let input = (0..<count).map(report).joined(separator: "\n") + "\n"
        let result = try run(["run", pipeline, "--jsonl", "--jobs", "2"], stdinText: input, in: folder)
        #expect(result.status == 0)
        #expect(try ids(result.stdout) == (0..<count).map { "r\($0)" })
        #expect(result.stderr.contains("stream: 3000 of 3000 report(s) done"))
        // extract ran on the raw text of each line: title from the first line, navigation dropped.
        let first = try JSONSerialization.jsonObject(with: Data(result.stdout.split(separator: "\n")[0].utf8)) as? [String: Any]
        #expect(first?["title"] as? String == "Ferry line 0 adds a night crossing")
    }

    /// A run that prints its reports prints every part of them, even when an export after
    /// the analysis shows none of those parts (the export alone would let them be left out).
    @Test func streamedReportsKeepThePartsTheExportDoesNotShow() throws {
        let folder = try CLI.temporaryDirectory()
        let pipeline = try writePipeline("""
        name: brief
        steps:
          - extract
          - translate-fixups
          - summarize
          - export: {format: markdown, path: "briefs/{{slug}}.md"}

        """, in: folder)
        let raw = "Harbor board approves a new ferry dock\\n\\u201cThe dock will open next spring,\\u201d said Mara Lindqvist, the chair of the board.\\nMara Lindqvist said the dock would serve the eastern islands . The ferry service adds two boats."
        let result = try run(["run", pipeline, "--jsonl", "--quiet"], stdinText: #"{"id":"dock","raw":"\#(raw)"}"# + "\n", in: folder)
        #expect(result.status == 0)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((line["entities"] as? [Any])?.isEmpty == false)
        #expect((line["quotes"] as? [Any])?.isEmpty == false)
        #expect(((line["summary"] as? [String: Any])?["keywords"] as? [Any])?.isEmpty == false)
        #expect((line["changes"] as? [Any])?.isEmpty == false)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("briefs/harbor-board-approves-a-new-ferry-dock.md").path))
    }

    @Test func aLineThatIsNotJSONFailsAloneWithItsNumber() throws {
        let folder = try CLI.temporaryDirectory()
        let dead = folder.appendingPathComponent("failed.jsonl").path
        let pipeline = try writePipeline(streamPipeline.replacingOccurrences(of: "on-error: skip", with: "on-error:\n  dead-letter: \(dead)"), in: folder)
        var lines = (0..<6).map(report)
        lines[3] = "{\"id\": \"r3\", oops"
        let result = try run(["run", pipeline, "--jsonl"], stdinText: lines.joined(separator: "\n"), in: folder)
        #expect(result.status == 1)
        #expect(try ids(result.stdout) == ["r0", "r1", "r2", "r4", "r5"])
        #expect(result.stderr.contains("error: stdin:4: is not valid JSON"))
        #expect(result.stderr.contains("1 failed (1 dead-lettered)"))
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dead))) as? [String: String]
        #expect(record?["line"] == "4")
        #expect(record?["input"] == "{\"id\": \"r3\", oops")
    }

    @Test func aHundredMegabyteLineGoesThrough() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = try writePipeline(streamPipeline, in: folder)
        let big = String(repeating: "0123456789", count: 10_000_000)
        let input = report(0) + "\n" + #"{"id":"big","title":"Big","metadata":{"blob":""# + big + "\"}}\n" + report(2) + "\n"
        let result = try run(["run", pipeline, "--jsonl", "--quiet"], stdinText: input, in: folder)
        #expect(result.status == 0)
        let out = result.stdout.split(separator: "\n")
        #expect(out.count == 3)
        #expect(try ids(result.stdout) == ["r0", "big", "r2"])
        #expect(out[1].utf8.count > 100_000_000)
    }

    @Test func sharding() throws {
        let folder = try CLI.temporaryDirectory()
        let pipeline = try writePipeline(streamPipeline, in: folder)
        let input = (0..<10).map(report).joined(separator: "\n")
        let one = try run(["run", pipeline, "--jsonl", "--shard", "1/3", "-q"], stdinText: input, in: folder)
        let three = try run(["run", pipeline, "--jsonl", "--shard", "3/3", "-q"], stdinText: input, in: folder)
        #expect(try ids(one.stdout) == ["r0", "r3", "r6", "r9"])
        #expect(try ids(three.stdout) == ["r2", "r5", "r8"])
        let bad = try run(["run", pipeline, "--jsonl", "--shard", "4/3"], stdinText: input, in: folder)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--shard takes K/N"))
        let jobs = try run(["run", pipeline, "--jsonl", "--jobs", "0"], stdinText: input, in: folder)
        #expect(jobs.status == 2)
    }

    @Test func folderBatchWithExportDeadLettersAndAnUnreadableFile() throws {
        let folder = try CLI.temporaryDirectory()
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent("old"), withIntermediateDirectories: true)
        for i in 0..<12 {
            try "Council report \(i)\nThe council met on Monday. It approved a budget.\n"
                .write(to: inputs.appendingPathComponent(String(format: "r%02d.txt", i)), atomically: true, encoding: .utf8)
        }
        try "Old report\nKept out by --exclude.\n".write(to: inputs.appendingPathComponent("old/r99.txt"), atomically: true, encoding: .utf8)
        try "skip me".write(to: inputs.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: inputs.appendingPathComponent("r50.txt").path, withDestinationPath: "/nonexistent/reportkit")
        let pipeline = try writePipeline("""
            name: brief
            on-error: dead-letter
            steps:
              - extract
              - export:
                  format: json
                  path: out/{{slug}}.json

            """, in: folder)
        let result = try CLI.run(["run", pipeline, "in", "--include", "*.txt", "--exclude", "old", "--jobs", "3",
                                  "--progress-interval", "0.001"], in: folder)
        #expect(result.status == 1)
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(written.count == 12)
        #expect(result.stderr.contains("in/r50.txt: no such file"))
        #expect(result.stderr.contains("brief: 12 of 13 report(s) done, 1 failed (1 dead-lettered)"))
        #expect(result.stdout.isEmpty)  // an export step writes the reports
        let dead = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("dead-letter").path)
        #expect(dead == ["r50.txt.error.json"])
        // Standard error is not a terminal here: plain progress lines, no escape codes.
        #expect(!result.stderr.contains("\u{1B}["))

        let quiet = try CLI.run(["run", pipeline, "in/r01.txt", "--quiet", "--force"], in: folder)
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
    }

    @Test func filesFromAListWithAMissingEntry() throws {
        let folder = try CLI.temporaryDirectory()
        let pipeline = try writePipeline(streamPipeline, in: folder)
        for name in ["a", "b"] {
            try "Report \(name)\nThe port reopened on Sunday.\n".write(to: folder.appendingPathComponent("\(name).txt"), atomically: true, encoding: .utf8)
        }
        try "# today\nb.txt\nmissing.txt\na.txt\n".write(to: folder.appendingPathComponent("list.txt"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", pipeline, "--files-from", "list.txt", "--jobs", "2"], in: folder)
        #expect(result.status == 1)
        #expect(try ids(result.stdout) == ["b", "a"])  // list order, not sorted
        #expect(result.stderr.contains("missing.txt: no such file"))
        #expect(result.stderr.contains("stream: 2 of 3 report(s) done, 1 failed (1 skipped)"))
    }

    /// The batch's bookkeeping (paths seen, input paths, claimed outputs) gives the same
    /// answers held in memory and moved to temporary files (`REPORTKIT_SPILL_ENTRIES=2`).
    @Test(arguments: [nil, "2"]) func folderBatchSafetyHoldsWhenBookkeepingSpills(entries: String?) throws {
        let folder = try CLI.temporaryDirectory()
        let environment = entries.map { ["REPORTKIT_SPILL_ENTRIES": $0] } ?? [:]
        for (sub, range) in [("a", 0 ..< 20), ("b", 20 ..< 40)] {
            let dir = folder.appendingPathComponent("in/" + sub)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for i in range {
                try "Ferry notice \(i % 10)\nThe ferry left at dawn on day \(i).\n"
                    .write(to: dir.appendingPathComponent(String(format: "r%02d.txt", i)), atomically: true, encoding: .utf8)
            }
        }
        let originals = try (0 ..< 20).map { try String(contentsOf: folder.appendingPathComponent(String(format: "in/a/r%02d.txt", $0)), encoding: .utf8) }

        // Each report of in/a would replace its own input, even with --force; in/b's are new files.
        let overInputs = try writePipeline("""
            name: over
            on-error: skip
            steps:
              - extract
              - export:
                  format: text
                  path: in/a/{{id}}.txt

            """, in: folder, name: "over.yaml")
        let first = try CLI.run(["run", overInputs, "in", "in/a", "--force", "--jobs", "2", "--quiet"], in: folder, environment: environment)
        #expect(first.status == 1)
        #expect(first.stderr.components(separatedBy: "it is one of this run's inputs").count - 1 == 20)
        let after = try (0 ..< 20).map { try String(contentsOf: folder.appendingPathComponent(String(format: "in/a/r%02d.txt", $0)), encoding: .utf8) }
        #expect(after == originals)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("in/a/r39.txt").path))

        // Twenty reports (each once, though named three times), ten titles: ten files, ten
        // refusals, each naming both reports. (in/a now also holds the first run's r20–r39.)
        let byTitle = try writePipeline("""
            name: titles
            on-error: skip
            steps:
              - extract
              - export:
                  format: json
                  path: out/{{slug}}.json

            """, in: folder, name: "titles.yaml")
        let second = try CLI.run(["run", byTitle, "in/a", "in/a/r05.txt", "in/a", "--exclude", "r[23]?.txt", "--jobs", "2"], in: folder, environment: environment)
        #expect(second.status == 1)
        #expect(second.stderr.contains("titles: 10 of 20 report(s) done, 10 failed"))
        #expect(second.stderr.components(separatedBy: "would both be written to").count - 1 == 10)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).count == 10)
    }

    /// A TMPDIR that cannot take files does not sink a batch whose bookkeeping spills: the
    /// next temporary folder takes it. A file list that is a folder is named in the error.
    @Test func spillingOutlivesABadTMPDIRAndFileListsAreNamed() throws {
        let folder = try CLI.temporaryDirectory()
        let pipeline = try writePipeline(streamPipeline, in: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        for i in 0 ..< 30 {
            try "Report \(i)\nThe port reopened on day \(i).\n"
                .write(to: folder.appendingPathComponent(String(format: "in/r%02d.txt", i)), atomically: true, encoding: .utf8)
        }
        let result = try CLI.run(["run", pipeline, "in", "--jobs", "2"], in: folder,
                                 environment: ["TMPDIR": "/nonexistent/reportkit", "REPORTKIT_SPILL_ENTRIES": "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ids(result.stdout) == (0 ..< 30).map { String(format: "r%02d", $0) })

        let listIsAFolder = try CLI.run(["run", pipeline, "--files-from", "in"], in: folder)
        #expect(listIsAFolder.status == 2)
        #expect(listIsAFolder.stderr.contains("in: the file list cannot be read"))
    }

    @Test func plainProgressLinesWhenNotATerminal() throws {
        let folder = try CLI.temporaryDirectory()
        let pipeline = try writePipeline(streamPipeline, in: folder)
        let input = (0..<20000).map(report).joined(separator: "\n")
        let result = try run(["run", pipeline, "--jsonl", "--progress-interval", "0.0001", "--jobs", "1"], stdinText: input, in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.contains("progress: "))
        #expect(result.stderr.contains("reports/s"))
    }

    @Test func closedOutputPipeEndsQuietly() throws {
        let folder = try CLI.temporaryDirectory()
        let pipeline = try writePipeline(streamPipeline, in: folder)
        let inputFile = folder.appendingPathComponent("in.jsonl")
        try ((0..<20000).map(report).joined(separator: "\n")).write(to: inputFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["run", pipeline, "--jsonl", inputFile.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let firstChunk = out.fileHandleForReading.availableData
        #expect(!firstChunk.isEmpty)
        try out.fileHandleForReading.close()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 141)
        #expect(stderr.isEmpty)
    }

    @Test func sigintStopsCleanlyAfterTheLinesInFlight() throws {
        let folder = try CLI.temporaryDirectory()
        let pipeline = try writePipeline(streamPipeline, in: folder)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["run", pipeline, "--jsonl"]
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Fifty lines, and the stream stays open: the output must come as lines are done.
        input.fileHandleForWriting.write(Data(((0..<50).map(report).joined(separator: "\n") + "\n").utf8))
        var received = Data()
        let deadline = Date().addingTimeInterval(60)
        while received.filter({ $0 == 0x0A }).count < 50, Date() < deadline {
            received.append(out.fileHandleForReading.availableData)
        }
        #expect(received.filter { $0 == 0x0A }.count == 50)
        process.interrupt()
        received.append(out.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130)
        #expect(stderr.contains("interrupted: stream: 50 of 50 report(s) done"))
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.hasSuffix("\n"))
        #expect(try ids(text) == (0..<50).map { "r\($0)" })
        try? input.fileHandleForWriting.close()
    }

    /// `script` gives the run a terminal for standard error, as a user at a shell has.
    @Test func barOnATerminalHonorsNoColor() throws {
        let folder = try CLI.temporaryDirectory()
        let pipeline = try writePipeline(streamPipeline, in: folder)
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for i in 0..<300 {
            try "Report \(i)\nThe board met on Friday. It agreed on a date.\n"
                .write(to: inputs.appendingPathComponent("r\(i).txt"), atomically: true, encoding: .utf8)
        }
        func onTerminal(_ environment: String) throws -> String {
            let command = "\(environment) '\(CLI.executable.path)' run '\(pipeline)' '\(inputs.path)' > '\(folder.path)/out.jsonl'"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            process.standardInput = FileHandle.nullDevice
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return String(decoding: data, as: UTF8.self)
        }
        let colored = try onTerminal("env -u NO_COLOR TERM=xterm")
        #expect(colored.contains("\r"))
        #expect(colored.contains("/300 reports ("))
        #expect(colored.contains("\u{1B}[32m"))
        #expect(colored.contains("stream: 300 of 300 report(s) done"))
        #expect(!colored.contains("progress: "))  // a bar, not plain lines
        let plain = try onTerminal("env NO_COLOR=1 TERM=xterm")
        #expect(plain.contains("/300 reports ("))
        #expect(!plain.contains("\u{1B}[32m"))
    }

    @Test func progressFormatting() {
        let p = BatchProgressSample.make(processed: 250, expected: 1000, bytes: 5_000_000, elapsed: 2)
        #expect(ProgressDisplay.status(p) == "250/1000 reports (25%), 125.0 reports/s, 2.5 MB/s, ETA 0:06")
        #expect(ProgressDisplay.barLine(p, color: false).hasPrefix("██████░░░░░░░░░░░░░░░░░░ 250/1000"))
        #expect(ProgressDisplay.barLine(p, color: true).contains("\u{1B}[32m"))
        #expect(ProgressDisplay.colorAllowed(["NO_COLOR": "1"]) == false)
        #expect(ProgressDisplay.colorAllowed([:]) == true)
        #expect(ProgressDisplay.duration(3725) == "1:02:05")
        #expect(ProgressDisplay(mode: .bar, color: ProgressDisplay.colorAllowed(["NO_COLOR": "1"])).color == false)
    }
}

enum BatchProgressSample {
    static func make(processed: Int, expected: Int?, bytes: Int, elapsed: Double) -> BatchProgress {
        BatchProgress(processed: processed, failed: 0, expected: expected, bytes: bytes, elapsed: elapsed, isFinal: false)
    }
}
