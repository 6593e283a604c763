import Foundation
import ReportKit
@testable import ReportKitCLI
import Testing

@Suite struct CommandTests {
    @Test func listShowsEveryBuiltinWithItsSummary() throws {
        let result = try CLI.run(["list"])
        #expect(result.status == 0)
        for name in ["extract", "translate-fixups", "summarize", "export"] {
            #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix(name + " ") })
        }
    }

    @Test func explainRendersOptionsAndSuggestsOnTypos() throws {
        let result = try CLI.run(["explain", "summarize"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("OPTIONS"))
        #expect(result.stdout.contains("sentences: integer"))
        let typo = try CLI.run(["explain", "sumarize"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'summarize'?"))
    }

    @Test func schemaIsJSONWithEveryTransformer() throws {
        let result = try CLI.run(["schema"])
        #expect(result.status == 0)
        let schema = try JSONDecoder().decode(JSONValue.self, from: Data(result.stdout.utf8))
        guard case .object(let root) = schema, case .object(let properties)? = root["properties"] else {
            Issue.record("schema is not an object with properties")
            return
        }
        #expect(properties["steps"] != nil)
        for name in ["extract", "translate-fixups", "summarize", "export"] {
            #expect(result.stdout.contains("\"\(name)\""))
        }
    }

    @Test func applyPrintsJSONForOneInputAndJSONLinesForSeveral() throws {
        let dir = try CLI.temporaryDirectory()
        let a = dir.appendingPathComponent("a.txt"), b = dir.appendingPathComponent("b.txt")
        try Data("First headline\nThe body of the first.\n".utf8).write(to: a)
        try Data("Second headline\nThe body of the second.\n".utf8).write(to: b)
        let one = try CLI.run(["apply", "extract", a.path])
        #expect(one.status == 0)
        let report = try JSONDecoder().decode(Report.self, from: Data(one.stdout.utf8))
        #expect(report.title == "First headline")
        let many = try CLI.run(["apply", "extract", a.path, b.path])
        let lines = many.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let titles = try lines.map { try JSONDecoder().decode(Report.self, from: Data($0.utf8)).title }
        #expect(titles == ["First headline", "Second headline"])
    }

    @Test func applyToTextReadsStdin() throws {
        let result = try CLI.run(["apply", "extract", "--to", "text"], stdin: "A headline\nA line of body.\n")
        #expect(result.status == 0)
        #expect(result.stdout == "A headline\nA line of body.\n")
    }

    @Test func applyToTextPrintsALinePerInputLine() throws {
        // Encoding repairs alone: every line, blank and indented ones too, comes back as written.
        let untouched = "A first line , as written.\n\n  An indented line \n\u{A0}Edges\u{A0}\n\nThe last line"
        let kept = try CLI.run(["apply", "translate-fixups", "--to", "text", "--set", "rules=encoding"], stdin: untouched + "\n")
        #expect(kept.status == 0)
        #expect(kept.stdout == untouched + "\n")
        // Default rules: lines are repaired, blank lines stay, dropped lines are gone, CRLF ends lines.
        let repaired = try CLI.run(["apply", "translate-fixups", "--to", "text"],
                                   stdin: "The cafÃ© opened , today.\r\n\r\nShare this:\nIt rained.\n")
        #expect(repaired.stdout == "The café opened, today.\n\nIt rained.\n")
    }

    @Test func lineBlocksKeepBlankLinesAndDropOnlyTheFinalBreak() {
        #expect(ApplyCommand.lineBlocks("a\r\n\n b \n").map(\.text) == ["a", "", " b "])
        #expect(ApplyCommand.lineBlocks("\n\nlast").map(\.text) == ["", "", "last"])
        #expect(ApplyCommand.lineBlocks("").isEmpty)
    }

    @Test func applyRejectsBadOptionsAsUsageErrors() throws {
        let result = try CLI.run(["apply", "summarize", "--set", "sentnces=2"], stdin: "One. Two.")
        #expect(result.status == 2)
        #expect(result.stderr.contains("did you mean 'sentences'?"))
    }

    @Test func reportJSONCarriesTheFieldsOtherToolsRead() throws {
        let result = try CLI.run(["apply", "summarize"], stdin: "Only one sentence here.")
        let object = try JSONDecoder().decode(JSONValue.self, from: Data(result.stdout.utf8))
        guard case .object(let root) = object else { Issue.record("not an object"); return }
        #expect(root["format"] == .number(1))
        #expect(root["title"] == .null)
        #expect(root["body"] != nil && root["quotes"] != nil && root["changes"] != nil)
        guard case .object(let summary)? = root["summary"], case .array(let sentences)? = summary["sentences"] else {
            Issue.record("no summary.sentences"); return
        }
        #expect(sentences.count == 1)
    }

    @Test func unknownSubcommandIsAUsageError() throws {
        let result = try CLI.run(["frobnicate"])
        #expect(result.status == 2)
    }
}
