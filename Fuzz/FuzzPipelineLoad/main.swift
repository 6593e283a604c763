import Foundation
import FuzzSupport
import ReportKit

// Loads fuzzed bytes as a pipeline file, the way `reportkit validate` does: YAML with
// positions and limits, interpolation, includes, option decoding, transformer construction.
// Any diagnostic is a fine answer; a crash, hang or runaway allocation is a finding.

let pipelineURL = FuzzHarness.scratch.appendingPathComponent("pipeline.yaml")
// A file the fuzzed pipeline can `include: steps.yaml`, so includes are exercised too.
try Data("steps:\n  - extract\n  - summarize:\n      sentences: 2\n".utf8)
    .write(to: FuzzHarness.scratch.appendingPathComponent("steps.yaml"))

// As `--no-exec`: a fuzzed `plugins:` or exec step must be refused, never started.
let loader: PipelineLoader = {
    var loader = PipelineLoader(registry: FuzzHarness.registry, environment: ["HOME": "/home/fuzz", "LANG": "en"],
                                checkInputs: false)
    loader.allowExec = false
    return loader
}()
let tightLimits = YAMLLimits(maxDepth: 8, maxNodes: 200, maxBytes: 4096)

runFuzzer { data in
    if let text = String(validating: data, as: UTF8.self) {
        // The YAML layer alone, with tight limits, so the limit paths are reached often.
        _ = try? YAMLLoader.load(text, file: "fuzz.yaml", limits: tightLimits)
        // `--set` values go through the same YAML loader.
        if let override = OptionOverride.parse("summarize.sentences=" + text.prefix(64)) { _ = override.node() }
    }
    guard (try? data.write(to: pipelineURL)) != nil else { return }
    do {
        _ = try loader.load(path: pipelineURL.path)
    } catch let list as DiagnosticList {
        _ = list.rendered()  // rendering the diagnostics (source lines, carets) must hold too
    } catch {
        _ = "\(error)"
    }
}
