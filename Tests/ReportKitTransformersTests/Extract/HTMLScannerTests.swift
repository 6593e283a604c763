import Testing
import ReportKit

/// The Swift HTML tree builder: the HTML rules that matter for reading articles.
@Suite struct HTMLScannerTests {
    func tree(_ html: String) -> HTMLTree { HTMLScanner.parse(utf8: Array(html.utf8)) }

    /// Tag names of the element children of `node`.
    func children(_ tree: HTMLTree, _ node: Int) -> [HTMLTag] {
        var result: [HTMLTag] = []
        var i = node + 1
        while i < tree.end(node) {
            if tree.tags[i] != .text { result.append(tree.tags[i]) }
            i = tree.end(i)
        }
        return result
    }

    @Test func impliedEndsOfParagraphsListItemsAndCells() throws {
        let t = tree("<div><p>one<p>two<ul><li>a<li>b</ul><table><tr><td>x<td>y<tr><td>z</table></div>")
        let div = try #require(t.first(.div))
        #expect(children(t, div) == [.p, .p, .ul, .table])
        let ul = try #require(t.first(.ul))
        #expect(children(t, ul) == [.li, .li])
        let table = try #require(t.first(.table))
        #expect(children(t, table) == [.tr, .tr])
        let row = try #require(t.first(.tr))
        #expect(children(t, row) == [.td, .td])
    }

    /// A block closes an open `p` through the inline elements inside it, looking at most 256
    /// deep: an unbounded look made deep inline nesting followed by many blocks quadratic.
    @Test func impliedParagraphEndLooksThroughABoundedNumberOfInlineElements() throws {
        let shallow = tree("<body><p>" + String(repeating: "<span>", count: 10) + "text<div>after</div></body>")
        let body = try #require(shallow.first(.body))
        #expect(children(shallow, body) == [.p, .div])
        let deep = tree("<body><p>" + String(repeating: "<span>", count: 300) + "text<div>after</div></body>")
        let paragraph = try #require(deep.first(.p))
        #expect(deep.first(.div, from: paragraph, to: deep.end(paragraph)) != nil)
        // 20,000 nested spans, then 20,000 blocks: every block is kept, each in the innermost span.
        let many = tree("<body>" + String(repeating: "<span>", count: 20_000) + String(repeating: "<div>x</div>", count: 20_000))
        #expect(many.tags.filter { $0 == .div }.count == 20_000)
        #expect(many.collapsedText(0).count == 20_000)
    }

    @Test func attributeValuesKeepTextAroundReferences() throws {
        let t = tree("<div class=\"a&amp;b\" id=\"x&y&#65;z\" title=\"&\">t</div>")
        let div = try #require(t.first(.div))
        #expect(t.attribute(div, .class) == "a&b")
        #expect(t.attribute(div, .id) == "x&yAz")
        #expect(t.attribute(div, .title) == "&")
    }

    @Test func collapsedTextFoldsSpacesAndNoBreakSpacesOnly() throws {
        let t = tree("<p>  one\u{00A0}\u{00A0}two \n\t three\u{00A2}four é  </p>")
        #expect(t.collapsedText(0) == "one two three\u{00A2}four é")
    }

    @Test func characterReferencesAreDecoded() throws {
        let t = tree("<p>Caf&eacute; &amp; bar &#8217;s &#x201C;x&#x201D; &#150; &nbsp;&unknown; a &lt; b</p>")
        #expect(t.collapsedText(0) == "Café & bar ’s “x” – &unknown; a < b")
    }

    @Test func scriptsStylesAndCommentsGiveNoText() throws {
        let t = tree("<body><script>if (a < b) { document.write('<p>no</p>') }</script><style>p{}</style><!-- <p>hidden</p> --><p>yes</p></body>")
        #expect(t.collapsedText(0) == "yes")
    }

    @Test func jsonLDScriptTextIsKept() throws {
        let t = tree(#"<head><script type="application/ld+json">{"headline":"A"}</script></head>"#)
        let script = try #require(t.first(.script))
        #expect(t.collapsedText(script) == #"{"headline":"A"}"#)
    }

    @Test func attributesAreKeptDecodedAndCaseFolded() throws {
        let t = tree(#"<DIV CLASS="story body" id=main data-x="1"><a HREF="/a?x=1&amp;y=2">link</a></DIV>"#)
        let div = try #require(t.first(.div))
        #expect(t.attribute(div, .class) == "story body")
        #expect(t.attribute(div, .id) == "main")
        let link = try #require(t.first(.a))
        #expect(t.attribute(link, .href) == "/a?x=1&y=2")
    }

    @Test func unmatchedEndTagsAndStrayMarkupAreTolerated() throws {
        let t = tree("<div></span><p>a < b and c > d</p></b></div></div><p>after")
        #expect(t.collapsedText(0).contains("a < b and c > d"))
        #expect(t.count > 0)
    }

    @Test func truncatedMarkupEndsCleanly() throws {
        for cut in ["<p>text</", "<p>text<di"] {
            #expect(tree(cut).collapsedText(0) == "text")
        }
        // A `<` that cannot start a tag is text.
        #expect(tree("<p>text<").collapsedText(0) == "text<")
        #expect(tree("<p>&amp").collapsedText(0) == "&amp")
        #expect(tree("<p>&#").collapsedText(0) == "&#")
        // Nothing but an open comment, attribute or script: an empty tree or an element, no text.
        #expect(tree("<!-- open comment").count == 0)
        #expect(tree("<p class=\"x").collapsedText(0) == "")
        #expect(tree("<script>var a").collapsedText(0) == "")
    }
}
