import Benchmark
import ReportKit

// Filled in by the Summarize work; until then it measures the shared sentence splitter.
let benchmarks: @Sendable () -> Void = {
    Benchmark("Summarize: placeholder sentence split") { benchmark in
        let text = String(repeating: "The council met on Monday. It voted on the plan. ", count: 1000)
        for _ in benchmark.scaledIterations { blackHole(SentenceSplitter.split(text)) }
    }
}
