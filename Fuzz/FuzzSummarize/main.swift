import Foundation
import FuzzSupport
import ReportKit

// Fuzzed bytes as a report to summarize. The first byte picks the summary length
// (1…16 sentences), whether `extract` runs first and whether keywords (and entities and
// quotes) are wanted later; the rest is the text.

let extract = FuzzHarness.transformer("extract")
let summarizers: [any Transformer] = (1...16).compactMap { count in
    FuzzHarness.transformer("summarize", options: ["sentences": .integer(count)])
}

runFuzzer { data in
    guard let control = data.first, !summarizers.isEmpty else { return }
    let summarize = summarizers[Int(control >> 4) % summarizers.count]
    let steps = control & 1 == 1 ? [extract, summarize] : [summarize]
    guard var report = FuzzHarness.read(data.dropFirst(), format: .text, path: "fuzz.txt") else { return }
    FuzzHarness.apply(steps.compactMap { $0 }, to: &report, wanted: control & 2 == 2 ? [] : .all)
    FuzzHarness.checkInvariants(report)
}
