import Foundation
import FuzzSupport
import ReportKit

// Fuzzed bytes as machine-translated text: the text reader, `extract`, then
// `translate-fixups` with every rule on. The first byte picks whether `extract` runs,
// so the fixups also see unstructured bodies; the rest is the text.

let extract = FuzzHarness.transformer("extract")
let fixups = FuzzHarness.transformer("translate-fixups", everything: true)

runFuzzer { data in
    guard let control = data.first else { return }
    let steps = control & 1 == 1 ? [extract, fixups] : [fixups]
    guard var report = FuzzHarness.read(data.dropFirst(), format: .text, path: "fuzz.txt") else { return }
    FuzzHarness.apply(steps.compactMap { $0 }, to: &report)
    FuzzHarness.checkInvariants(report)
}
