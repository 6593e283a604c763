import Benchmark
import ReportKit

let benchmarks: @Sendable () -> Void = {
    Benchmark("sentence split") { benchmark in
        let text = String(repeating: "The council met on Monday. It voted on the plan. ", count: 1000)
        for _ in benchmark.scaledIterations { blackHole(SentenceSplitter.split(text)) }
    }
}
