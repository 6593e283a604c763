import Testing
@testable import ReportKit

@Suite struct YAMLLoaderTests {
    @Test func keepsPositionsOfNestedNodes() throws {
        let text = "name: brief\nsteps:\n  - summarize:\n      sentences: 3\n"
        let root = try #require(try YAMLLoader.load(text, file: "p.yaml"))
        let step = try #require(root["steps"]?.sequence?.first)
        let options = try #require(step["summarize"])
        let pair = try #require(options.mapping?.first)
        #expect(pair.key.start == SourceMark(line: 4, column: 7, offset: pair.key.start.offset))
        #expect(pair.value.scalar == "3")
        #expect(pair.value.start.line == 4 && pair.value.start.column == 18)
    }

    @Test func reportsLibyamlSyntaxErrorsWithPosition() {
        let text = "steps:\n  - extract: [a, b\n  - summarize\n"
        #expect {
            _ = try YAMLLoader.load(text, file: "bad.yaml")
        } throws: { error in
            guard let d = error as? Diagnostic else { return false }
            return d.file == "bad.yaml" && d.mark != nil && d.description.hasPrefix("bad.yaml:")
        }
    }

    @Test func explainsTabIndentation() {
        let text = "steps:\n\t- extract\n"
        #expect {
            _ = try YAMLLoader.load(text, file: "tab.yaml")
        } throws: { error in
            guard let d = error as? Diagnostic else { return false }
            return d.mark?.line == 2 && d.notes.contains { $0.contains("tabs") }
        }
    }

    @Test func stopsAliasBombs() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        #expect {
            _ = try YAMLLoader.load(text, file: "bomb.yaml")
        } throws: { error in
            (error as? Diagnostic)?.message.contains("aliases expand") == true
        }
    }

    @Test func stopsAbsurdNesting() {
        let text = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect {
            _ = try YAMLLoader.load(text, file: "deep.yaml")
        } throws: { error in
            (error as? Diagnostic)?.message.contains("nesting deeper") == true
        }
    }

    @Test func allowsOrdinaryAliases() throws {
        let text = "base: &b {sentences: 3}\ncopy: *b\n"
        let root = try #require(try YAMLLoader.load(text, file: "ok.yaml"))
        #expect(root["copy"]?["sentences"]?.scalar == "3")
    }
}
