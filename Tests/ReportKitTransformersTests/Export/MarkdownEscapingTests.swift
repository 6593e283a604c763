import Testing
@testable import ReportKitTransformers

/// Text put into Markdown must read as the same text, not as Markdown.
@Suite struct MarkdownEscapingTests {
    @Test func plainTextComesBackUnchanged() {
        let plain = "The council met on Monday, and the vote (12 to 3) passed — “finally,” one said."
        #expect(Escaping.markdown(plain) == plain)
        #expect(Escaping.markdown("") == "")
    }

    @Test func marksAreEscapedAnywhere() {
        #expect(Escaping.markdown("a *b* _c_ `d` [e] <f> g|h \\ i") == "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\] \\<f> g\\|h \\\\ i")
    }

    @Test func blockOpenersAreEscapedOnlyAtTheStartOfALine() {
        #expect(Escaping.markdown("# Not a heading\n- not a list\n> not a quote\nplus + minus - equals =")
                == "\\# Not a heading\n\\- not a list\n\\> not a quote\nplus + minus - equals =")
        #expect(Escaping.markdown("1. first\n12) twelfth\n2024 was a year") == "1\\. first\n12\\) twelfth\n2024 was a year")
        #expect(Escaping.markdown("    indented\n\tcode") == "indented\ncode", "leading spaces would make a code block")
    }

    @Test func singleLineFoldsLineBreaksIntoOneSpace() {
        #expect(Escaping.markdown("one\ntwo \r\nthree", singleLine: true) == "one two three")
        #expect(Escaping.markdown("- item\n- item", singleLine: true) == "\\- item - item")
    }
}
