import ReportKit

extension SummarizeTransformer {
    public static let spec = TransformerSpec(
        name: "summarize",
        summary: "Pick the sentences that carry the report, and its keywords and key phrases.",
        discussion: """
        Extractive: the summary is made of body sentences as written (a leading agency dateline \
        such as `LONDON (Reuters) --` is cut). The default method, `textrank`, ranks sentences by \
        PageRank over a graph whose edges count the content words two sentences share, weighed \
        against their lengths; only pairs that share a word are visited (an inverted index), and \
        sentences more than 256 apart are not linked (nor, through one word, more than 64 later \
        sentences that share it), so long reports cost time linear in their length. To that \
        score (scaled to 1 for the best sentence) it adds a lead prior \
        `position-weight / (1 + k)` for the k-th sentence, since news puts the gist first, and \
        `title-weight` times the share of title words a sentence repeats, `figure-weight` if it \
        states a concrete figure (a year, a percentage, a sum of money, an amount with a unit; not \
        ordinals, clock times or bare counts) and `deadline-weight` if it states a target date (a \
        year after by, until or before), since a reader expects goals and numbers in the gist. \
        With `novelty` above 0, candidates are re-ranked MMR-style: each loses `novelty` times its \
        largest word overlap with a better-ranked one. `centroid` scores each \
        sentence by its cosine with the document's tf·idf centroid; `lead` takes the first \
        sentences. \
        Never picked: the title or a body copy of it, headings, bylines and captions, editor's \
        notes and calls to click, and unpunctuated fragments whose words all reappear in a longer \
        sentence. Two sentences that share more than `redundancy` of their words (Jaccard) are \
        not both picked. Keywords: words ranked by frequency and phrases of two or three words \
        that occur at least twice, ranked by their count times the mean frequency of their words; \
        title words count double.
        """,
        options: [
            OptionSpec("method", .choice(Method.allCases.map(\.rawValue)), default: .string("textrank"),
                       doc: "How sentences are ranked: textrank (graph centrality), centroid (tf·idf centroid) or lead (first sentences)."),
            OptionSpec("sentences", .integer(min: 1, max: 1000), default: .integer(3),
                       doc: "How many sentences, unless `ratio` or `words` is given."),
            OptionSpec("ratio", .number(min: 0, max: 1),
                       doc: "Summary length as a share of the body's sentences (0.2 = a fifth); overrides `sentences`."),
            OptionSpec("words", .integer(min: 1),
                       doc: "Word budget: best sentences while they fit (at least one); overrides `sentences` and `ratio`."),
            OptionSpec("order", .choice(Order.allCases.map(\.rawValue)), default: .string("document"),
                       doc: "document: in the body's order; score: best first."),
            OptionSpec("quotes", .choice(QuotePolicy.allCases.map(\.rawValue)), default: .string("neutral"),
                       doc: "Sentences that are mostly direct quotes: neutral, prefer or avoid."),
            OptionSpec("position-weight", .number(min: 0, max: 10), default: .number(defaultPositionWeight),
                       doc: "Weight of the lead prior 1/(1+k) for the k-th sentence; 0 ranks by centrality alone."),
            OptionSpec("title-weight", .number(min: 0, max: 10), default: .number(defaultTitleWeight),
                       doc: "Weight of the share of title words a sentence repeats."),
            OptionSpec("redundancy", .number(min: 0, max: 1), default: .number(defaultRedundancy),
                       doc: "Largest word overlap (Jaccard) allowed between two summary sentences; 1 allows duplicates."),
            OptionSpec("figure-weight", .number(min: 0, max: 10), default: .number(defaultFigureWeight),
                       doc: "Bonus for a sentence that states a concrete figure: a year, a percentage, a sum of money or an amount with a unit."),
            OptionSpec("deadline-weight", .number(min: 0, max: 10), default: .number(defaultDeadlineWeight),
                       doc: "Bonus for a sentence that states a target date: a year after by, until or before (by the end of 2030)."),
            OptionSpec("novelty", .number(min: 0, max: 10), default: .number(defaultNovelty),
                       doc: "MMR: a candidate loses this times its largest word overlap (Jaccard) with a better-ranked sentence, so the summary covers more distinct content; 0 turns it off."),
            OptionSpec("keywords", .integer(min: 0, max: 100), default: .integer(10),
                       doc: "How many keywords and key phrases to list (0 for none)."),
            OptionSpec("language", .string,
                       doc: "Language of the stop list (BCP 47); default: the report's `language`, else English."),
        ],
        examples: [
            TransformerExample(
                "Two sentences in document order",
                options: ["sentences": .integer(2)],
                input: """
                The city council approved the new harbor bridge budget on Monday after a long debate.
                Council members said the harbor bridge budget would cover repairs to the old span.
                A local bakery also opened a second shop near the station.
                The bridge budget vote passed by seven votes to two, the council said.
                """,
                expect: [.field("summary.sentences.count", "2"), .field("summary.method", "textrank"),
                         .field("summary.sentences.0.position", "0")]),
            TransformerExample(
                "Lead takes the first sentences",
                options: ["method": .string("lead"), "sentences": .integer(1)],
                input: "Rain closed the mountain road on Tuesday. Crews cleared it by noon. Traffic resumed.",
                expect: [.field("summary.sentences.0.text", "Rain closed the mountain road on Tuesday."),
                         .field("summary.sentences.count", "1")]),
            TransformerExample(
                "Keywords and key phrases",
                options: ["sentences": .integer(1), "keywords": .integer(3)],
                input: """
                The solar farm opened near the river. The solar farm powers four thousand homes.
                Engineers said the solar farm was finished early. Homes nearby now get cheaper power.
                """,
                expect: [.field("summary.keywords.0.text", "solar farm")]),
        ])

    public static let registration = TransformerRegistration(spec: spec) { options, _ in
        let length: Length
        if let words = options.int("words") { length = .words(words) }
        else if let ratio = options.double("ratio") { length = .ratio(ratio) }
        else { length = .sentences(options.int("sentences") ?? 3) }
        return SummarizeTransformer(
            method: Method(rawValue: options.string("method") ?? "") ?? .textrank,
            length: length,
            order: Order(rawValue: options.string("order") ?? "") ?? .document,
            quotes: QuotePolicy(rawValue: options.string("quotes") ?? "") ?? .neutral,
            positionWeight: options.double("position-weight") ?? defaultPositionWeight,
            titleWeight: options.double("title-weight") ?? defaultTitleWeight,
            redundancy: options.double("redundancy") ?? defaultRedundancy,
            figureWeight: options.double("figure-weight") ?? defaultFigureWeight,
            novelty: options.double("novelty") ?? defaultNovelty,
            deadlineWeight: options.double("deadline-weight") ?? defaultDeadlineWeight,
            keywordCount: options.int("keywords") ?? 10,
            language: options.string("language"))
    }
}
