import Foundation
import HeapModule
import ReportKit

/// `summarize`: an extractive summary (the sentences that carry the report) and its keywords.
public struct SummarizeTransformer: Transformer {
    /// How sentences are scored before position, title and quote features are added.
    public enum Method: String, Sendable, CaseIterable {
        case textrank, centroid, lead
    }

    /// The order of the summary's sentences.
    public enum Order: String, Sendable, CaseIterable {
        case document, score
    }

    /// What to do with sentences that are mostly direct quotes.
    public enum QuotePolicy: String, Sendable, CaseIterable {
        case neutral, prefer, avoid
    }

    /// The summary's length: a sentence count, a share of the sentences, or a word budget.
    public enum Length: Sendable, Equatable {
        case sentences(Int)
        case ratio(Double)
        case words(Int)
    }

    public var method: Method
    public var length: Length
    public var order: Order
    public var quotes: QuotePolicy
    public var positionWeight: Double
    public var titleWeight: Double
    public var redundancy: Double
    public var figureWeight: Double
    public var novelty: Double
    public var deadlineWeight: Double
    public var keywordCount: Int
    public var language: String?

    public init(method: Method = .textrank, length: Length = .sentences(3), order: Order = .document,
                quotes: QuotePolicy = .neutral, positionWeight: Double = Self.defaultPositionWeight,
                titleWeight: Double = Self.defaultTitleWeight, redundancy: Double = Self.defaultRedundancy,
                figureWeight: Double = Self.defaultFigureWeight, novelty: Double = Self.defaultNovelty,
                deadlineWeight: Double = Self.defaultDeadlineWeight, keywordCount: Int = 10, language: String? = nil) {
        self.method = method
        self.length = length
        self.order = order
        self.quotes = quotes
        self.positionWeight = positionWeight
        self.titleWeight = titleWeight
        self.redundancy = redundancy
        self.figureWeight = figureWeight
        self.novelty = novelty
        self.deadlineWeight = deadlineWeight
        self.keywordCount = keywordCount
        self.language = language
    }

    /// Weight of the lead prior `1 / (1 + k)` for the k-th eligible sentence. Centrality alone
    /// scores best on extractive BBC references (dev ROUGE-1 82.0 at 0, 80.9 at 0.3), but
    /// abstractive news highlights (CNN) reward the lede; 0.3 spends a point of the one to
    /// make sure of the other (the lede is picked in 98 % of dev articles).
    public static let defaultPositionWeight = 0.3
    /// Weight of the share of title terms a sentence repeats.
    public static let defaultTitleWeight = 0.1
    /// Two sentences sharing more than this share of their terms (Jaccard) are not both picked.
    public static let defaultRedundancy = 0.6
    /// Bonus for a sentence that states a concrete figure (a year, a percentage, a sum).
    /// Small on purpose: 0.05 adds 0.2 dev ROUGE-1 alone; 0.15 already costs 0.4.
    public static let defaultFigureWeight = 0.05
    /// Bonus for a sentence that states a target date (`by 2030`), on top of the figure bonus:
    /// goals belong in the gist. Rare in news (17 of 250 dev articles), so it moves dev
    /// ROUGE-1 by under 0.2 at weights up to 0.3.
    public static let defaultDeadlineWeight = 0.15
    /// MMR: a candidate loses this times its largest word overlap with a sentence ranked above it.
    /// Off by default: on the dev set it moves ROUGE-1 by ±0.15 without a trend.
    public static let defaultNovelty = 0.0
    /// MMR re-ranks only this many best candidates (the rest follow in score order), so its
    /// cost stays bounded on long reports.
    static let noveltyPool = 128
    /// How much a quote's score moves under `quotes: prefer` or `avoid`.
    static let quoteAdjustment = 0.25

    /// Summarize reads the body and title only.
    public var reads: ReportParts { [] }

    public func transform(_ report: inout Report, context: StepContext) throws {
        let languageTag = language ?? report.language
        let stopWords = StopWords.forLanguage(languageTag)
        if stopWords == nil {
            report.diagnostics.append(ReportDiagnostic(.note, step: context.stepName,
                "no stop list for language '\(languageTag ?? "")': keywords and similarity use every word"))
        }
        let wantsKeywords = context.wanted.contains(.keywords) && keywordCount > 0
        let doc = SummaryDocument(report: report, stopWords: stopWords, phrases: wantsKeywords)
        let picked = select(doc)
        if doc.sentences.isEmpty {
            report.diagnostics.append(ReportDiagnostic(.note, step: context.stepName, "the body has no sentences to summarize"))
        } else if picked.isEmpty {
            report.diagnostics.append(ReportDiagnostic(.note, step: context.stepName,
                "no body sentence can be a summary sentence (only headings, the title or site furniture)"))
        }
        if !doc.hasTerminatedSentences, !doc.sentences.isEmpty {
            report.diagnostics.append(ReportDiagnostic(.note, step: context.stepName,
                "the body has no sentence punctuation: sentences are its lines, cut at \(SummaryDocument.maxSentenceBytes) bytes"))
        }
        let sentences = picked.map { pick in
            SummarySentence(text: Self.withoutDateline(doc.text(of: pick.index, in: report)),
                            block: doc.sentences[pick.index].block, position: pick.index,
                            score: (pick.score * 10_000).rounded() / 10_000)
        }
        report.summary = Summary(sentences: sentences,
                                 keywords: wantsKeywords ? KeywordExtractor.keywords(doc, report: report, limit: keywordCount) : [],
                                 method: method.rawValue)
    }

    struct Pick {
        var index: Int
        var score: Double

        /// Ranks before `other`: a higher score, then an earlier sentence.
        func isBetter(than other: Pick) -> Bool {
            score != other.score ? score > other.score : index < other.index
        }
    }

    /// Candidates best first. A summary takes its first few, so a heap hands them out one at
    /// a time instead of sorting every sentence (the order is the same: ties go to the
    /// earlier sentence either way).
    struct BestFirst {
        private struct Ranked: Comparable {
            var pick: Pick
            static func < (a: Ranked, b: Ranked) -> Bool { b.pick.isBetter(than: a.pick) }
            static func == (a: Ranked, b: Ranked) -> Bool { a.pick.index == b.pick.index && a.pick.score == b.pick.score }
        }
        private var heap: Heap<Ranked>

        init(_ picks: [Pick]) { heap = Heap(picks.map { Ranked(pick: $0) }) }

        mutating func next() -> Pick? { heap.popMax()?.pick }
    }

    /// Scores the eligible sentences, then takes the best within the length budget while
    /// skipping near-duplicates of sentences already taken.
    func select(_ doc: SummaryDocument) -> [Pick] {
        let eligible = doc.sentences.indices.filter { doc.sentences[$0].eligible }
        guard !eligible.isEmpty else { return [] }
        let base: [Double]
        switch method {
        case .textrank: base = SentenceRanker.textRank(doc)
        case .centroid: base = SentenceRanker.centroid(doc)
        case .lead: base = SentenceRanker.lead(doc)
        }
        let top = eligible.map { base[$0] }.max() ?? 1
        let scale = top > 0 ? 1 / top : 1
        let titleTerms = doc.titleTerms[...]
        var scored: [Pick] = []
        scored.reserveCapacity(eligible.count)
        for (rank, i) in eligible.enumerated() {
            let s = doc.sentences[i]
            var score = base[i] * scale
            if method != .lead { score += positionWeight / Double(1 + rank) }
            if titleWeight > 0, !titleTerms.isEmpty {
                score += titleWeight * Double(SummaryDocument.overlap(doc.termsOf(i), titleTerms)) / Double(titleTerms.count)
            }
            if s.statesFigure { score += figureWeight }
            if s.statesDeadline { score += deadlineWeight }
            if s.isQuote {
                switch quotes {
                case .neutral: break
                case .prefer: score += Self.quoteAdjustment
                case .avoid: score -= Self.quoteAdjustment
                }
            }
            scored.append(Pick(index: i, score: score))
        }
        // Novelty re-ranks a pool of the best, so it needs them all in order.
        var ordered: [Pick] = []
        var bestFirst = BestFirst([])
        if novelty > 0 {
            scored.sort { $0.isBetter(than: $1) }
            ordered = reorderForNovelty(scored, doc)
        } else {
            bestFirst = BestFirst(scored)
        }
        var position = 0
        func nextCandidate() -> Pick? {
            guard novelty > 0 else { return bestFirst.next() }
            guard position < ordered.count else { return nil }
            position += 1
            return ordered[position - 1]
        }

        var chosen: [Pick] = []
        var skipped: [Pick] = []
        var words = 0
        let wanted: Int
        switch length {
        case .sentences(let n): wanted = n
        case .ratio(let r): wanted = max(1, Int((r * Double(eligible.count)).rounded()))
        case .words: wanted = eligible.count
        }
        while let pick = nextCandidate() {
            if chosen.count >= wanted { break }
            if case .words(let budget) = length {
                let w = doc.sentences[pick.index].words
                if !chosen.isEmpty, words + w > budget { continue }
                words += w
            }
            let mine = doc.termsOf(pick.index)
            let repeats = chosen.contains { other in
                let theirs = doc.termsOf(other.index)
                let shared = SummaryDocument.overlap(mine, theirs)
                let union = mine.count + theirs.count - shared
                return union > 0 && Double(shared) / Double(union) > redundancy
            }
            if repeats {
                skipped.append(pick)
                if case .words = length { words -= doc.sentences[pick.index].words }
                continue
            }
            chosen.append(pick)
        }
        // Near-duplicates fill a sentence budget that the rest cannot.
        if case .words = length {} else {
            for pick in skipped where chosen.count < wanted { chosen.append(pick) }
        }
        if order == .document { chosen.sort { $0.index < $1.index } }
        return chosen
    }

    /// Maximal marginal relevance over the best `noveltyPool` candidates: each next place goes
    /// to the candidate whose score minus `novelty` times its largest Jaccard overlap with the
    /// candidates already placed is highest.
    func reorderForNovelty(_ scored: [Pick], _ doc: SummaryDocument) -> [Pick] {
        let poolSize = min(scored.count, Self.noveltyPool)
        guard poolSize > 2 else { return scored }
        var remaining = Array(scored[0..<poolSize])
        var penalty = [Double](repeating: 0, count: poolSize)
        var ordered: [Pick] = []
        ordered.reserveCapacity(scored.count)
        while !remaining.isEmpty {
            var best = 0
            for k in 1..<remaining.count where remaining[k].score - penalty[k] > remaining[best].score - penalty[best] {
                best = k
            }
            let placed = remaining.remove(at: best)
            penalty.remove(at: best)
            ordered.append(placed)
            let theirs = doc.termsOf(placed.index)
            for k in remaining.indices {
                let mine = doc.termsOf(remaining[k].index)
                let shared = SummaryDocument.overlap(mine, theirs)
                let union = mine.count + theirs.count - shared
                if union > 0 { penalty[k] = max(penalty[k], novelty * Double(shared) / Double(union)) }
            }
        }
        ordered.append(contentsOf: scored[poolSize...])
        return ordered
    }

    /// The sentence without a leading news-agency dateline (`LONDON (Reuters) -- `,
    /// `PARIS, France (CNN) — `): a place and a source, not part of the summary.
    static func withoutDateline(_ sentence: String) -> String {
        let utf8 = Array(sentence.utf8.prefix(90))
        var close = -1
        var k = 0
        while k < utf8.count {
            let b = utf8[k]
            if b == 0x29 { close = k; break }
            // Before the source only capitals, spaces, commas, periods and lowercase place words.
            if b == 0x28 || b == 0x20 || b == 0x2C || b == 0x2E || b == 0x2D || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80 {
                k += 1
                continue
            }
            return sentence
        }
        guard close > 0, utf8.contains(0x28) else { return sentence }
        var j = close + 1
        while j < utf8.count, utf8[j] == 0x20 { j += 1 }
        var dashEnd = -1
        if j + 1 < utf8.count, utf8[j] == 0x2D, utf8[j + 1] == 0x2D { dashEnd = j + 2 }
        else if j < utf8.count, utf8[j] == 0x2D { dashEnd = j + 1 }
        else if j + 2 < utf8.count, utf8[j] == 0xE2, utf8[j + 1] == 0x80, utf8[j + 2] == 0x94 || utf8[j + 2] == 0x93 { dashEnd = j + 3 }
        guard dashEnd > 0 else { return sentence }
        while dashEnd < utf8.count, utf8[dashEnd] == 0x20 { dashEnd += 1 }
        guard dashEnd < utf8.count else { return sentence }
        return String(decoding: sentence.utf8.dropFirst(dashEnd), as: UTF8.self)
    }
}
