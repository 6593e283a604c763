import Foundation
import FuzzSupport
import ReportKit

// Fuzzed bytes as a scraped web page: libxml2's HTML reader, then `extract` with every
// drop kind on, then the invariants every finished report must satisfy.

let extract = FuzzHarness.transformer("extract", everything: true)

runFuzzer { data in
    guard var report = FuzzHarness.read(data, format: .html, path: "fuzz.html") else { return }
    FuzzHarness.apply([extract].compactMap { $0 }, to: &report)
    FuzzHarness.checkInvariants(report)
}
