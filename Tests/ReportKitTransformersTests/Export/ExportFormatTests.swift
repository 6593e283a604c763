import Foundation
import FoundationXML
import Testing
import ReportKit
@testable import ReportKitTransformers

/// Each format's output, parsed back with a parser for that format.
@Suite struct ExportFormatTests {
    @Test func markdownFrontMatterIsYAMLThatHugoAndJekyllRead() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let step = try ExportFixture.make(["format": .string("markdown"), "path": .string("out/{{date}}-{{slug}}.md")], base: folder.url)
        let result = ExportFixture.run(step, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.isEmpty)
        let text = try folder.read("out/2024-05-03-harbor-plan-ten-years-1-b-bold-b.md")
        let parts = try #require(FrontMatter.split(text))
        let yaml = try #require(try YAMLLoader.load(parts.yaml, file: "front-matter"))
        #expect(yaml["title"]?.scalar == "Harbor plan: \"ten years\" & #1 <b>bold</b>")
        #expect(yaml["date"]?.scalar == "2024-05-03T09:30:00Z")
        #expect(yaml["authors"]?.sequence?.compactMap(\.scalar) == ["Lin Qiao", "O'Neill, Sam"])
        #expect(yaml["tags"]?.sequence?.compactMap(\.scalar) == ["city", "harbor: plans"])
        #expect(yaml["summary"]?.scalar == "The council met on Monday.")
        #expect(yaml["source"]?.scalar == "https://example.org/harbor")
        // The brief: title, dek, summary, then the body, with block markers escaped.
        let body = parts.body
        #expect(body.contains("# Harbor plan: \"ten years\" & #1 \\<b>bold\\</b>\n"))
        #expect(body.contains("_The city's \\*oldest\\* quarter gets a second life_"))
        #expect(body.contains("> **Summary.** The council met on Monday."))
        #expect(body.contains("\n## What changes\n"))
        #expect(body.contains("\n\\# not a heading, and 1. not a list\n"))
        #expect(body.contains("\n> We will build it together.\n"))
        let order = ["# Harbor", "_The city", "**Summary.**", "The council met", "## What changes"].map { body.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        #expect(text.hasSuffix("formula here\n"))
    }

    @Test func frontMatterSurvivesHostileTitles() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let titles = ["a: b # c", "line one\nline two", "tab\there \"quoted\" \\ back", "- starts like a list", "null",
                      "\u{2028}separator\u{85}next", "control \u{01}\u{7F} bytes", "{flow: [x]}", "'single'"]
        let step = try ExportFixture.make(["format": .string("markdown"), "path": .string("{{id}}.md")], base: folder.url)
        let reports = titles.enumerated().map { ExportFixture.report(id: "t\($0.offset)", title: $0.element) }
        let result = ExportFixture.run(step, reports, run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.isEmpty)
        for (i, title) in titles.enumerated() {
            let parts = try #require(FrontMatter.split(try folder.read("t\(i).md")))
            let yaml = try #require(try YAMLLoader.load(parts.yaml, file: "t\(i)"))
            // Titles are one line: line breaks inside become spaces.
            #expect(yaml["title"]?.scalar == Escaping.oneLine(title), "title \(i)")
        }
    }

    @Test func htmlIsWellFormedAndSetsApartSummaryAndQuotes() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        var report = ExportFixture.report()
        report.url = "javascript:alert(1)"
        let step = try ExportFixture.make(["format": .string("html"), "path": .string("{{slug}}.html")], base: folder.url)
        let result = ExportFixture.run(step, [report], run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.isEmpty)
        let name = try #require(folder.files().first)
        let html = try folder.read(name)
        let document = try XMLDocument(data: Data(html.utf8), options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "html")
        #expect(try root.nodes(forXPath: "//*[local-name()='aside' and @class='summary']//*[local-name()='li']").first?.stringValue == "The council met on Monday.")
        #expect(try root.nodes(forXPath: "//*[local-name()='section' and @class='key-quotes']//*[local-name()='figcaption']").first?.stringValue == "— Zhou Wenli, Mayor")
        #expect(try root.nodes(forXPath: "//*[local-name()='h1']").first?.stringValue == "Harbor plan: \"ten years\" & #1 <b>bold</b>")
        #expect(html.contains("name=\"viewport\""))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(!html.contains("javascript:"), "only http(s) links become hrefs")
    }

    @Test func jsonIsTheReportModel() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let step = try ExportFixture.make(["format": .string("json"), "path": .string("{{id}}.json")], base: folder.url)
        let original = ExportFixture.report()
        ExportFixture.run(step, [original], run: RunContext(baseDirectory: folder.url))
        let decoded = try JSONDecoder().decode(Report.self, from: Data(try folder.read("harbor.json").utf8))
        #expect(decoded == original)
    }

    @Test func jsonLinesGatherTheBatchAndAppearOnlyWhenTheRunEnds() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let step = try ExportFixture.make(["format": .string("jsonl"), "path": .string("archive/all.jsonl")], base: folder.url)
        let run = RunContext(baseDirectory: folder.url)
        for i in 0..<3 {
            var report = ExportFixture.report(id: "r\(i)")
            try step.transform(&report, context: StepContext(stepName: "export", stepIndex: 0, run: run))
        }
        #expect(!folder.exists("archive/all.jsonl"), "nothing under the output's name before the run ends")
        try step.finish(context: run)
        let lines = try folder.read("archive/all.jsonl").split(separator: "\n")
        #expect(lines.count == 3)
        let ids = try lines.map { try JSONDecoder().decode(Report.self, from: Data($0.utf8)).id }
        #expect(ids == ["r0", "r1", "r2"])
        #expect(folder.files() == ["archive/all.jsonl"], "no temporary file left")
    }

    @Test func jsonLinesSplitByAPathWithFields() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let step = try ExportFixture.make(["format": .string("jsonl"), "path": .string("{{site}}.jsonl")], base: folder.url)
        var a = ExportFixture.report(id: "a"), b = ExportFixture.report(id: "b"), c = ExportFixture.report(id: "c")
        b.site = "Other Paper"
        c.site = "Other Paper"
        a.site = "Coastal/Daily"
        let result = ExportFixture.run(step, [a, b, c], run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.isEmpty)
        #expect(folder.files() == ["Coastal-Daily.jsonl", "Other Paper.jsonl"])
        #expect(try folder.read("Other Paper.jsonl").split(separator: "\n").count == 2)
    }

    @Test func csvIsRFC4180AndNeutralizesFormulas() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        var formula = ExportFixture.report(id: "f", title: "=HYPERLINK(\"http://x\",\"click\")")
        formula.authors = ["+1 caller", "@admin"]
        formula.subtitle = "-2+3"
        let step = try ExportFixture.make([
            "format": .string("csv"), "path": .string("reports.csv"),
            "columns": .list(["id", "title", "subtitle", "authors", "source.path", "summaryText"].map { .string($0) }),
        ], base: folder.url)
        let multiline = ExportFixture.report(id: "m", title: "Line one\nstill, \"one\"")
        let result = ExportFixture.run(step, [ExportFixture.report(), formula, multiline], run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.isEmpty)
        let rows = try CSVReader.rows(try folder.read("reports.csv"))
        #expect(rows.count == 4)
        #expect(rows[0] == ["id", "title", "subtitle", "authors", "source.path", "summaryText"])
        #expect(rows.allSatisfy { $0.count == 6 })
        #expect(rows[1][1] == "Harbor plan: \"ten years\" & #1 <b>bold</b>")
        #expect(rows[1][3] == "Lin Qiao; O'Neill, Sam")
        #expect(rows[1][4] == "samples/harbor.txt")
        #expect(rows[2][1] == "'=HYPERLINK(\"http://x\",\"click\")")
        #expect(rows[2][2] == "'-2+3")
        #expect(rows[2][3] == "'+1 caller; @admin")
        #expect(rows[3][1] == "Line one still, \"one\"")
        for row in rows.dropFirst() {
            for cell in row { #expect(!["=", "+", "-", "@"].contains(cell.first.map(String.init) ?? ""), "cell \(cell)") }
        }
    }

    @Test func csvRejectsUnknownColumnsAtBuildTime() throws {
        let error = try #require(throws: OptionError.self) {
            try ExportFixture.make(["format": .string("csv"), "path": .string("x.csv"), "columns": .list([.string("tittle")])],
                                   base: URL(fileURLWithPath: "/tmp"))
        }
        #expect(error.option == "columns")
        #expect(error.message.contains("did you mean 'title'"))
    }

    @Test func textIsPlain() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let step = try ExportFixture.make(["format": .string("text"), "path": .string("{{id}}.txt")], base: folder.url)
        ExportFixture.run(step, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url))
        let text = try folder.read("harbor.txt")
        #expect(text.hasPrefix("Harbor plan: \"ten years\" & #1 <b>bold</b>\nThe city's *oldest* quarter gets a second life\nBy Lin Qiao and O'Neill, Sam\n2024-05-03\n"))
        #expect(text.contains("\n\nThe council met on Monday.\n\nWhat changes\n"))
        #expect(!text.contains("&amp;") && !text.contains("&quot;"))
    }

    @Test func reviewPageShowsEveryEditGroupedByRuleAndTheDroppedLines() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let step = try ExportFixture.make(["format": .string("review"), "path": .string("review/{{id}}.html")], base: folder.url)
        ExportFixture.run(step, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url))
        let html = try folder.read("review/harbor.html")
        let root = try #require(try XMLDocument(data: Data(html.utf8), options: []).rootElement())
        let groups = try root.nodes(forXPath: "//*[local-name()='details']")
        #expect(groups.count == 3)
        #expect(try groups[0].nodes(forXPath: ".//*[local-name()='li' and @class='edit']").count == 2)
        // Only the part that changed is highlighted.
        let removed = try root.nodes(forXPath: "//*[local-name()='del']").compactMap(\.stringValue)
        #expect(removed.contains(". ") && removed.contains("s "))
        #expect(try root.nodes(forXPath: "//*[local-name()='ins']").compactMap(\.stringValue).contains("\""))
        #expect(try root.nodes(forXPath: "//*[local-name()='div' and @class='before']").first?.stringValue == "− Monday. ,")
        #expect(try root.nodes(forXPath: "//*[local-name()='ul' and @class='dropped']/*").first?.stringValue == "navigationPrevious: Port opens <new> berth")
    }

    @Test func batchReviewIsOnePageWrittenAtTheEnd() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let step = try ExportFixture.make(["format": .string("review"), "batch": .boolean(true), "path": .string("review.html")], base: folder.url)
        let result = ExportFixture.run(step, [ExportFixture.report(id: "a"), ExportFixture.report(id: "b", title: "Second")],
                                       run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.isEmpty)
        let root = try #require(try XMLDocument(data: Data(try folder.read("review.html").utf8), options: []).rootElement())
        #expect(try root.nodes(forXPath: "//*[local-name()='section' and @class='report']").count == 2)
        #expect(try root.nodes(forXPath: "//*[local-name()='h1']").first?.stringValue == "Review of 2 reports")
        #expect(throws: OptionError.self) {
            try ExportFixture.make(["format": .string("review"), "batch": .boolean(true), "path": .string("{{slug}}.html")], base: folder.url)
        }
    }

    @Test func severalExportsInOnePipeline() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let pipeline = """
        input: in/*.json
        steps:
          - export: {format: markdown, path: "site/{{slug}}.md"}
          - export: {format: jsonl, path: archive.jsonl}
          - export: {format: csv, path: index.csv, columns: [id, title]}
        """
        try FileManager.default.createDirectory(at: folder.path("in"), withIntermediateDirectories: true)
        var inputs: [String] = []
        for id in ["one", "two"] {
            let url = folder.path("in/\(id).json")
            try ExportFixture.report(id: id, title: "Report \(id)").jsonLine().write(to: url, atomically: true, encoding: .utf8)
            inputs.append(url.path)
        }
        try pipeline.write(to: folder.path("p.yaml"), atomically: true, encoding: .utf8)
        let loaded = try PipelineLoader(registry: BuiltinTransformers.registry).load(path: folder.path("p.yaml").path)
        let runner = PipelineRunner(pipeline: loaded, context: RunContext(baseDirectory: folder.url))
        let summary = runner.run(inputs: inputs, emit: { _ in }, log: { Issue.record(Comment(rawValue: $0)) })
        #expect(summary.succeeded == 2)
        #expect(folder.exists("site/report-one.md") && folder.exists("site/report-two.md"))
        #expect(try folder.read("archive.jsonl").split(separator: "\n").count == 2)
        #expect(try CSVReader.rows(try folder.read("index.csv")) == [["id", "title"], ["one", "Report one"], ["two", "Report two"]])
        // The JSON Lines archive carries where the Markdown went.
        let archived = try JSONDecoder().decode(Report.self, from: Data(try folder.read("archive.jsonl").split(separator: "\n")[0].utf8))
        #expect(archived.diagnostics.last?.message == "wrote site/report-one.md")
    }
}
