import ReportKit

/// `extract`: a raw page or scrape → title, dek, authors, dates, body, quotes, entities.
public struct ExtractTransformer: Transformer {
    public static let spec = TransformerSpec(
        name: "extract",
        summary: "Structure a raw report: main content, metadata, quotes with speakers, entities.",
        discussion: """
        HTML pages: the article body is chosen by structure and text/link density and kept as \
        blocks (headings, paragraphs, list items, quotes, table rows); navigation, headers, \
        footers, asides, share bars, related links and comments are left out. Metadata comes \
        from JSON-LD, then OpenGraph and meta tags, then the page itself (see docs/extract.md). \
        Plain text and Markdown: the first line is the title, a short line under it the dek; \
        byline and date lines fill `authors` and `published`; navigation residue (`Previous …`, \
        `Next …`, share and related lines, `Advertisement`) and copies of the headline or dek \
        in the body are dropped and listed in `dropped` with the reason. Then, for every input, \
        direct quotes with their speakers and rule-based entities (people, organizations, \
        places, dates, money, quantities).
        """,
        options: [
            OptionSpec("drop", .list(.choice(DropReason.allCases.map(\.rawValue))),
                       default: .list(DropReason.allCases.map { .string($0.rawValue) }),
                       doc: "What to take out of the body (into `dropped`): navigation, repeated-headline, repeated-dek, boilerplate (ads, credits, copyright), byline and dateline lines, links (HTML blocks made mostly of links)."),
            OptionSpec("favor", .choice(["precision", "balanced", "recall"]), default: .string("balanced"),
                       doc: "HTML: `precision` keeps only the best-scoring container and drops doubtful blocks; `recall` also keeps short and link-heavier blocks and more neighbouring containers."),
            OptionSpec("comments", .boolean, default: .boolean(false),
                       doc: "HTML: collect reader comments into `comments` (never into the body)."),
            OptionSpec("tables", .boolean, default: .boolean(true),
                       doc: "HTML: keep tables inside the article, one `table-row` block per row, cells separated by ` | `."),
            OptionSpec("images", .boolean, default: .boolean(false),
                       doc: "HTML: keep figure captions and image descriptions as `caption` blocks."),
            OptionSpec("links", .boolean, default: .boolean(false),
                       doc: "HTML: keep blocks inside the article that are mostly link text (lists of related stories); same as leaving `links` out of `drop`."),
            OptionSpec("quotes", .boolean, default: .boolean(true), doc: "Find direct quotes and their speakers."),
            OptionSpec("entities", .boolean, default: .boolean(true), doc: "Find people, organizations, places, dates, money and quantities."),
            OptionSpec("keep-raw", .boolean, default: .boolean(false),
                       doc: "Keep the input as read in `raw` after structuring it. Off by default: the raw page is most of a JSON report's size (96 % on the HTML development pages) and the input file still has it."),
        ],
        examples: [
            TransformerExample(
                "Title, dek, a repeated headline and navigation lines",
                input: """
                Harbor bridge reopens after a year of repairs

                The span carries 40,000 cars a day.

                The harbor bridge reopened on Monday, Mayor Ana Ruiz said.

                Harbor bridge reopens after a year of repairs

                Next year the city will repaint the towers.

                Previous Rain expected all week
                Next 'Night market' returns to the old town
                """,
                expect: [
                    .field("title", "Harbor bridge reopens after a year of repairs"),
                    .field("subtitle", "The span carries 40,000 cars a day."),
                    .field("dropped.0.reason", "repeated-headline"),
                    .field("dropped.count", "3"),
                    .contains("Next year the city will repaint the towers."),
                    .lacks("Rain expected"),
                ]),
            TransformerExample(
                "Quotes resolve to the full name introduced earlier",
                input: """
                Port plan approved

                Harbor Commissioner Dana Okafor presented the plan on Tuesday.

                “We will move the container yard within five years,” she said.

                “It is the biggest change since 1990,” Okafor said.
                """,
                expect: [
                    .field("quotes.count", "2"),
                    .field("quotes.0.speaker", "Dana Okafor"),
                    .field("quotes.0.role", "Harbor Commissioner"),
                    .field("quotes.1.speaker", "Dana Okafor"),
                ]),
            TransformerExample(
                "An HTML page: the article without its navigation, share bar and footer",
                input: """
                <html><head><title>Ferry service resumes | Coast Daily</title>
                <meta property="og:site_name" content="Coast Daily">
                <meta name="author" content="Lena Park"></head>
                <body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
                <article><h1>Ferry service resumes</h1>
                <div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
                <p>The ferry between the two islands resumed on Friday after a three-week strike, the operator said.</p>
                <p>Crews agreed to a new contract that raises pay by 6 percent, ending the longest stoppage in a decade.</p>
                </article><footer>Copyright Coast Daily. All rights reserved.</footer></body></html>
                """,
                mediaType: "text/html",
                expect: [
                    .field("title", "Ferry service resumes"),
                    .field("site", "Coast Daily"),
                    .field("authors.0", "Lena Park"),
                    .contains("raises pay by 6 percent"),
                    .lacks("Share on Facebook"),
                    .lacks("Sport"),
                    .lacks("All rights reserved"),
                ]),
        ])

    public static let registration = TransformerRegistration(spec: spec) { options, context in
        var drop = Set((options.strings("drop") ?? []).compactMap(DropReason.init(rawValue:)))
        if options.bool("links") == true { drop.remove(.links) }
        return ExtractTransformer(settings: ExtractSettings(
            drop: drop,
            favor: ExtractSettings.Favor(rawValue: options.string("favor") ?? "balanced") ?? .balanced,
            keepComments: options.bool("comments") ?? false,
            keepTables: options.bool("tables") ?? true,
            keepImages: options.bool("images") ?? false,
            findQuotes: options.bool("quotes") ?? true,
            findEntities: options.bool("entities") ?? true,
            stepName: context.stepName,
            maxHTMLDepth: context.limits.htmlDepth),
            keepRaw: options.bool("keep-raw") ?? false)
    }

    let settings: ExtractSettings
    /// Whether `raw` stays in the report once it is structured.
    var keepRaw = false

    /// Extract builds the report; it reads none of the optional parts.
    public var reads: ReportParts { [] }

    public func transform(_ report: inout Report, context: StepContext) throws {
        var structured = false
        if report.source?.mediaType == "text/html", let raw = report.raw {
            try HTMLExtraction(settings: settings).extract(raw: raw, into: &report)
            structured = true
        } else if report.source?.mediaType == "text/plain" || report.source?.mediaType == "text/markdown" {
            TextScrape(drop: settings.drop, stepName: settings.stepName).structure(&report)
            structured = true
        }
        settings.analyzeLanguage(&report, wanted: context.wanted)
        if structured && !keepRaw { report.raw = nil }
    }
}

/// The decoded options of one `extract` step.
struct ExtractSettings: Sendable {
    enum Favor: String, Sendable { case precision, balanced, recall }

    var drop: Set<DropReason>
    var favor: Favor
    var keepComments: Bool
    var keepTables: Bool
    var keepImages: Bool
    var findQuotes: Bool
    var findEntities: Bool
    var stepName: String
    /// Pages nested deeper fail (`limits: html-depth`).
    var maxHTMLDepth = PipelineLimits.defaultHTMLDepth

    /// Quotes and entities over the body, those of them that are `wanted` later in the run.
    func analyzeLanguage(_ report: inout Report, wanted: ReportParts = .all) {
        let findQuotes = findQuotes && wanted.contains(.quotes)
        let findEntities = findEntities && wanted.contains(.entities)
        guard findQuotes || findEntities, !report.body.isEmpty else { return }
        var texts: [(index: Int, text: String)] = []
        if let title = report.title { texts.append((-1, title)) }
        if let subtitle = report.subtitle { texts.append((-2, subtitle)) }
        texts += report.body.enumerated().map { ($0.offset, $0.element.text) }
        let analysis = EntityFinder.analyze(texts)
        if findEntities { report.entities = analysis.entities }
        if findQuotes { report.quotes = QuoteFinder.find(report.body, entities: analysis) }
    }
}
