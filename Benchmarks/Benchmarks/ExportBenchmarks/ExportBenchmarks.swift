import Benchmark
import Foundation
import ReportKit
import ReportKitTransformers

/// Export throughput: 10,000 small reports written as Markdown files (the target is
/// well under 1 s per 1,000 reports), and the same batch as one JSON Lines file.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                           maxDuration: .seconds(20), maxIterations: 10)

    let reports = SmallReports.make(count: 10_000)

    Benchmark("Export: 10,000 small reports to Markdown files") { benchmark in
        for _ in benchmark.scaledIterations {
            let folder = Scratch.make()
            let step = try Scratch.step(["format": .string("markdown"), "path": .string("out/{{date}}-{{slug}}.md")], base: folder)
            let run = RunContext(baseDirectory: folder)
            let context = StepContext(stepName: "export", stepIndex: 0, run: run)
            benchmark.startMeasurement()
            for var report in reports { try step.transform(&report, context: context) }
            try step.finish(context: run)
            benchmark.stopMeasurement()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    Benchmark("Export: 10,000 reports to one JSON Lines file, arriving in reverse order") { benchmark in
        // What parallel workers can do at worst: every row out of order, so finish rewrites the file sorted.
        for _ in benchmark.scaledIterations {
            let folder = Scratch.make()
            let step = try Scratch.step(["format": .string("jsonl"), "path": .string("all.jsonl")], base: folder)
            let run = RunContext(baseDirectory: folder)
            benchmark.startMeasurement()
            for (index, report) in reports.enumerated().reversed() {
                var report = report
                try step.transform(&report, context: StepContext(stepName: "export", stepIndex: 0, run: run, reportIndex: index))
            }
            try step.finish(context: run)
            benchmark.stopMeasurement()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    let titles = reports.map { $0.title ?? "" }
    Benchmark("Slug: 10,000 ASCII titles") { benchmark in
        for _ in benchmark.scaledIterations {
            for title in titles { blackHole(Slug.make(title)) }
        }
    }

    let accented = titles.map { $0.replacingOccurrences(of: "City", with: "Cité") }
    Benchmark("Slug: 10,000 titles with accents (transliterated)") { benchmark in
        for _ in benchmark.scaledIterations {
            for title in accented { blackHole(Slug.make(title)) }
        }
    }

    Benchmark("Export: 10,000 small reports to one JSON Lines file") { benchmark in
        for _ in benchmark.scaledIterations {
            let folder = Scratch.make()
            let step = try Scratch.step(["format": .string("jsonl"), "path": .string("all.jsonl")], base: folder)
            let run = RunContext(baseDirectory: folder)
            let context = StepContext(stepName: "export", stepIndex: 0, run: run)
            benchmark.startMeasurement()
            for var report in reports { try step.transform(&report, context: context) }
            try step.finish(context: run)
            benchmark.stopMeasurement()
            try? FileManager.default.removeItem(at: folder)
        }
    }
}

enum Scratch {
    static func make() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-export-bench-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func step(_ options: [String: OptionValue], base: URL) throws -> any Transformer {
        let registration = BuiltinTransformers.registry.registration(named: "export")!
        var values = registration.spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
        values.merge(options) { _, new in new }
        return try registration.make(TransformerOptions(values.compactMapValues { $0 }), BuildContext(baseDirectory: base, stepName: "export"))
    }
}

/// Small synthetic reports (a title, a dek, two authors, a summary, a quote, six paragraphs).
enum SmallReports {
    static func make(count: Int) -> [Report] {
        let places = ["harbor", "river", "market", "school", "bridge", "station", "library", "stadium"]
        let verbs = ["opens", "closes", "reopens", "expands", "plans", "reviews"]
        return (0..<count).map { i in
            let place = places[i % places.count], verb = verbs[(i / places.count) % verbs.count]
            var r = Report(id: "r\(i)", source: Source(path: "in/r\(i).txt", mediaType: "text/plain"),
                           title: "City \(verb) the \(place), report number \(i)")
            r.subtitle = "Council says the \(place) work will take two years"
            r.authors = ["Staff Reporter", "Desk \(i % 7)"]
            r.published = String(format: "2024-%02d-%02d", 1 + i % 12, 1 + i % 28)
            r.tags = [place, verb]
            r.body = (0..<6).map { p in
                Block(.paragraph, "Paragraph \(p) about the \(place): officials said on Monday that the work would cost 3.2 million yuan, and residents asked questions.")
            }
            r.quotes = [Quote(text: "We will finish on time.", speaker: "Li Wen", role: "Director", block: 2)]
            r.summary = Summary(sentences: [SummarySentence(text: r.body[0].text, block: 0, position: 0, score: 1)],
                                keywords: [Keyword(text: place, score: 1)], method: "lead")
            return r
        }
    }
}
