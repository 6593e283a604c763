import Foundation
import Testing
import ReportKit
import ReportKitTransformers

/// Runs summarize with options given as `--set` would.
private func summarize(_ report: Report, _ options: [String: OptionValue] = [:]) throws -> Report {
    let spec = SummarizeTransformer.spec
    var values = spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
    values.merge(options) { _, new in new }
    let transformer = try SummarizeTransformer.registration.make(
        TransformerOptions(values.compactMapValues { $0 }),
        BuildContext(baseDirectory: URL(fileURLWithPath: "/tmp"), stepName: "summarize"))
    var copy = report
    try transformer.transform(&copy, context: StepContext(stepName: "summarize", stepIndex: 0,
                                                          run: RunContext(baseDirectory: URL(fileURLWithPath: "/tmp"))))
    return copy
}

private func report(_ paragraphs: [String], title: String? = nil) -> Report {
    Report(id: "t", title: title, body: paragraphs.map { Block(.paragraph, $0) })
}

/// A short invented news story about a harbor bridge.
private let bridgeStory = [
    "The city council approved a budget to repair the harbor bridge on Monday.",
    "The harbor bridge has been closed to trucks since a crack was found in March.",
    "A bakery on Pier Street won a regional prize for its rye bread.",
    "Council members said repairs to the harbor bridge would start in June and take a year.",
    "The bridge repair budget is the largest the council has approved in a decade.",
    "Local weather was mild for the season.",
]

@Suite struct SummarizeTests {
    @Test func picksTheCentralSentencesInDocumentOrder() throws {
        let out = try summarize(report(bridgeStory), ["sentences": .integer(3)])
        let summary = try #require(out.summary)
        #expect(summary.method == "textrank")
        #expect(summary.sentences.count == 3)
        #expect(summary.sentences.map(\.position) == summary.sentences.map(\.position).sorted())
        #expect(!summary.sentences.contains { $0.text.contains("bakery") || $0.text.contains("weather") })
        for s in summary.sentences { #expect(out.body[s.block].text.contains(s.text)) }
    }

    @Test func scoreOrderPutsTheBestFirst() throws {
        let out = try summarize(report(bridgeStory), ["sentences": .integer(4), "order": .string("score")])
        let scores = try #require(out.summary).sentences.map(\.score)
        #expect(scores == scores.sorted(by: >))
    }

    @Test func leadAndCentroidMethods() throws {
        let lead = try #require(try summarize(report(bridgeStory), ["method": .string("lead"), "sentences": .integer(2)]).summary)
        #expect(lead.sentences.map(\.position) == [0, 1])
        let centroid = try #require(try summarize(report(bridgeStory), ["method": .string("centroid"), "sentences": .integer(2)]).summary)
        #expect(centroid.method == "centroid")
        #expect(!centroid.sentences.contains { $0.text.contains("weather") })
    }

    @Test func lengthByRatioAndWords() throws {
        let byRatio = try #require(try summarize(report(bridgeStory), ["ratio": .number(0.5)]).summary)
        #expect(byRatio.sentences.count == 3)
        let byWords = try #require(try summarize(report(bridgeStory), ["words": .integer(30)]).summary)
        let words = byWords.sentences.reduce(0) { $0 + WordTokenizer.words($1.text).count }
        #expect(!byWords.sentences.isEmpty)
        #expect(words <= 30)
    }

    @Test func titleIsNeverASummarySentence() throws {
        let title = "Council approves harbor bridge repair budget"
        let body = [title] + bridgeStory + ["Council approves harbor bridge repair budget."]
        let summary = try #require(try summarize(report(body, title: title), ["sentences": .integer(5)]).summary)
        #expect(!summary.sentences.contains { TextFolding.foldForComparison($0.text) == TextFolding.foldForComparison(title) })
    }

    @Test func nearDuplicatesAreNotBothPicked() throws {
        let body = [
            "The harbor bridge will close for repairs in June, the council said.",
            "The harbor bridge will close for repairs in June, the council said on Monday.",
            "Repairs to the harbor bridge are expected to take a full year.",
            "Trucks will use the north road while the harbor bridge is closed.",
        ]
        let summary = try #require(try summarize(report(body), ["sentences": .integer(2)]).summary)
        #expect(summary.sentences.filter { $0.text.hasPrefix("The harbor bridge will close") }.count == 1)
    }

    /// Scores of every sentence, by position, with the given options on top of "all sentences, by score".
    private func scoresByPosition(_ body: [String], _ options: [String: OptionValue]) throws -> [Int: Double] {
        var all: [String: OptionValue] = ["sentences": .integer(body.count), "order": .string("score"), "redundancy": .number(1)]
        all.merge(options) { _, new in new }
        let summary = try #require(try summarize(report(body), all).summary)
        return Dictionary(uniqueKeysWithValues: summary.sentences.map { ($0.position, $0.score) })
    }

    @Test func figureBonusGoesToYearsPercentagesSumsAndAmounts() throws {
        let body = [
            "The ferry company carried 2.4 million passengers on the lake route.",  // amount with magnitude
            "Ticket prices on the lake ferry rose by 8% in the spring.",            // percentage
            "The new ferry terminal will open in 2027, the company said.",          // year
            "A single ferry fare now costs $12 for adults.",                        // currency
            "The 3rd ferry of the day left the pier at 10:30 on the 14th.",         // ordinals, clock time
            "Crews painted 40 benches near the ferry dock on route B12.",           // a count, a code
            "Passengers praised the quiet new ferry engines.",                      // no number
        ]
        let plain = try scoresByPosition(body, ["figure-weight": .number(0)])
        let boosted = try scoresByPosition(body, ["figure-weight": .number(0.5)])
        let gains = (0..<body.count).map { ((boosted[$0] ?? 0) - (plain[$0] ?? 0)) }
        for k in 0..<4 { #expect(abs(gains[k] - 0.5) < 0.001, "sentence \(k) states a figure") }
        for k in 4..<7 { #expect(abs(gains[k]) < 0.001, "sentence \(k) states no figure") }
    }

    @Test func deadlineBonusGoesToATargetYear() throws {
        let body = [
            "The valley railway wants to run electric trains on every line by 2031.",
            "The railway plans to finish the tunnel works before the end of 2029, officials said.",
            "The valley railway opened its first line in 1911 and rebuilt it in 1960.",
            "Electric trains on the valley railway are quieter than diesel ones.",
        ]
        let plain = try scoresByPosition(body, ["deadline-weight": .number(0)])
        let boosted = try scoresByPosition(body, ["deadline-weight": .number(0.3)])
        let gains = (0..<body.count).map { ((boosted[$0] ?? 0) - (plain[$0] ?? 0)) }
        #expect(abs(gains[0] - 0.3) < 0.001)
        #expect(abs(gains[1] - 0.3) < 0.001)
        #expect(abs(gains[2]) < 0.001)
        #expect(abs(gains[3]) < 0.001)
    }

    @Test func noveltyTradesARepeatForDistinctContent() throws {
        // The second sentence restates the first; the hard redundancy cut is off (1) so that
        // only the MMR penalty can keep them apart.
        let body = [
            "The river festival drew large crowds to the old town bridge on Saturday evening.",
            "Large crowds came to the old town bridge for the river festival on Saturday.",
            "The river festival had boat races near the old town bridge.",
            "Food stalls at the river festival sold out by Saturday evening.",
            "Music stages lined the banks.",
        ]
        let options: [String: OptionValue] = ["sentences": .integer(2), "position-weight": .number(0),
                                              "title-weight": .number(0), "redundancy": .number(1)]
        var without = options; without["novelty"] = .number(0)
        var with = options; with["novelty"] = .number(1)
        let plain = try #require(try summarize(report(body), without).summary).sentences.map(\.position)
        let novel = try #require(try summarize(report(body), with).summary).sentences.map(\.position)
        #expect(plain == [0, 1])
        #expect(novel.contains(0) != novel.contains(1))
        #expect(novel.count == 2)
    }

    @Test func quotesCanBeAvoidedOrPreferred() throws {
        let body = [
            "The museum reopened its east wing after two years of work on the roof.",
            "“The museum roof was leaking into the east wing every winter,” the director said.",
            "Visitors to the museum can see the east wing collection again from Friday.",
            "The museum east wing roof work cost more than planned, officials said.",
        ]
        let avoided = try #require(try summarize(report(body), ["sentences": .integer(2), "quotes": .string("avoid")]).summary)
        #expect(!avoided.sentences.contains { $0.text.hasPrefix("“") })
        let preferred = try #require(try summarize(report(body), ["sentences": .integer(1), "quotes": .string("prefer"),
                                                                  "position-weight": .number(0)]).summary)
        #expect(preferred.sentences.first?.text.hasPrefix("“") == true)
    }

    @Test func keywordsAreRankedWithPhrasesAndWithoutStopWords() throws {
        let summary = try #require(try summarize(report(bridgeStory), ["keywords": .integer(5)]).summary)
        let texts = summary.keywords.map(\.text)
        #expect(texts.first == "harbor bridge")
        #expect(!texts.contains("the"))
        #expect(summary.keywords.map(\.score) == summary.keywords.map(\.score).sorted(by: >))
    }

    @Test func datelineIsCutFromTheSummaryText() throws {
        let body = ["PORTVILLE (Coast Wire) -- The harbor bridge reopened to trucks on Monday after a year of repairs.",
                    "Repairs to the harbor bridge cost the city more than planned."]
        let summary = try #require(try summarize(report(body), ["sentences": .integer(2)]).summary)
        #expect(summary.sentences.first?.text.hasPrefix("The harbor bridge reopened") == true)
    }

    // Bad input: a result or a clear note, never a crash, in bounded time.

    @Test func emptyBodyGivesAnEmptySummaryAndANote() throws {
        let out = try summarize(report([]))
        #expect(out.summary?.sentences.isEmpty == true)
        #expect(out.diagnostics.contains { $0.message.contains("no sentences") })
    }

    @Test func oneSentenceReport() throws {
        let out = try summarize(report(["Only one thing happened today in the quiet town."]), ["sentences": .integer(3)])
        #expect(out.summary?.sentences.map(\.text) == ["Only one thing happened today in the quiet town."])
    }

    @Test func textWithoutPunctuationIsCutIntoUnits() throws {
        let line = (0..<2000).map { "word\($0 % 97)" }.joined(separator: " ")
        let out = try summarize(report([line]), ["sentences": .integer(2)])
        let summary = try #require(out.summary)
        #expect(summary.sentences.count == 2)
        #expect(summary.sentences.allSatisfy { $0.text.utf8.count <= 1_200 })
        #expect(out.diagnostics.contains { $0.message.contains("no sentence punctuation") })
    }

    @Test func allQuotesStillSummarizes() throws {
        let body = (0..<6).map { "“The ferry number \($0) will run every hour from the harbor,” the captain said." }
        let summary = try #require(try summarize(report(body), ["sentences": .integer(2), "quotes": .string("avoid")]).summary)
        #expect(summary.sentences.count == 2)
    }

    @Test func headingsAreNotSummarySentences() throws {
        var r = report(bridgeStory)
        r.body.insert(Block(.heading, "Harbor bridge repairs approved by the council today."), at: 0)
        let summary = try #require(try summarize(r, ["sentences": .integer(3)]).summary)
        #expect(!summary.sentences.contains { $0.block == 0 })
    }

    @Test func longReportHasBoundedCost() throws {
        // About 1 MB: 8,000 invented sentences drawn from a small vocabulary.
        let words = ["harbor", "bridge", "council", "budget", "repair", "truck", "river", "ferry", "market", "school",
                     "road", "rail", "station", "museum", "park", "tower", "library", "clinic", "port", "tunnel"]
        var paragraphs: [String] = []
        var seed: UInt64 = 42
        for _ in 0..<800 {
            var sentences: [String] = []
            for _ in 0..<10 {
                var sentence: [String] = []
                for _ in 0..<14 {
                    seed = seed &* 6364136223846793005 &+ 1442695040888963407
                    sentence.append(words[Int(seed >> 33) % words.count])
                }
                sentences.append("The " + sentence.joined(separator: " ") + ".")
            }
            paragraphs.append(sentences.joined(separator: " "))
        }
        let started = Date()
        let out = try summarize(report(paragraphs), ["sentences": .integer(5)])
        #expect(out.summary?.sentences.count == 5)
        #expect(Date().timeIntervalSince(started) < 60)  // a hang guard, not a speed measurement
    }
}
