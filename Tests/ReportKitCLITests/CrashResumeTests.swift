import Foundation
import ReportKit
import Testing
@testable import ReportKitCLI

/// A small text report of its own: headline, navigation line, paragraphs with a stray comma.
private func crashReport(_ i: Int) -> String {
    let places = ["Ashford", "Bellmoor", "Corrin", "Dunvale"]
    let place = places[i % places.count]
    return """
    \(place) board number \(i) approves a repair plan

    Home | News | Local | Contact

    The \(place) water board approved plan \(i) on Monday , officials said. Work starts in \(i % 12 + 1) weeks.

    The plan covers \(i * 3 % 97 + 2) streets and a pumping station. Residents may comment until Friday.

    """
}

/// Shared with scripts/crash-resume.sh.
private var crashPipeline: String {
    get throws { try String(contentsOf: CLI.fixtures.appendingPathComponent("crash-resume.yaml"), encoding: .utf8) }
}

/// The outputs and other files in `folder`, without following anything.
private func entries(_ folder: URL) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
}

/// `reportkit run` killed with SIGKILL mid-batch and resumed leaves exactly one complete
/// output per report and no temporary file (the 10,000-report version is scripts/crash-resume.sh).
@Suite struct CrashResumeTests {
    @Test func killedRunsResumeToExactlyOneCompleteOutputPerReport() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 300
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        for i in 0..<count {
            try crashReport(i).write(to: folder.appendingPathComponent(String(format: "in/r%03d.txt", i)), atomically: false, encoding: .utf8)
        }
        let pipeline = folder.appendingPathComponent("p.yaml")
        try crashPipeline.write(to: pipeline, atomically: false, encoding: .utf8)
        let out = folder.appendingPathComponent("out")

        var killedMidRun = 0
        for _ in 0..<2 {
            let before = entries(out).filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.count
            // Kill once a random number of further outputs has appeared.
            let threshold = before + Int.random(in: 1...max(1, (count - before) / 2))
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["run", "--resume", "--quiet", "--jobs", "1", pipeline.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning, Date() < deadline,
                  entries(out).filter({ $0.hasSuffix(".md") && !$0.hasPrefix(".") }).count < threshold {
                usleep(500)
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedMidRun += 1
            }
            process.waitUntilExit()
        }
        #expect(killedMidRun >= 1, "no kill landed while the run was writing")

        let final = try CLI.run(["run", "--resume", "--quiet", pipeline.path])
        #expect(final.status == 0, "\(final.stderr)")
        let names = entries(out)
        let outputs = names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
        #expect(outputs.count == count)
        #expect(names.count == count, "stray files: \(names.filter { !outputs.contains($0) }.prefix(3))")
        for name in outputs {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            guard text.hasPrefix("---\n"), let end = text.range(of: "\n---\n") else {
                Issue.record("\(name) has no front matter")
                continue
            }
            let front = try YAMLLoader.load(String(text[text.index(text.startIndex, offsetBy: 4)..<end.lowerBound]), file: name)
            let number = Int(name.dropFirst().dropLast(3))!
            #expect(front?["title"]?.scalar == "\(["Ashford", "Bellmoor", "Corrin", "Dunvale"][number % 4]) board number \(number) approves a repair plan")
            #expect(text[end.upperBound...].contains("water board approved plan \(number)"))
        }
    }

    @Test func twoProcessesWritingIntoOneFolderEachWriteWholeFiles() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 200
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        for i in 0..<count {
            try crashReport(i).write(to: folder.appendingPathComponent(String(format: "in/r%03d.txt", i)), atomically: false, encoding: .utf8)
        }
        let pipeline = folder.appendingPathComponent("p.yaml")
        try crashPipeline.write(to: pipeline, atomically: false, encoding: .utf8)
        let runs = (0..<2).map { _ -> (Process, Pipe) in
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["run", "--jobs", "2", pipeline.path]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            return (process, errors)
        }
        for (process, _) in runs { try process.run() }
        let logs = runs.map { String(decoding: $0.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        for (process, _) in runs { process.waitUntilExit() }
        // Every report was written by one run; the other was told the file exists.
        let refusals = logs.map { $0.components(separatedBy: "already exists").count - 1 }
        #expect(refusals[0] + refusals[1] == count, "\(logs)")
        let out = folder.appendingPathComponent("out")
        let names = entries(out)
        #expect(names.count == count)
        for name in names {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            let number = Int(name.dropFirst().dropLast(3)) ?? -1
            #expect(text.hasPrefix("---\n") && text.hasSuffix("\n"))
            #expect(text.contains("board number \(number) approves"))
        }
    }

    @Test func batchFilesFollowInputOrderWithTwoJobs() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        let count = 80
        for i in 0..<count {
            try crashReport(i).write(to: folder.appendingPathComponent(String(format: "in/r%03d.txt", i)), atomically: false, encoding: .utf8)
        }
        let pipeline = folder.appendingPathComponent("order.yaml")
        try """
        name: order
        input: in/*.txt
        steps:
          - extract
          - summarize
          - export:
              format: jsonl
              path: all.jsonl
          - export:
              format: csv
              path: all.csv
              columns: [id, title]

        """.write(to: pipeline, atomically: false, encoding: .utf8)
        let result = try CLI.run(["run", "--quiet", "--jobs", "2", pipeline.path])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = (0..<count).map { String(format: "r%03d", $0) }
        let lines = try String(contentsOf: folder.appendingPathComponent("all.jsonl"), encoding: .utf8).split(separator: "\n")
        let ids = try lines.map { try JSONLines.decodeReport(Data($0.utf8), lineNumber: 0).id }
        #expect(ids == expected)
        let csv = try String(contentsOf: folder.appendingPathComponent("all.csv"), encoding: .utf8)
        let csvIDs = csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }
        #expect(csvIDs == expected)

        // Resuming after a complete run keeps both batch files as they are.
        let before = try Data(contentsOf: folder.appendingPathComponent("all.jsonl"))
        let resumed = try CLI.run(["run", "--quiet", "--resume", "--jobs", "2", pipeline.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("all.jsonl")) == before)
    }

    @Test func resumeAndForceTogetherAreAUsageError() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = folder.appendingPathComponent("p.yaml")
        try crashPipeline.write(to: pipeline, atomically: false, encoding: .utf8)
        let result = try CLI.run(["run", "--resume", "--force", pipeline.path])
        #expect(result.status == ExitStatus.usage)
        #expect(result.stderr.contains("--resume keeps the outputs that exist and --force replaces them"))
    }
}
