import Foundation
import Testing
@testable import ReportKit

@Suite struct ReaderTests {
    @Test func textIsOneBlockPerNonBlankLine() throws {
        let report = try ReportReader.read(data: Data("Title line\n\n  First paragraph.  \r\nSecond paragraph.\n\n\n".utf8), path: "a.txt")
        #expect(report.body.map(\.text) == ["Title line", "First paragraph.", "Second paragraph."])
        #expect(report.source == Source(path: "a.txt", mediaType: "text/plain"))
        #expect(report.id == "a")
    }

    @Test func markdownKnowsHeadingsListsQuotesAndFences() throws {
        let text = "---\ntitle: x\n---\n# Big news\n\nA paragraph\nwrapped here.\n\n- one\n- two\n\n> quoted\n\n```\ncode line\n```\n"
        let report = try ReportReader.read(data: Data(text.utf8), path: "a.md")
        #expect(report.body == [
            Block(.heading, "Big news", level: 1), Block(.paragraph, "A paragraph wrapped here."),
            Block(.listItem, "one"), Block(.listItem, "two"), Block(.quote, "quoted"), Block(.code, "code line"),
        ])
    }

    @Test func htmlGivesTitleAndBlocksWithoutScripts() throws {
        let html = "<html><head><title>Page  title</title><script>var x = 1;</script></head><body><h1>Head</h1><p>One <b>two</b>\n three.</p><ul><li>Item</li></ul></body></html>"
        let report = try ReportReader.read(data: Data(html.utf8), path: "p.html")
        #expect(report.title == "Page title")
        #expect(report.body.map(\.text) == ["Head", "One two three.", "Item"])
        #expect(report.body.first?.kind == .heading)
        #expect(!report.body.contains { $0.text.contains("var x") })
    }

    @Test func sniffsFormatWhenTheNameSaysNothing() {
        #expect(InputFormat.sniff(Array("  <!DOCTYPE html><html>".utf8)) == .html)
        #expect(InputFormat.sniff(Array("{\"format\":1}".utf8)) == .json)
        #expect(InputFormat.sniff(Array("Plain words".utf8)) == .text)
    }

    @Test func jsonRoundTripsAndRejectsNewerFormats() throws {
        var report = Report(id: "r1", title: nil, body: [Block(.paragraph, "Text.")])
        report.quotes = [Quote(text: "Hello", speaker: "Li Wei", block: 0)]
        report.changes = [Change(step: "translate-fixups", rule: "orphaned-punctuation", block: 0, before: ". ,", after: ",")]
        let line = try report.jsonLine()
        #expect(line.contains("\"title\":null"))
        #expect(line.contains("\"format\":1"))
        let back = try ReportReader.read(data: Data(line.utf8), path: "r.json")
        #expect(back == report)
        #expect(throws: ReadError.self) {
            try ReportReader.read(data: Data("{\"format\": 99, \"id\": \"x\"}".utf8), path: "new.json")
        }
        #expect(throws: ReadError.self) { try ReportReader.read(data: Data("{\"body\": 3}".utf8), path: "bad.json") }
    }

    @Test func emptyBinaryAndInvalidInputs() throws {
        #expect(throws: ReadError.self) { try ReportReader.read(data: Data(), path: "e.txt") }
        #expect(throws: ReadError.self) { try ReportReader.read(data: Data([0x41, 0x00, 0x42]), path: "b.txt") }
        let report = try ReportReader.read(data: Data([0x43, 0x61, 0x66, 0xE9, 0x0A]), path: "l.txt")
        #expect(report.body.first?.text == "Caf\u{FFFD}")
        #expect(report.diagnostics.first?.message.contains("not valid UTF-8") == true)
    }
}
