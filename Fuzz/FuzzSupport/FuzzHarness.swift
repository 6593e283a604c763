import Foundation
import ReportKit
import ReportKitTransformers
import CFuzzerDriver

/// Runs built-in transformers over fuzzed reports the way the pipeline runner does.
///
/// A fuzz target may let any error through (a clear error is the right answer to bad
/// input); what it must never see is a crash, a hang or runaway memory, which libFuzzer
/// and AddressSanitizer catch.
public enum FuzzHarness {
    /// Transformers a fuzzer must never build or run: they start programs or write files.
    public static let excludedTransformers: Set<String> = ["exec", "export"]

    /// The built-in registry without the transformers that touch the outside world.
    public static let registry: TransformerRegistry = {
        TransformerRegistry(BuiltinTransformers.registry.all.filter { !excludedTransformers.contains($0.spec.name) })
    }()

    /// A scratch folder for this process, removed by the OS's tmp cleaner, never by us mid-run.
    public static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-fuzz-\(getpid())", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// A built transformer, with the spec's defaults; `everything` also switches on every
    /// choice of list-of-choice options (all fixup rules, all drop kinds) to reach more code.
    public static func transformer(_ name: String, everything: Bool = false,
                                   options extra: [String: OptionValue] = [:]) -> (any Transformer)? {
        guard let registration = registry.registration(named: name) else { return nil }
        var values: [String: OptionValue] = [:]
        for option in registration.spec.options {
            if everything, case .list(.choice(let all)) = option.type {
                values[option.name] = .list(all.map { .string($0) })
            } else if let value = option.defaultValue {
                values[option.name] = value
            }
        }
        values.merge(extra) { _, new in new }
        return try? registration.make(TransformerOptions(values), BuildContext(baseDirectory: scratch, stepName: name))
    }

    /// Applies the transformers in order; stops at the first error, as the runner does.
    /// `wanted` is what the steps are told later steps read (`[]`: the lean paths a Markdown
    /// brief takes).
    public static func apply(_ transformers: [any Transformer], to report: inout Report, wanted: ReportParts = .all) {
        let run = RunContext(baseDirectory: scratch)
        for (index, transformer) in transformers.enumerated() {
            let context = StepContext(stepName: "fuzz-\(index)", stepIndex: index, run: run, wanted: wanted)
            do { try transformer.transform(&report, context: context) } catch { return }
        }
    }

    /// Reads fuzzed bytes as an input of the given format; nil when the reader refuses them.
    public static func read(_ data: Data, format: InputFormat, path: String) -> Report? {
        try? ReportReader.read(data: data, path: path, format: format)
    }

    /// Checks what every finished report must satisfy, trapping (a finding) when it does not.
    public static func checkInvariants(_ report: Report) {
        // Every report a step produces must survive the JSON round trip the plugin protocol
        // and JSONL streaming rely on.
        guard let line = try? report.jsonLine() else { fatalError("a transformed report does not encode to JSON") }
        guard let back = try? Report.decode(json: Data(line.utf8)) else { fatalError("a report's own JSON does not decode") }
        if back != report { fatalError("a report changes in a JSON round trip") }
    }
}

/// The body the fuzzer runs for each input; set once by `runFuzzer` before fuzzing starts.
nonisolated(unsafe) private var fuzzBody: ((Data) -> Void)?

/// Starts libFuzzer on `body` with this process's arguments (libFuzzer's own flags,
/// corpus folders, crash files to replay) and exits with libFuzzer's status.
public func runFuzzer(_ body: @escaping (Data) -> Void) -> Never {
    fuzzBody = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
        // Copied: libFuzzer reuses its buffer, and an empty input may come with a nil pointer.
        let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
        fuzzBody?(data)
        return 0
    }
    exit(status)
}
