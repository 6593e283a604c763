import Foundation
import FuzzSupport
import ReportKit

// Fuzzed bytes as machine-translated text: the text reader, `extract`, then
// `translate-fixups` with every rule on. The first byte picks whether `extract` runs,
// so the fixups also see unstructured bodies, and whether the edits are recorded (a run
// whose output shows no `changes` skips the record); the rest is the text.

let extract = FuzzHarness.transformer("extract")
let fixups = FuzzHarness.transformer("translate-fixups", everything: true)

runFuzzer { data in
    guard let control = data.first else { return }
    let steps = control & 1 == 1 ? [extract, fixups] : [fixups]
    guard var report = FuzzHarness.read(data.dropFirst(), format: .text, path: "fuzz.txt") else { return }
    FuzzHarness.apply(steps.compactMap { $0 }, to: &report, wanted: control & 2 == 2 ? [] : .all)
    FuzzHarness.checkInvariants(report)
}
