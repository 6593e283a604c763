import Foundation
import FuzzSupport
import ReportKit

// Fuzzed bytes as a report in its JSON form (what `--jsonl` and exec plugins hand over).
// A report that decodes must survive the round trip, and every built-in that does not
// touch the outside world must handle it: a decoded report can hold anything, such as
// quotes and summary sentences that point at blocks that do not exist.

let steps: [any Transformer] = ["extract", "translate-fixups", "summarize"].compactMap {
    FuzzHarness.transformer($0, everything: true)
}

runFuzzer { data in
    guard var report = FuzzHarness.read(data, format: .json, path: "fuzz.json") else { return }
    FuzzHarness.checkInvariants(report)
    // Output-path templates and plain-text output walk the report too.
    _ = report.plainText
    for path in ["title", "body.0.text", "quotes.0.speaker"] { _ = report.value(atPath: path) }
    FuzzHarness.apply(steps, to: &report)
    FuzzHarness.checkInvariants(report)
}
