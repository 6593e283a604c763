import Foundation
import FuzzSupport
import ReportKit

// Fuzzed bytes as a plain-text report (often not even UTF-8): the text reader, then
// `extract` with every drop kind on, then the report invariants.

let extract = FuzzHarness.transformer("extract", everything: true)

runFuzzer { data in
    guard var report = FuzzHarness.read(data, format: .text, path: "fuzz.txt") else { return }
    FuzzHarness.apply([extract].compactMap { $0 }, to: &report)
    FuzzHarness.checkInvariants(report)
}
