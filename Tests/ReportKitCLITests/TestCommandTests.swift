import Foundation
import Testing

/// `reportkit test` end to end: YAML cases, inline pipeline tests, diffs with file:line,
/// exit status and the closing count; and exec plugins in the CLI.
@Suite struct TestCommandTests {
    static var redactPlugin: String { CLI.packageRoot.appendingPathComponent("docs/examples/exec-python/redact.py").path }

    func write(_ files: [String: String]) throws -> URL {
        let folder = try CLI.temporaryDirectory()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func failingCasePrintsADiffWithItsLineAndExitsNonZero() throws {
        let folder = try write(["summary_test.yaml": """
            tests:
              - name: keeps the first sentence
                transformer: summarize
                options:
                  sentences: 1
                input: |
                  The council met. It voted.
                expect:
                  fields:
                    summary.sentences.0.text: The council met.
              - name: a wrong expectation
                transformer: summarize
                input: First line.
                expect:
                  text: |
                    First line, changed.
            """])
        let result = try CLI.run(["test", "--no-examples", "summary_test.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL summary_test.yaml:11: a wrong expectation"), "\(result.stdout)")
        #expect(result.stdout.contains("- First line, changed."))
        #expect(result.stdout.contains("+ First line."))
        #expect(!result.stdout.contains("keeps the first sentence"))
        #expect(result.stdout.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test func inlineTestsRunThePipelineAndFoldersAreSearched() throws {
        let folder = try write(["pipes/brief.yaml": """
            name: brief
            steps:
              - summarize:
                  sentences: 2
            tests:
              - name: two sentences
                input: One. Two. Three.
                expect:
                  fields:
                    summary.sentences.count: 2
                  contains: Three.
                  not-contains: Four.
            """, "pipes/notes.yaml": "just: a file without tests\n"])
        let result = try CLI.run(["test", "--no-examples", "-v", "."], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("PASS pipes/brief.yaml:6: two sentences"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("1 passed, 0 failed\n"))
    }

    @Test func aMisspelledKeyIsAPositionedErrorThatFails() throws {
        let folder = try write(["typo_test.yaml": """
            tests:
              - name: typo
                transformer: summarize
                input: Text.
                expcet:
                  contains: Text.
            """])
        let result = try CLI.run(["test", "--no-examples", "typo_test.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("typo_test.yaml:5:5: error: unknown key 'expcet' in a test case"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean 'expect'?"))
        #expect(result.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func builtinSpecExamplesRunAsTests() throws {
        let folder = try CLI.temporaryDirectory()
        let result = try CLI.run(["test", "-v", "--filter", "extract"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("example 'extract: "), "\(result.stdout)")
    }

    @Test func execPluginCasesAndExamplesRunAndNoExecRefusesThem() throws {
        let folder = try write(["redact_test.yaml": """
            plugins:
              redact: [python3, \(Self.redactPlugin)]
            tests:
              - name: masks a word
                transformer: redact
                options:
                  words: [harbor]
                input: The harbor opens.
                expect:
                  text: The [redacted] opens.
                  fields:
                    changes.count: 1
            """])
        let result = try CLI.run(["test", "-v", "--filter", "redact", "redact_test.yaml"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // The case, and the plugin's two spec examples from its describe answer.
        #expect(result.stdout.hasSuffix("3 passed, 0 failed\n"), "\(result.stdout)")
        #expect(result.stdout.contains("example 'redact: masks a name in the body"))

        let refused = try CLI.run(["test", "--no-exec", "--no-examples", "redact_test.yaml"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("redact_test.yaml:2:3: error: this file declares plugins, which run programs; refused because of --no-exec"),
                "\(refused.stderr)")
    }

    @Test func theDocumentedExamplePluginsPassTheirTests() throws {
        let examples = CLI.packageRoot.appendingPathComponent("docs/examples")
        let result = try CLI.run(["test", "-v", "exec-python"], in: examples)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix(" passed, 0 failed\n"), "\(result.stdout)")
        // The pipeline's three inline cases, and both plugins' spec examples from describe.
        #expect(result.stdout.components(separatedBy: "PASS exec-python/redact-brief.yaml:").count - 1 == 3 + 4, "\(result.stdout)")
        #expect(result.stdout.contains("example 'word-count: tags a report under the minimum'"))
        #expect(result.stdout.contains("example 'redact: leaves longer words that merely contain it'"))
    }
}

/// Exec plugins in the other commands: declared plugins show like built-ins; --no-exec refuses.
@Suite struct ExecCLITests {
    func pipeline(_ body: String) throws -> URL {
        let folder = try CLI.temporaryDirectory()
        try body.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func declaredPluginsAppearInListExplainAndSchema() throws {
        let folder = try pipeline("""
            plugins:
              redact: [python3, \(TestCommandTests.redactPlugin)]
            steps:
              - redact:
                  words: [x]
            """)
        let list = try CLI.run(["list", "--pipeline", "p.yaml"], in: folder)
        #expect(list.stdout.contains("redact  ") && list.stdout.contains("Mask chosen words"), "\(list.stdout)\(list.stderr)")
        let explain = try CLI.run(["explain", "redact", "--pipeline", "p.yaml"], in: folder)
        #expect(explain.stdout.contains("words: list of string (required)"), "\(explain.stdout)")
        let schema = try CLI.run(["schema", "--pipeline", "p.yaml"], in: folder)
        #expect(schema.stdout.contains("\"redact\""))
        let validate = try CLI.run(["validate", "p.yaml"], in: folder)
        #expect(validate.status == 0, "\(validate.stderr)")
    }

    @Test func pluginOptionsAreCheckedAgainstItsDescribedSpec() throws {
        let folder = try pipeline("""
            plugins:
              redact: [python3, \(TestCommandTests.redactPlugin)]
            steps:
              - redact:
                  word: [x]
            """)
        let result = try CLI.run(["validate", "p.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("p.yaml:5:7: error: unknown option 'word' for step 'redact'"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean 'words'?"))
    }

    @Test func noExecRefusesExecSteps() throws {
        let folder = try pipeline("""
            steps:
              - exec:
                  command: [python3, \(TestCommandTests.redactPlugin)]
                  with:
                    words: secret
            """)
        #expect(try CLI.run(["validate", "p.yaml"], in: folder).status == 0)
        let refused = try CLI.run(["validate", "--no-exec", "p.yaml"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("p.yaml:2:5: error: step 'exec' runs a program; refused because of --no-exec"), "\(refused.stderr)")
    }

    @Test func aPluginThatCannotDescribeItselfIsAPositionedError() throws {
        let folder = try pipeline("""
            plugins:
              broken:
                command: [sh, -c, "echo not json"]
            steps:
              - broken
            """)
        let result = try CLI.run(["validate", "p.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("p.yaml:3:5: error: plugin 'broken' (sh -c 'echo not json') could not be described: answered with a line that is not JSON: not json"),
                "\(result.stderr)")
    }
}

/// A whole run with a plugin that crashes on one report: that report fails with the plugin's
/// name and the input, the others go through (on-error: skip), and the exit status says so.
@Suite struct ExecRunTests {
    @Test func aCrashFailsOneReportAndTheBatchGoesOn() throws {
        let folder = try CLI.temporaryDirectory()
        let plugin = #"""
        import json, os, sys
        for line in sys.stdin:
            request = json.loads(line)
            if request["type"] == "describe":
                answer = {"type": "describe", "protocol": 1, "name": "fragile", "summary": "Crashes on 'boom'."}
            else:
                report = request["report"]
                if "boom" in report["body"][0]["text"]:
                    sys.stderr.write("segfault, pretend\n"); sys.stderr.flush()
                    os._exit(139)
                report["tags"] = ["seen-by-%d" % os.getpid()]
                answer = {"type": "report", "id": request["id"], "report": report}
            print(json.dumps(answer), flush=True)
        """#
        try plugin.write(to: folder.appendingPathComponent("fragile.py"), atomically: true, encoding: .utf8)
        try """
            input: [a.txt, b.txt, c.txt]
            on-error: skip
            plugins:
              fragile:
                command: [python3, fragile.py]
                stderr: discard
                workers: 1
            steps:
              - fragile
            """.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in [("a.txt", "first report"), ("b.txt", "boom goes this one"), ("c.txt", "third report")] {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        // One job and one child, so the report after the crash must be served by a restarted child.
        let result = try CLI.run(["run", "p.yaml", "--jobs", "1"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("b.txt: step 'fragile'"), "\(result.stderr)")
        #expect(result.stderr.contains("plugin 'fragile' (python3 fragile.py) on report 'b': the plugin exited with status 139 before answering; its last stderr: segfault, pretend"),
                "\(result.stderr)")
        #expect(result.stderr.contains("2 of 3 report(s) done, 1 failed"), "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        // The report after the crash was served by a new child.
        let tags = lines.compactMap { line in line.range(of: "seen-by-[0-9]+", options: .regularExpression).map { String(line[$0]) } }
        #expect(Set(tags).count == 2, "\(tags)")
    }
}

@Suite struct ExecIncludeTests {
    @Test func anIncludedFileBringsItsPluginsWhichRunInItsFolder() throws {
        let folder = try CLI.temporaryDirectory()
        let fragments = folder.appendingPathComponent("fragments")
        try FileManager.default.createDirectory(at: fragments, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("docs/examples/exec-python/redact.py"),
                                         to: fragments.appendingPathComponent("redact.py"))
        try """
            plugins:
              redact: [python3, redact.py]
            steps:
              - redact:
                  words: [secret]
            """.write(to: fragments.appendingPathComponent("mask.yaml"), atomically: true, encoding: .utf8)
        try """
            steps:
              - include: fragments/mask.yaml
            tests:
              - name: the included plugin runs
                input: a secret plan
                expect:
                  text: a [redacted] plan
            """.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["test", "--no-examples", "p.yaml"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("1 passed, 0 failed\n"))
        let refused = try CLI.run(["validate", "--no-exec", "p.yaml"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("fragments/mask.yaml:2:3: error: this pipeline declares plugins"), "\(refused.stderr)")
    }
}

@Suite struct ExecStepTests {
    @Test func theExecStepTypesItsWithOptionsByThePluginsSpec() throws {
        let folder = try CLI.temporaryDirectory()
        try """
            steps:
              - exec:
                  command: [python3, \(TestCommandTests.redactPlugin)]
                  with:
                    words: "[secret, plan]"
                    mask: "###"
            tests:
              - name: both words are masked
                input: a secret plan
                expect:
                  text: "a ### ###"
            """.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["test", "--no-examples", "p.yaml"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")

        try """
            steps:
              - exec:
                  command: [python3, \(TestCommandTests.redactPlugin)]
                  with:
                    wordz: secret
            """.write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["validate", "bad.yaml"], in: folder)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.yaml:5:9: error: unknown option 'wordz' for step 'redact'; help: did you mean 'words'?"), "\(bad.stderr)")
    }
}
