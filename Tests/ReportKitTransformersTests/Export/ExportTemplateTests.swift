import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// User templates: rendering with partials, and positioned errors when the pipeline loads.
@Suite struct ExportTemplateTests {
    func writeTemplate(_ text: String, named name: String = "mine.mustache", in folder: ScratchFolder) throws {
        try text.write(to: folder.path(name), atomically: true, encoding: .utf8)
    }

    func loadErrors(_ options: [String: OptionValue], base: URL) throws -> DiagnosticList {
        try #require(throws: DiagnosticList.self) { try ExportFixture.make(options, base: base) }
    }

    @Test func userTemplateWithPartialsSeesTheReport() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        try writeTemplate("{{> head}}\n{{#body}}\n* {{text}}\n{{/body}}\n{{metadata.desk}}|{{count(authors)}}\n", in: folder)
        try writeTemplate("<{{uppercased(title)}}>\n", named: "head.mustache", in: folder)
        let step = try ExportFixture.make(["format": .string("template"), "template": .string("mine.mustache"),
                                          "path": .string("out/{{id}}.txt")], base: folder.url)
        var report = ExportFixture.report(title: "Tide & time")
        report.metadata["desk"] = .string("Metro")
        let result = ExportFixture.run(step, [report], run: RunContext(baseDirectory: folder.url))
        #expect(result.errors.isEmpty)
        let text = try folder.read("out/harbor.txt")
        #expect(text.hasPrefix("<TIDE & TIME>\n* The council met on Monday.\n* What changes\n"))
        #expect(text.hasSuffix("Metro|2\n"))
    }

    @Test func htmlPathsEscapeByDefault() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        try writeTemplate("<h1>{{title}}</h1>{{{title}}}", in: folder)
        for (path, escape, expected) in [("a.html", "auto", "<h1>A &amp; &lt;B&gt;</h1>A & <B>"),
                                         ("b.txt", "auto", "<h1>A & <B></h1>A & <B>"),
                                         ("c.txt", "html", "<h1>A &amp; &lt;B&gt;</h1>A & <B>")] {
            let step = try ExportFixture.make(["format": .string("template"), "template": .string("mine.mustache"),
                                              "path": .string(path), "escape": .string(escape)], base: folder.url)
            ExportFixture.run(step, [ExportFixture.report(title: "A & <B>")], run: RunContext(baseDirectory: folder.url))
            #expect(try folder.read(path) == expected)
        }
    }

    @Test func aMisspelledFieldIsAPositionedErrorWithASuggestion() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        try writeTemplate("# {{title}}\n{{#body}}\n  {{tex}} and {{summaryTxt}}\n{{/body}}\n{{#quotes}}{{speaker.name}}{{/quotes}}\n", in: folder)
        let list = try loadErrors(["format": .string("template"), "template": .string("mine.mustache"), "path": .string("{{id}}.md")], base: folder.url)
        let diagnostics = list.diagnostics
        #expect(diagnostics.count == 3)
        #expect(diagnostics[0].file?.hasSuffix("mine.mustache") == true)
        #expect(diagnostics[0].mark == SourceMark(line: 3, column: 3, offset: diagnostics[0].mark!.offset))
        #expect(diagnostics[0].message == "the template names 'tex', which is not a report field")
        #expect(diagnostics[0].notes.contains("help: did you mean 'text'?"))
        #expect(diagnostics[1].mark?.line == 3 && diagnostics[1].mark?.column == 15)
        #expect(diagnostics[1].notes.contains("help: did you mean 'summaryText'?"))
        #expect(diagnostics[2].message == "'speaker' has no field 'name'")
        // Rendered like every other pipeline error, with the template line and a caret.
        let rendered = list.rendered()
        #expect(rendered.contains("mine.mustache:3:3: error: the template names 'tex'"))
        #expect(rendered.contains(" 3 |   {{tex}} and {{summaryTxt}}\n   |   ^~~~~~~\n"))
    }

    @Test func syntaxErrorsPointAtTheTag() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let cases: [(String, Int, Int, String)] = [
            ("line one\n{{#body}}\n{{text}}\n", 2, 1, "the section 'body' is never closed"),
            ("{{#body}}{{text}}{{/quotes}}", 1, 18, "'{{/quotes}}' closes the section 'body' opened at 1:1"),
            ("a\nb {{title", 2, 3, "a tag is not closed"),
            ("{{> nowhere}}", 1, 1, "no partial named 'nowhere'"),
            ("{{shout(title)}}", 1, 1, "unknown transform 'shout'"),
        ]
        for (text, line, column, message) in cases {
            try writeTemplate(text, in: folder)
            let list = try loadErrors(["format": .string("template"), "template": .string("mine.mustache"), "path": .string("{{id}}.md")], base: folder.url)
            let first = try #require(list.diagnostics.first)
            #expect(first.mark?.line == line && first.mark?.column == column, "\(text): \(first)")
            #expect(first.message.contains(message), "\(text): \(first.message)")
        }
    }

    @Test func swiftMustacheParseErrorsArePositionedToo() throws {
        // A malformed set-delimiter tag passes the name check and is caught by the parser.
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        try writeTemplate("ok\n{{= | =}}\n", in: folder)
        let list = try loadErrors(["format": .string("template"), "template": .string("mine.mustache"), "path": .string("{{id}}.md")], base: folder.url)
        let first = try #require(list.diagnostics.first)
        #expect(first.mark?.line == 2)
        #expect(first.message.contains("set-delimiter"))
    }

    @Test func templateProblemsAreReportedByThePipelineLoaderAtTheTemplateFile() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        try writeTemplate("{{titel}}\n", in: folder)
        try """
        input: x.txt
        steps:
          - export: {format: template, template: mine.mustache, path: "{{slug}}.md"}
          - export: {format: template, template: absent.mustache, path: "{{slug}}.md"}
        """.write(to: folder.path("p.yaml"), atomically: true, encoding: .utf8)
        try "x".write(to: folder.path("x.txt"), atomically: true, encoding: .utf8)
        let list = try #require(throws: DiagnosticList.self) {
            try PipelineLoader(registry: BuiltinTransformers.registry).load(path: folder.path("p.yaml").path)
        }
        let rendered = list.rendered()
        #expect(rendered.contains("mine.mustache:1:1: error: the template names 'titel'"))
        #expect(rendered.contains("p.yaml:4:42: error: cannot read the template"))
        #expect(rendered.contains("absent.mustache: no such file"))
    }

    @Test func builtinTemplatesPassTheirOwnCheck() throws {
        for entry in BuiltinTemplates.all {
            let schema = entry.name == "review" ? TemplateContext.reviewSchema : TemplateContext.reportSchema
            _ = try CheckedTemplate(text: entry.text, file: entry.name, schema: schema, escapeHTML: entry.escapesHTML)
        }
        // And a copied built-in works as a user template.
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        try writeTemplate(BuiltinTemplates.named("markdown")!.text, in: folder)
        let copied = try ExportFixture.make(["format": .string("template"), "template": .string("mine.mustache"), "path": .string("copy.md")], base: folder.url)
        let builtin = try ExportFixture.make(["format": .string("markdown"), "path": .string("builtin.md")], base: folder.url)
        ExportFixture.run(copied, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url))
        ExportFixture.run(builtin, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url))
        #expect(try folder.read("copy.md").hasPrefix(try folder.read("builtin.md").trimmingCharacters(in: .newlines)))
    }
}
