import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// HTML pages written for these tests (invented sites and stories).
@Suite struct HTMLExtractionTests {
    static let paragraphs = [
        "The city opened its first floating solar farm on the reservoir on Thursday, covering an area the size of six football fields.",
        "Engineers say the panels, which sit on plastic floats, stay cooler than those on land and produce about a tenth more power.",
        "The farm will supply roughly 4,000 homes, according to the water authority, which owns the reservoir and the panels.",
        "Critics worry about the effect on fish and birds, and the authority has promised to publish water samples every month.",
    ]

    static func page(head: String = "", article: String) -> String {
        """
        <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Solar farm floats on reservoir | Valley Post</title>\(head)</head>
        <body>
        <header class="site-header"><a href="/">Valley Post</a><ul class="menu"><li><a href="/news">News</a></li><li><a href="/weather">Weather</a></li></ul></header>
        <nav><a href="/a">Politics</a> <a href="/b">Business</a> <a href="/c">Culture</a></nav>
        \(article)
        <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Council approves budget for the new year</a></li><li><a href="/y">Storm closes mountain pass again</a></li></ul></aside>
        <footer><p>Valley Post, 12 Mill Street. Copyright 2024. All rights reserved.</p></footer>
        </body></html>
        """
    }

    @Test func articleBodyWithoutFurniture() throws {
        let article = """
        <main><article><h1>Solar farm floats on reservoir</h1>
        <div class="byline">By Ines Moreau</div>
        <div class="social-share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
        \(Self.paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))
        <div class="related-stories"><h2>Related</h2><ul><li><a href="/1">Wind farm plan shelved after protests</a></li><li><a href="/2">Heat pumps sell out in the valley</a></li></ul></div>
        </article></main>
        """
        let report = try extract(Self.page(article: article), format: .html)
        #expect(report.body.map(\.text) == Self.paragraphs)
        #expect(report.title == "Solar farm floats on reservoir")
        #expect(report.language == "en-GB")
        #expect(report.authors == ["Ines Moreau"])
    }

    @Test func articleSplitAcrossSeveralContainersKeepsAllText() throws {
        let article = """
        <div class="wrapper"><div class="story-part"><p>\(Self.paragraphs[0])</p><p>\(Self.paragraphs[1])</p></div>
        <div class="ad-slot advertisement">Advertisement</div>
        <div class="story-part"><p>\(Self.paragraphs[2])</p><p>\(Self.paragraphs[3])</p></div></div>
        """
        let report = try extract(Self.page(article: article), format: .html)
        #expect(report.body.map(\.text) == Self.paragraphs)
    }

    @Test func pageWithSeveralArticleElementsKeepsTheMainStory() throws {
        let article = """
        <div id="content"><article class="post"><h1>Solar farm floats on reservoir</h1>
        \(Self.paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))</article>
        <section class="more-stories"><article><h3><a href="/t1">Tram line extended to the airport</a></h3></article>
        <article><h3><a href="/t2">Library reopens after flood repairs</a></h3></article></section></div>
        """
        let report = try extract(Self.page(article: article), format: .html)
        #expect(report.body.map(\.text) == Self.paragraphs)
    }

    @Test func structureIsKeptAsBlocks() throws {
        let article = """
        <article><p>\(Self.paragraphs[0])</p><h2>How it works</h2><p>\(Self.paragraphs[1])</p>
        <ul><li>Panels on floats, anchored to the bottom.</li><li>Cables run along the dam wall.</li></ul>
        <blockquote><p>“It is the cheapest power we have ever bought,” the authority's director said.</p></blockquote>
        <table><tr><th>Year</th><th>Output</th></tr><tr><td>2024</td><td>9 GWh</td></tr></table>
        <p>\(Self.paragraphs[2])</p></article>
        """
        let report = try extract(Self.page(article: article), format: .html)
        let kinds = report.body.map(\.kind)
        #expect(kinds == [.paragraph, .heading, .paragraph, .listItem, .listItem, .quote, .tableRow, .tableRow, .paragraph])
        #expect(report.body[6].text == "Year | Output")
        #expect(report.body[7].text == "2024 | 9 GWh")
        let withoutTables = try extract(Self.page(article: article), format: .html, options: ["tables": .boolean(false)])
        #expect(!withoutTables.body.contains { $0.kind == .tableRow })
    }

    @Test func metadataPrecedenceJSONLDThenOpenGraphThenPage() throws {
        let head = """
        <meta property="og:title" content="OG title loses to JSON-LD">
        <meta property="og:site_name" content="Valley Post">
        <meta property="og:description" content="Panels on a reservoir.">
        <meta property="article:published_time" content="2024-06-01T08:00:00+02:00">
        <meta name="keywords" content="energy, solar, water">
        <link rel="canonical" href="https://valley.example/solar-farm">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Valley Post"},
        {"@type":"NewsArticle","headline":"Solar farm floats on reservoir","datePublished":"2024-06-01T07:30:00+02:00",
        "dateModified":"2024-06-02T09:15:00+02:00","author":[{"@type":"Person","name":"Ines Moreau"},{"@type":"Person","name":"Tom Hale"}],
        "publisher":{"@type":"Organization","name":"Valley Post Media"},"keywords":["energy","solar"]}]}</script>
        """
        let article = "<article>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</article>"
        let report = try extract(Self.page(head: head, article: article), format: .html)
        #expect(report.title == "Solar farm floats on reservoir")
        #expect(report.authors == ["Ines Moreau", "Tom Hale"])
        #expect(report.published == "2024-06-01T07:30:00+02:00")
        #expect(report.updated == "2024-06-02T09:15:00+02:00")
        #expect(report.site == "Valley Post")
        #expect(report.url == "https://valley.example/solar-farm")
        #expect(report.description == "Panels on a reservoir.")
        #expect(report.tags == ["energy", "solar"])
    }

    @Test func titleFallsBackToTitleTagWithoutSiteSuffix() throws {
        let page = "<html><head><title>Solar farm floats on reservoir | Valley Post</title></head><body><div>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div></body></html>"
        let report = try extract(page, format: .html)
        #expect(report.title == "Solar farm floats on reservoir")
    }

    @Test func commentsAreKeptApartWhenAsked() throws {
        let article = """
        <article>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</article>
        <section id="comments"><div class="comment"><p>Great news for the valley, finally some progress here.</p></div></section>
        """
        let without = try extract(Self.page(article: article), format: .html)
        #expect(!without.bodyText.contains("Great news"))
        #expect(without.comments.isEmpty)
        let with = try extract(Self.page(article: article), format: .html, options: ["comments": .boolean(true)])
        #expect(!with.bodyText.contains("Great news"))
        #expect(with.comments.map(\.text) == ["Great news for the valley, finally some progress here."])
    }

    @Test func quotesInHTMLArticles() throws {
        let article = """
        <article><p>Water authority director Paulo Reis opened the farm on Thursday.</p>
        <p>“We can cover the whole reservoir if the fish do well,” Reis said.</p>
        <p>He added: “The panels also slow evaporation in summer, which matters more every year.”</p></article>
        """
        let report = try extract(Self.page(article: article), format: .html)
        #expect(report.quotes.count == 2)
        #expect(report.quotes.allSatisfy { $0.speaker == "Paulo Reis" })
    }
}
