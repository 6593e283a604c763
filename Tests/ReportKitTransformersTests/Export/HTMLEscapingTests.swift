import Mustache
import Testing
@testable import ReportKitTransformers

/// Templates escape HTML with `Escaping.html`, which must agree with swift-mustache's own HTML
/// escaping, except where that one lets a markup character through.
@Suite struct HTMLEscapingTests {
    @Test func agreesWithSwiftMustacheOnMixedText() throws {
        let mustache = try MustacheTemplate(string: "{{% CONTENT_TYPE: HTML}}{{value}}")
        let pieces = ["plain", " ", "a<b", "x > y", "Tom & Jerry", "\"quoted\"", "it's", "<script>alert(1)</script>",
                      "&amp; already", "Zürich", "“curly”", "🚢", "\n", "\t", "<<>>", "&&", "''\"\""]
        var state: UInt64 = 7
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<6 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            #expect(Escaping.html(text) == mustache.render(["value": text]), "for \(text.debugDescription)")
        }
    }

    @Test func textWithNothingToEscapeComesBackAsItIs() {
        #expect(Escaping.html("Cranes arrived — “at last”.") == "Cranes arrived — “at last”.")
        #expect(Escaping.html("") == "")
    }

    @Test func escapesAMarkupCharacterThatACombiningMarkFollows() {
        // One Character to swift-mustache ("<" with an accent), which it leaves as it is;
        // a browser still reads the "<" as the start of a tag.
        #expect(Escaping.html("<\u{301}script>") == "&lt;\u{301}script&gt;")
    }

    @Test func templatesUseTheByteEscaping() throws {
        let template = try CheckedTemplate(text: "<p>{{title}}</p>", file: "t.html", schema: TemplateContext.reportSchema,
                                           escapeHTML: true)
        #expect(template.render(["title": "<\u{301}b> & 'c'"]) == "<p>&lt;\u{301}b&gt; &amp; &#39;c&#39;</p>")
    }
}
