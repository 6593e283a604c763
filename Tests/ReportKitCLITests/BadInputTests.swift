import Foundation
import Testing

/// Bad input gets a clear message and the documented exit code, and never a crash.
@Suite struct BadInputTests {
    let dir: URL
    init() throws { dir = try CLI.temporaryDirectory() }

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func yamlSyntaxErrorIsPositioned() throws {
        let p = try write("syntax.yaml", "steps:\n  - extract: [navigation\n  - summarize\n")
        let result = try CLI.run(["validate", p])
        #expect(result.status == 2)
        #expect(result.stderr.contains("syntax.yaml:"))
        #expect(result.stderr.range(of: #"syntax\.yaml:\d+:\d+: error: "#, options: .regularExpression) != nil)
    }

    @Test func tabIndentGetsAHint() throws {
        let p = try write("tab.yaml", "steps:\n\t- extract\n")
        let result = try CLI.run(["validate", p])
        #expect(result.status == 2)
        #expect(result.stderr.contains("tab.yaml:2:1: error:"))
        #expect(result.stderr.contains("tabs"))
    }

    @Test func aliasBombIsRefused() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        text += "steps: [extract]\n"
        let p = try write("bomb.yaml", text)
        let result = try CLI.run(["validate", p])
        #expect(result.status == 2)
        #expect(result.stderr.contains("aliases expand to more than"))
    }

    @Test func pipelineThatIsAScalarOrAList() throws {
        let scalar = try CLI.run(["validate", try write("scalar.yaml", "hello\n")])
        #expect(scalar.status == 2)
        #expect(scalar.stderr.contains("scalar.yaml:1:1: error: a pipeline is a mapping"))
        let list = try CLI.run(["validate", try write("list.yaml", "- extract\n")])
        #expect(list.status == 2)
        #expect(list.stderr.contains("list.yaml:1:1: error: a pipeline is a mapping"))
    }

    @Test func missingPipelineAndDirectoryAndEmptyFile() throws {
        let missing = try CLI.run(["run", dir.appendingPathComponent("nope.yaml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.yaml: error: no such file"))
        let directory = try CLI.run(["validate", dir.path])
        #expect(directory.status == 2)
        #expect(directory.stderr.contains("is a directory"))
        let empty = try CLI.run(["validate", try write("empty.yaml", "")])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("is empty"))
    }

    @Test func missingInputIsAPipelineError() throws {
        let p = try write("missing-input.yaml", "input: reports/*.txt\nsteps: [extract]\n")
        let result = try CLI.run(["run", p])
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing-input.yaml:1:8: error: no file matches input 'reports/*.txt'"))
    }

    @Test func inputProblemsFailThatReportOnly() throws {
        let p = try write("skip.yaml", "on-error: skip\nsteps: [extract]\n")
        let good = try write("good.txt", "Headline\nBody line.\n")
        let empty = try write("empty.txt", "")
        let binary = dir.appendingPathComponent("binary.txt")
        try Data([0x00, 0x01, 0x02, 0xFF, 0x00]).write(to: binary)
        let folder = dir.appendingPathComponent("folder-input")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try CLI.run(["run", p, empty, binary.path, good, dir.appendingPathComponent("absent.txt").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("empty.txt: is empty"))
        #expect(result.stderr.contains("binary.txt: looks like a binary file"))
        #expect(result.stdout.split(separator: "\n").count == 1, "the good report still comes out")
    }

    @Test func invalidUTF8IsReplacedWithAWarning() throws {
        let p = try write("plain.yaml", "steps: [extract]\n")
        let latin1 = dir.appendingPathComponent("latin1.txt")
        try Data("Caf".utf8 + [0xE9] + Data(" opens\nA body line.\n".utf8)).write(to: latin1)
        let result = try CLI.run(["run", p, latin1.path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("not valid UTF-8"))
        #expect(result.stdout.contains("Caf\u{FFFD} opens"))
    }

    @Test func exportNeverOverwritesAnInput() throws {
        let input = try write("victim.md", "Victim\nThe only copy of this text.\n")
        let p = try write("clobber.yaml", "steps:\n  - export:\n      format: markdown\n      path: victim.md\n")
        let result = try CLI.run(["run", p, input, "--force"])
        #expect(result.status == 1)
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "Victim\nThe only copy of this text.\n")
    }

    @Test func badSetSyntaxIsAUsageError() throws {
        let p = try write("set.yaml", "steps: [summarize]\n")
        let result = try CLI.run(["run", p, "-", "--set", "sentences=3"], stdin: "x")
        #expect(result.status == 2)
        #expect(result.stderr.contains("step.option=value"))
    }
}
