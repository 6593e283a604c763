import Benchmark
import Foundation
import ReportKit
import ReportKitTransformers

// translate-fixups throughput on about 20 MB of news text, default rules, one core.
// (The encoding repair runs inside it: its trigger fires on every paragraph with Latin-1
// letters, symbols, Greek, Cyrillic, box drawing or U+FFFD.)
//
// The text is a corpus of news articles (FIXUPS_BENCH_CORPUS: a folder of .txt files,
// by default the BBC dev articles in ../shared/datasets, read at run time, never copied),
// repeated to 20 MB. Four variants: as is (straight quotes), with curly quotes as
// translated Chinese news writes them, with 2% of the paragraphs damaged, and with every
// paragraph damaged.
// Throughput in MB/s = 20 / (wall clock time per iteration).

let targetBytes = 20 << 20

/// News paragraphs, one per line, repeated to about 20 MB.
let corpus: [String] = {
    let folder = ProcessInfo.processInfo.environment["FIXUPS_BENCH_CORPUS"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../../shared/datasets/summarization-dev").standardized.path
    var paragraphs: [String] = []
    if let files = FileManager.default.enumerator(atPath: folder) {
        for case let file as String in files where file.hasSuffix(".txt") && !file.contains("Summaries") {
            if let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) ?? String(contentsOfFile: folder + "/" + file, encoding: .isoLatin1) {
                paragraphs += text.split(separator: "\n").map { String($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
            }
        }
    }
    if paragraphs.isEmpty {
        // Fallback when the corpus is absent: generated sentences, so the benchmark still runs.
        let subjects = ["The city council", "Officials in the province", "The ministry", "Local farmers", "The company"]
        let verbs = ["announced plans to expand", "said it would review", "reported a rise in", "called for more investment in"]
        let objects = ["public transport", "the water supply", "rural schools", "export markets", "the new airport"]
        for k in 0..<5_000 {
            paragraphs.append("\(subjects[k % 5]) \(verbs[k % 4]) \(objects[k % 5]) on Monday, according to a statement released at 10 a.m. It said 1,200 people, about 3.5 percent, were affected.")
        }
    }
    var out: [String] = []
    var size = 0
    while size < targetBytes {
        for p in paragraphs where size < targetBytes { out.append(p); size += p.utf8.count + 1 }
    }
    return out
}()

func curled(_ s: String) -> String {
    var out = ""
    var open = true
    for ch in s {
        switch ch {
        case "\"": out.append(open ? "“" : "”"); open.toggle()
        case "'": out.append("’")
        default: out.append(ch)
        }
    }
    return out
}

let damages: [@Sendable (String) -> String] = [
    { $0.replacingOccurrences(of: ", ", with: "，") },
    { $0.replacingOccurrences(of: "’", with: "â€™") },
    { $0.replacingOccurrences(of: ". ", with: ". , ") },
    { $0.replacingOccurrences(of: " the ", with: " the the ") },
    { $0.replacingOccurrences(of: " and ", with: " and s ") },
]

func makeReport(_ paragraphs: [String]) -> Report {
    Report(id: "bench", body: paragraphs.map { Block(.paragraph, $0) })
}

let straightReport = makeReport(corpus)
let curlyReport = makeReport(corpus.map(curled))
let damagedReport = makeReport(corpus.map(curled).enumerated().map { $0.offset % 50 == 7 ? damages[$0.offset % damages.count]($0.element) : $0.element })
/// Every paragraph damaged, as in the generated reports of `scripts/gen-reports.py`, where
/// the per-edit work (rescans, change records) dominates rather than the clean-text scan.
let allDamagedReport = makeReport(corpus.map(curled).enumerated().map { damages[$0.offset % damages.count]($0.element) })

func fixups() -> any Transformer {
    let registration = BuiltinTransformers.registry.registration(named: "translate-fixups")!
    let options = registration.spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
    return try! registration.make(TransformerOptions(options.compactMapValues { $0 }),
                                  BuildContext(baseDirectory: URL(fileURLWithPath: "/tmp"), stepName: "translate-fixups"))
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .throughput], timeUnits: .milliseconds,
                                           maxDuration: .seconds(10), maxIterations: 10)
    let transformer = fixups()
    let context = StepContext(stepName: "translate-fixups", stepIndex: 0, run: RunContext(baseDirectory: URL(fileURLWithPath: "/tmp")))
    for (name, report) in [("news, straight quotes", straightReport), ("news, curly quotes", curlyReport), ("news, 2% damaged", damagedReport),
                          ("news, every paragraph damaged", allDamagedReport)] {
        Benchmark("Fixups: 20 MB \(name), default rules") { benchmark in
            for _ in benchmark.scaledIterations {
                var copy = report
                benchmark.startMeasurement()
                try transformer.transform(&copy, context: context)
                benchmark.stopMeasurement()
                blackHole(copy)
            }
        }
    }
}
