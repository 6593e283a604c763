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

/// A pipeline's `limits: input-bytes` reaches the runner: an input over it fails alone,
/// with the limit named, and the others go through.
@Suite struct RunnerInputLimitTests {
    private struct Title: Transformer {
        func transform(_ report: inout Report, context: StepContext) throws { report.title = report.body.first?.text }
    }

    @Test func anInputOverTheLimitFailsAloneNamingTheLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-input-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = folder.appendingPathComponent("small.txt"), large = folder.appendingPathComponent("large.txt")
        try Data("Short one".utf8).write(to: small)
        try Data(String(repeating: "Long line ", count: 10).utf8).write(to: large)
        var limits = PipelineLimits.default
        limits.maxInputBytes = 50
        let step = PipelineStep(name: "title", options: TransformerOptions(), transformer: Title(), file: "p.yaml",
                                mark: SourceMark(line: 1, column: 1))
        let pipeline = Pipeline(name: "p", onError: .skip, steps: [step], baseDirectory: folder, file: "p.yaml", limits: limits)
        var titles: [String] = []
        var log: [String] = []
        let summary = PipelineRunner(pipeline: pipeline, context: RunContext(baseDirectory: folder))
            .run(inputs: [small.path, large.path], emit: { titles.append($0.title ?? "") }, log: { log.append($0) })
        #expect(titles == ["Short one"])
        #expect(summary.failed == 1)
        #expect(log.contains { $0.contains("large.txt") && $0.contains("is 100 bytes, more than the limit of 50 (limits: input-bytes)") },
                "\(log)")
    }
}
