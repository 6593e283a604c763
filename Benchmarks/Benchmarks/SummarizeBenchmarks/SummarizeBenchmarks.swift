import Benchmark
import Foundation
import ReportKit
import ReportKitTransformers

// Speed of `summarize` on reports already in memory (reading and JSON are not counted).
//
// Articles: the BBC dev articles when present (set REPORTKIT_SUMMARIZATION_DEV to the
// "BBC News Summary/News Articles" folder, or keep ../shared next to the checkout); they are
// read at run time and never copied into the project. Without them, invented articles of
// the same shape (20 sentences in 9 paragraphs) are used.

let articlesFolder: String = {
    if let path = ProcessInfo.processInfo.environment["REPORTKIT_SUMMARIZATION_DEV"] { return path }
    let here = URL(fileURLWithPath: #filePath)
    // Benchmarks/Benchmarks/SummarizeBenchmarks/x.swift → checkout → its parent → shared/
    let checkout = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return checkout.deletingLastPathComponent().appendingPathComponent("shared/datasets/summarization-dev/BBC News Summary/News Articles").path
}()

/// Article bodies as the scorer gives them: headline removed, one block per paragraph.
let articles: [Report] = {
    var reports: [Report] = []
    let fm = FileManager.default
    if let categories = try? fm.contentsOfDirectory(atPath: articlesFolder) {
        for category in categories.sorted() {
            let folder = articlesFolder + "/" + category
            for name in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted() where name.hasSuffix(".txt") {
                guard let data = fm.contents(atPath: folder + "/" + name) else { continue }
                let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
                reports.append(Report(id: name, body: lines.dropFirst().map { Block(.paragraph, String($0)) }))
            }
        }
    }
    if reports.isEmpty { reports = (0..<250).map { inventedArticle(seed: UInt64($0) + 1, sentences: 20) } }
    return reports
}()

/// A report of `sentences` invented sentences over a small news-like vocabulary.
func inventedArticle(seed: UInt64, sentences: Int) -> Report {
    let words = ["council", "budget", "harbor", "bridge", "repairs", "minister", "plan", "voters", "market", "prices",
                 "company", "profits", "players", "season", "film", "award", "network", "software", "schools", "police",
                 "court", "ruling", "trade", "talks", "growth", "jobs", "energy", "costs", "city", "river"]
    let fillers = ["the", "said", "on", "in", "of", "and", "a", "to", "was", "for", "with", "after"]
    var state = seed
    func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(state >> 33) % n
    }
    var paragraphs: [String] = []
    var current: [String] = []
    for _ in 0..<sentences {
        var sentence: [String] = []
        for k in 0..<(12 + next(16)) { sentence.append(k % 3 == 1 ? fillers[next(fillers.count)] : words[next(words.count)]) }
        current.append(sentence.joined(separator: " ").capitalizedFirst + ".")
        if current.count >= 1 + next(3) { paragraphs.append(current.joined(separator: " ")); current = [] }
    }
    if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
    return Report(id: "invented-\(seed)", body: paragraphs.map { Block(.paragraph, $0) })
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// One report of exactly 500 sentences: dev articles one after another, or invented text.
let fiveHundredSentences: Report = {
    var body: [Block] = []
    var count = 0
    for article in articles {
        for block in article.body {
            let n = SentenceSplitter.split(block.text).count
            if count + n > 500 { continue }
            body.append(block)
            count += n
        }
        if count == 500 { break }
    }
    if count < 500 { return inventedArticle(seed: 7, sentences: 500) }
    return Report(id: "five-hundred", body: body)
}()

func makeSummarizer(_ settings: [String: OptionValue]) -> any Transformer {
    var values = SummarizeTransformer.spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
    values.merge(settings) { _, new in new }
    return try! SummarizeTransformer.registration.make(TransformerOptions(values.compactMapValues { $0 }),
                                                       BuildContext(baseDirectory: URL(fileURLWithPath: "/tmp"), stepName: "summarize"))
}

let context = StepContext(stepName: "summarize", stepIndex: 0, run: RunContext(baseDirectory: URL(fileURLWithPath: "/tmp")))

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuUser, .throughput, .mallocCountTotal], maxDuration: .seconds(5))

    // One iteration summarizes one article; throughput is articles per second.
    Benchmark("Summarize: one article (sentences=3)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let summarizer = makeSummarizer(["sentences": .integer(3)])
        var i = 0
        for _ in benchmark.scaledIterations {
            var report = articles[i % articles.count]
            try? summarizer.transform(&report, context: context)
            blackHole(report.summary)
            i += 1
        }
    }

    Benchmark("Summarize: 500-sentence document (sentences=10)") { benchmark in
        let summarizer = makeSummarizer(["sentences": .integer(10)])
        for _ in benchmark.scaledIterations {
            var report = fiveHundredSentences
            try? summarizer.transform(&report, context: context)
            blackHole(report.summary)
        }
    }

    Benchmark("Summarize: sentence splitter over one article", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var i = 0
        for _ in benchmark.scaledIterations {
            for block in articles[i % articles.count].body { blackHole(SentenceSplitter.byteRanges(in: block.text)) }
            i += 1
        }
    }
}
