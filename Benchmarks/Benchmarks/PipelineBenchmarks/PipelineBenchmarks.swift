import Benchmark
import Foundation
import ReportKit
import ReportKitTransformers

// The whole example pipeline (pipelines/news-brief.yaml: extract → translate-fixups →
// summarize → export) on generated text reports of several sizes, and the batch runner
// over a folder of files with 1 and 2 jobs. Throughput is reports/s; MB/s is reports/s ×
// the report size in the benchmark's name. Run:
//   swift package --package-path Benchmarks benchmark --target PipelineBenchmarks

/// The example pipeline from the repository, copied into `folder` so that it exports to `folder/out`.
func loadNewsBrief(output folder: URL) -> Pipeline {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let original = repository.appendingPathComponent("pipelines/news-brief.yaml")
    let path = folder.appendingPathComponent("news-brief.yaml").path
    try? FileManager.default.removeItem(atPath: path)
    try? FileManager.default.copyItem(atPath: original.path, toPath: path)
    let loader = PipelineLoader(registry: BuiltinTransformers.registry, environment: ["REPORTKIT_OUT": "out"],
                                checkInputs: false)
    do {
        return try loader.load(path: path)
    } catch {
        fatalError("cannot load \(path): \(error)")
    }
}

func temporaryFolder(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-bench-\(name)-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

let benchmarks: @Sendable () -> Void = {
    let perReport = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .microseconds, maxDuration: .seconds(3), maxIterations: 100_000)

    for kilobytes in [2, 20, 200] {
        var generator = ReportGenerator(seed: UInt64(kilobytes))
        let texts = (0..<16).map { Data(generator.report(bytes: kilobytes * 1024, number: $0).utf8) }
        let output = temporaryFolder("steps-\(kilobytes)k")
        let runner = PipelineRunner(pipeline: loadNewsBrief(output: output),
                                    context: RunContext(baseDirectory: output, overwrite: true))
        Benchmark("news-brief steps, text report \(kilobytes) KB", configuration: perReport) { benchmark in
            for i in benchmark.scaledIterations {
                var report = try ReportReader.read(data: texts[i % texts.count], path: "r\(i % texts.count).txt")
                try runner.process(&report)
                blackHole(report)
            }
        }
    }

    // The batch runner end to end over files: reading, all steps, export, ordered emission.
    let count = 1000
    let input = temporaryFolder("batch-input")
    var generator = ReportGenerator(seed: 7)
    for i in 0..<count {
        let text = generator.report(bytes: 20 * 1024, number: i)
        try? Data(text.utf8).write(to: input.appendingPathComponent(String(format: "r%05d.txt", i)))
    }
    let paths = InputResolver.resolve([input.path], base: input).compactMap { item -> String? in
        if case .file(let path) = item { return path }
        return nil
    }
    for jobs in [1, 2] {
        let output = temporaryFolder("batch-\(jobs)")
        let runner = PipelineRunner(pipeline: loadNewsBrief(output: output),
                                    context: RunContext(baseDirectory: output, overwrite: true))
        Benchmark("runner, 1000 files of 20 KB, jobs \(jobs)",
                  configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
                                       timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 5)) { benchmark in
            for _ in benchmark.scaledIterations {
                let summary = runner.run(source: FileListSource(paths: paths), options: BatchOptions(jobs: jobs),
                                         render: { _ in () }, emit: { _ in }, log: { _ in })
                precondition(summary.succeeded == count, "the batch failed: \(summary)")
            }
        }
    }
}
