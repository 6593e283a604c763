import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// The packed sentence graph (rows sorted by length, eight to a slice) must give the ranks a
/// plain PageRank over the same links gives, whatever lane each row ends up in.
@Suite struct SentenceGraphTests {
    /// A report whose sentences share words unevenly, so rows differ in length.
    static func report(sentences: Int) -> Report {
        let words = ["harbor", "bridge", "council", "budget", "ferry", "canal", "market", "library", "garden", "survey",
                     "tunnel", "school", "clinic", "stadium", "museum", "airport", "station", "forest", "river", "tower",
                     "valley", "square", "palace", "bakery", "factory", "theater", "orchard", "quarry", "harvest", "lantern"]
        var state: UInt64 = 3
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let text = (0..<sentences).map { i in
            // Sentences of one to nine words from a pool of thirty: some link to a few others,
            // some to most, so rows differ in length and sorting them moves them between lanes.
            let count = 1 + next(1 + i % 9)
            return "The " + (0..<count).map { _ in words[next(words.count)] }.joined(separator: " and the ") + "."
        }.joined(separator: " ")
        return Report(id: "g", raw: text, title: nil, body: [Block(.paragraph, text)])
    }

    /// PageRank on the links, row by row, in plain arrays.
    static func plainRanks(_ doc: SummaryDocument, damping: Double = 0.85) -> [Double] {
        let n = doc.sentences.count
        var weight = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                let shared = SummaryDocument.overlap(doc.termsOf(i), doc.termsOf(j))
                let denominator = log(1 + Double(doc.sentences[i].contentTokens)) + log(1 + Double(doc.sentences[j].contentTokens))
                if shared > 0, denominator > 0 { weight[i][j] = Double(shared) / denominator; weight[j][i] = weight[i][j] }
            }
        }
        let out = weight.map { $0.reduce(0, +) }
        var rank = [Double](repeating: 1 / Double(n), count: n)
        for _ in 0..<200 {
            rank = (0..<n).map { i in
                (1 - damping) / Double(n) + damping * (0..<n).reduce(0) { $0 + (out[$1] > 0 ? weight[i][$1] * rank[$1] / out[$1] : 0) }
            }
        }
        return rank
    }

    @Test(arguments: [1, 2, 7, 8, 9, 40, 61])
    func packedRanksMatchPlainPageRank(sentences: Int) throws {
        let doc = SummaryDocument(report: Self.report(sentences: sentences), stopWords: StopWords.forLanguage("en"))
        try #require(doc.sentences.count == sentences)
        let packed = SentenceRanker.textRank(doc, iterations: 200)
        let plain = sentences > 1 ? Self.plainRanks(doc) : [1]
        // TextRank stops once an iteration moves the ranks by less than `convergence` in all,
        // which leaves them within convergence · d / (1 - d) of the limit in all (PageRank
        // contracts by the damping d); a row in the wrong lane would be off by thousandths.
        let bound = SentenceRanker.convergence * 0.85 / 0.15
        var total = 0.0
        for i in 0..<sentences { total += abs(packed[i] - plain[i]) }
        #expect(total < bound, "ranks off by \(total) in all: \(packed) vs \(plain)")
    }

    @Test func rowsAreSortedLongestFirstAndPaddingIsSmall() {
        let doc = SummaryDocument(report: Self.report(sentences: 61), stopWords: StopWords.forLanguage("en"))
        let graph = SentenceGraph(doc)
        let links = graph.weight.filter { $0 > 0 }.count
        #expect(Set(graph.laneRow.filter { $0 >= 0 }).count == 61, "every row has exactly one lane")
        #expect(graph.laneRow.prefix(61) != ArraySlice((0..<61).map(Int32.init)), "the rows were not reordered: the test would prove nothing")
        #expect(graph.weight.count < links + links / 4, "\(graph.weight.count) slots for \(links) links")
    }
}

extension SentenceGraphTests {
    /// Without phrases (no keywords wanted) the document is the same but for `phraseStream`.
    @Test func documentWithoutPhrasesIsTheSameOtherwise() {
        let report = Self.report(sentences: 61)
        let full = SummaryDocument(report: report, stopWords: StopWords.forLanguage("en"))
        let lean = SummaryDocument(report: report, stopWords: StopWords.forLanguage("en"), phrases: false)
        #expect(!full.phraseStream.isEmpty && lean.phraseStream.isEmpty)
        #expect(lean.terms == full.terms && lean.titleTerms == full.titleTerms)
        #expect(lean.sentences.map(\.termRange) == full.sentences.map(\.termRange))
        #expect(lean.sentences.map(\.contentTokens) == full.sentences.map(\.contentTokens))
        #expect(lean.sentences.map(\.eligible) == full.sentences.map(\.eligible))
        #expect(lean.termInfo.map(\.count) == full.termInfo.map(\.count))
    }

    @Test func countingSortOrdersRowsAsTheComparisonSortDid() {
        var state: UInt64 = 11
        for n in [0, 1, 2, 9, 64, 300] {
            let lengths = (0..<n).map { _ -> Int32 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int32((state >> 40) % 12)
            }
            let expected = (0..<n).sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
            #expect(SentenceGraph.longestFirst(lengths) == expected, "\(lengths)")
        }
    }
}
