import Benchmark
import Foundation
import ReportKit
import ReportKitTransformers

/// HTML pages to extract: the extraction dev set when it is next to the checkout
/// (`../shared/datasets/extraction-dev/html/*.html.gz`, read at run time, never copied),
/// else generated article pages of a similar size.
let pages: [Data] = loadDevPages() ?? generatedPages(count: 50)
let totalBytes = pages.reduce(0) { $0 + $1.count }

func loadDevPages() -> [Data]? {
    let candidates = ["../shared/datasets/extraction-dev/html", "../../shared/datasets/extraction-dev/html",
                      "/work/shared/datasets/extraction-dev/html"]
    guard let folder = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
          let names = try? FileManager.default.contentsOfDirectory(atPath: folder).filter({ $0.hasSuffix(".html.gz") }).sorted(),
          !names.isEmpty else { return nil }
    var result: [Data] = []
    for name in names {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", folder + "/" + name]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 0 { result.append(data) }
    }
    return result.isEmpty ? nil : result
}

func generatedPages(count: Int) -> [Data] {
    (0 ..< count).map { n in
        var page = "<html><head><title>Story \(n) | Example News</title><meta property=\"og:site_name\" content=\"Example News\"></head><body>"
        page += "<header><nav>" + (0 ..< 40).map { "<a href=\"/s\($0)\">Section \($0)</a>" }.joined() + "</nav></header><main><article><h1>Story \(n)</h1>"
        for p in 0 ..< 30 {
            page += "<p>Paragraph \(p) of story \(n): the council met on Monday, and Mayor Ana Ruiz said the budget of 3.2 billion dollars would grow by 4% in 2025, “as we promised,” she said.</p>"
        }
        page += "</article><aside class=\"related\">" + (0 ..< 20).map { "<li><a href=\"/r\($0)\">Related story \($0)</a></li>" }.joined() + "</aside></main>"
        page += "<footer>" + String(repeating: "<div class=\"footer-links\"><a href=\"#\">About</a> <a href=\"#\">Contact</a></div>", count: 30) + "</footer>"
        page += "<script>" + String(repeating: "var x = 1; ", count: 2000) + "</script></body></html>"
        return Data(page.utf8)
    }
}

let extractor: any Transformer = {
    let spec = ExtractTransformer.spec
    let defaults = spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
    return try! ExtractTransformer.registration.make(TransformerOptions(defaults.compactMapValues { $0 }),
                                                     BuildContext(baseDirectory: URL(fileURLWithPath: "."), stepName: "extract"))
}()

let context = StepContext(stepName: "extract", stepIndex: 0, run: RunContext(baseDirectory: URL(fileURLWithPath: ".")))

let benchmarks: @Sendable () -> Void = {
    // CPU time as well as wall clock: on a shared machine the wall clock also counts waiting for a core.
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuUser, .throughput], maxDuration: .seconds(10), maxIterations: 50)

    // One iteration = every page, read and extracted, as `reportkit apply extract` does.
    Benchmark("extract: read + extract, \(pages.count) pages, \(totalBytes / 1000) kB of HTML") { benchmark in
        for _ in benchmark.scaledIterations {
            for page in pages {
                var report = try ReportReader.read(data: page, path: "page.html", format: .html)
                try extractor.transform(&report, context: context)
                blackHole(report)
            }
        }
    }

    // The HTML tree alone: charset check, then HTMLScanner or libxml2 SAX, for comparison.
    let utf8Pages = pages.map { HTMLCharset.decode($0).bytes }
    Benchmark("extract: HTML tree only (HTMLScanner), \(pages.count) pages") { benchmark in
        for _ in benchmark.scaledIterations {
            for page in utf8Pages { blackHole(HTMLScanner.parse(utf8: page).count) }
        }
    }
    Benchmark("extract: HTML tree only (libxml2 SAX), \(pages.count) pages") { benchmark in
        for _ in benchmark.scaledIterations {
            for page in utf8Pages { blackHole(HTMLTreeBuilder.parse(utf8: page).count) }
        }
    }
    // Main content and metadata only (no quotes, no entities), from the UTF-8 page.
    let contentOnly: any Transformer = {
        var options = ExtractTransformer.spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
        options["quotes"] = .boolean(false)
        options["entities"] = .boolean(false)
        return try! ExtractTransformer.registration.make(TransformerOptions(options.compactMapValues { $0 }),
                                                         BuildContext(baseDirectory: URL(fileURLWithPath: "."), stepName: "extract"))
    }()
    Benchmark("extract: read + main content, no quotes/entities, \(pages.count) pages") { benchmark in
        for _ in benchmark.scaledIterations {
            for page in pages {
                var report = try ReportReader.read(data: page, path: "page.html", format: .html)
                try contentOnly.transform(&report, context: context)
                blackHole(report)
            }
        }
    }

    Benchmark("sentence split") { benchmark in
        let text = String(repeating: "The council met on Monday. It voted on the plan. ", count: 1000)
        for _ in benchmark.scaledIterations { blackHole(SentenceSplitter.split(text)) }
    }
}
