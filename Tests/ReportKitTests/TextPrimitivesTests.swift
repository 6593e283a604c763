import Testing
@testable import ReportKit

@Suite struct TextPrimitivesTests {
    @Test func foldingIgnoresQuotesDashesSpacesAndCase() {
        #expect(TextFolding.foldForComparison("The city’s  future — now") == TextFolding.foldForComparison("the city's future - Now."))
        #expect(TextFolding.foldForComparison("Café au lait") == "café au lait")
        #expect(TextFolding.foldForComparison("A plan") != TextFolding.foldForComparison("A planet"))
    }

    @Test func slugsAreSafeAndNeverEmpty() {
        #expect(Slug.make("Party Secretary outlines his vision for the city’s future") == "party-secretary-outlines-his-vision-for-the-citys-future")
        #expect(Slug.make("../../etc/passwd") == "etc-passwd")
        #expect(Slug.make("Zürich: Ärger über Straßen") == "zurich-arger-uber-strassen" || Slug.make("Zürich: Ärger über Straßen") == "zurich-arger-uber-straen")
        #expect(Slug.make("上海") != "untitled")
        #expect(Slug.make("!!!") == "untitled")
        // ASCII text skips the transliteration; these pin that path's results.
        #expect(Slug.make("  City's `Plan`: A-B  ") == "citys-plan-a-b")
        #expect(Slug.make("Tab\tand\nnewline\u{7F}DEL") == "tab-and-newline-del")
        #expect(Slug.make("2024-05-03 #1 ~ 50% [draft]") == "2024-05-03-1-50-draft")
        #expect(Slug.make("Café") == "cafe")
        #expect(Slug.make("abc", maxLength: 2) == "ab")
        #expect(Slug.make(String(repeating: "long ", count: 100)).utf8.count <= 80)
    }

    @Test func editDistanceCountsSwapsAsOneEdit() {
        #expect(EditDistance.distance("sentnces", "sentences") == 1)
        #expect(EditDistance.distance("cuont", "count") == 1)
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.suggestion(for: "summarise", among: ["summarize", "extract"]) == "summarize")
        #expect(EditDistance.suggestion(for: "zzz", among: ["summarize", "extract"]) == nil)
    }

    @Test func interpolation() throws {
        #expect(try Interpolation.expand("${A}/${B:-b}/$$", environment: ["A": "a"]) == "a/b/$")
        #expect(try Interpolation.expand("${A:-x}", environment: ["A": ""]) == "x")
        #expect(throws: Interpolation.Failure.unset(name: "C", column: 2)) { try Interpolation.expand("x ${C}", environment: [:]) }
        #expect(throws: Interpolation.Failure.unterminated(column: 0)) { try Interpolation.expand("${C", environment: [:]) }
    }

    @Test func lineDiffShowsRemovedAndAddedLines() {
        let diff = LineDiff.unified(expected: "a\nb\nc", actual: "a\nx\nc")
        #expect(diff == "--- expected\n+++ actual\n  a\n- b\n+ x\n  c")
    }
}
