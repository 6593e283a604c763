import Foundation
import Testing
@testable import ReportKit

/// Inputs the fuzz targets in Fuzz/ found crashing, each kept as a test. Some were memory
/// errors that only AddressSanitizer turns into a crash; `scripts/sanitize.sh address` runs
/// these with it, and the plain run still checks the behaviour around them.
@Suite struct FuzzRegressionTests {
    /// FuzzHTMLExtract, crash-80f6b1db…, the two bytes `ht` (any HTML did): the tag table was
    /// built from a pointer that `withUnsafeBufferPointer` had already given back
    /// (heap-use-after-free in `HTMLTag.pack`).
    @Test func htmlTagTableIsBuiltFromLiveBytes() throws {
        for tag in HTMLTag.allCases where tag != .text && tag != .other {
            let name = Array(tag.name.utf8) + [0]
            #expect(name.withUnsafeBufferPointer { HTMLTag.lookup($0.baseAddress!) } == tag, "\(tag.name)")
        }
        #expect(Array("blink\0".utf8).withUnsafeBufferPointer { HTMLTag.lookup($0.baseAddress!) } == .other)
        let report = try ReportReader.read(data: Data("ht".utf8), path: "crash.html", format: .html)
        #expect(report.body.map(\.text) == ["ht"])
    }
}

/// Writes `files` into a fresh folder and runs them, under `limits`, through a one-step
/// pipeline that titles each report with its first block; what came out, the summary, the log.
func runTitling(_ files: [(name: String, text: String)], limits: PipelineLimits) throws
    -> (titles: [String], summary: RunSummary, log: [String]) {
    struct Title: Transformer {
        func transform(_ report: inout Report, context: StepContext) throws { report.title = report.body.first?.text }
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-limit-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    for (name, text) in files {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        paths.append(url.path)
    }
    let step = PipelineStep(name: "title", options: TransformerOptions(), transformer: Title(), file: "p.yaml",
                            mark: SourceMark(line: 1, column: 1))
    let pipeline = Pipeline(name: "p", onError: .skip, steps: [step], baseDirectory: folder, file: "p.yaml", limits: limits)
    var titles: [String] = []
    var log: [String] = []
    let summary = PipelineRunner(pipeline: pipeline, context: RunContext(baseDirectory: folder))
        .run(inputs: paths, emit: { titles.append($0.title ?? "") }, log: { log.append($0) })
    return (titles, summary, log)
}

/// A pipeline's `limits: input-bytes` reaches the runner: an input over it fails alone,
/// with the limit named, and the others go through.
@Suite struct RunnerInputLimitTests {
    @Test func anInputOverTheLimitFailsAloneNamingTheLimit() throws {
        var limits = PipelineLimits.default
        limits.maxInputBytes = 50
        let (titles, summary, log) = try runTitling([("small.txt", "Short one"), ("large.txt", String(repeating: "Long line ", count: 10))],
                                                    limits: limits)
        #expect(titles == ["Short one"])
        #expect(summary.failed == 1)
        #expect(log.contains { $0.contains("large.txt") && $0.contains("is 100 bytes, more than the limit of 50 (limits: input-bytes)") },
                "\(log)")
    }
}

/// `limits: html-depth`: a page nested deeper than the limit fails alone when it is read,
/// with the limit named; the tree reports how deep a page went with either parser.
@Suite struct HTMLDepthLimitTests {
    /// `levels` nested `div`s inside `body`, the innermost holding a sentence.
    static func nested(_ levels: Int) -> String {
        "<html><body>" + String(repeating: "<div>", count: levels) + "Deep inside." + String(repeating: "</div>", count: levels)
            + "</body></html>"
    }

    @Test func theTreeKnowsHowDeepThePageWent() {
        let bytes = Array(Self.nested(30).utf8)
        #expect(HTMLScanner.parse(utf8: bytes).depth == 32, "html, body and 30 divs")
        #expect(HTMLTreeBuilder.parse(utf8: bytes).depth == 32)
        #expect(HTMLScanner.parse(utf8: Array("<p>One</p><p>Two</p>".utf8)).depth == 1, "siblings do not add up")
    }

    @Test func aPageOverTheLimitFailsAloneNamingTheLimit() throws {
        var limits = PipelineLimits.default
        limits.htmlDepth = 40
        let (titles, summary, log) = try runTitling([("shallow.html", Self.nested(10)), ("deep.html", Self.nested(60))], limits: limits)
        #expect(titles == ["Deep inside."])
        #expect(summary.failed == 1)
        #expect(log.contains { $0.contains("deep.html") && $0.contains("nests HTML elements 62 deep, more than the limit of 40 (limits: html-depth)") },
                "\(log)")
        // Read on its own with the default limit, the deep page is fine.
        #expect(try ReportReader.read(data: Data(Self.nested(60).utf8), path: "deep.html").body.map(\.text) == ["Deep inside."])
    }
}
