import Foundation
import Testing
@testable import ReportKit

/// A transformer for loader tests, with one option of each kind.
private struct Probe: Transformer {
    static let spec = TransformerSpec(
        name: "probe", summary: "Options of every type, for tests.",
        options: [
            OptionSpec("count", .integer(min: 1, max: 10), default: .integer(3), doc: "A bounded integer."),
            OptionSpec("ratio", .number(min: 0, max: 1), doc: "A bounded number."),
            OptionSpec("strict", .boolean, default: .boolean(false), doc: "A flag."),
            OptionSpec("mode", .choice(["fast", "careful"]), default: .string("fast"), doc: "A choice."),
            OptionSpec("rules", .list(.choice(["alpha", "beta", "gamma"])), doc: "A list of choices."),
            OptionSpec("label", .string, doc: "Free text."),
        ])
    static let registration = TransformerRegistration(spec: spec) { options, _ in Probe(options: options) }
    let options: TransformerOptions
    func transform(_ report: inout Report, context: StepContext) throws {
        report.metadata["probe"] = .string(options.string("label") ?? "")
    }
}

private struct NeedsPath: Transformer {
    static let registration = TransformerRegistration(spec: TransformerSpec(
        name: "needs-path", summary: "Requires an option.",
        options: [OptionSpec("path", .string, required: true, doc: "Where.")])) { _, _ in NeedsPath() }
    func transform(_ report: inout Report, context: StepContext) throws {}
}

private let registry = TransformerRegistry([Probe.registration, NeedsPath.registration])

@Suite struct PipelineLoaderTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("A title\nA body line.\n".utf8).write(to: directory.appendingPathComponent("a.txt"))
    }

    /// Writes the marked pipeline, loads it, and returns the diagnostics (empty on success).
    func diagnostics(_ source: MarkedSource, name: String = "p.yaml", environment: [String: String] = [:],
                     overrides: [OptionOverride] = []) throws -> [Diagnostic] {
        let path = directory.appendingPathComponent(name).path
        try Data(source.text.utf8).write(to: URL(fileURLWithPath: path))
        let loader = PipelineLoader(registry: registry, environment: environment, overrides: overrides)
        do {
            _ = try loader.load(path: path)
            return []
        } catch let list as DiagnosticList {
            return list.diagnostics
        }
    }

    func location(_ d: Diagnostic) -> String {
        d.mark.map { "\($0.line):\($0.column)" } ?? "none"
    }

    @Test func loadsAValidPipelineWithDefaults() throws {
        let path = directory.appendingPathComponent("ok.yaml").path
        try Data("name: ok\ninput: a.txt\nsteps:\n  - probe:\n      label: hi\n  - probe\n".utf8).write(to: URL(fileURLWithPath: path))
        let pipeline = try PipelineLoader(registry: registry).load(path: path)
        #expect(pipeline.name == "ok")
        #expect(pipeline.steps.count == 2)
        #expect(pipeline.steps[0].options.int("count") == 3)
        #expect(pipeline.steps[0].options.string("label") == "hi")
        #expect(pipeline.steps[1].mark.line == 6)
    }

    @Test func unknownOptionPointsAtItWithSuggestion() throws {
        let source = MarkedSource("input: a.txt\nsteps:\n  - probe:\n      1️⃣cuont: 2\n")
        let found = try diagnostics(source)
        #expect(found.count == 1)
        #expect(found[0].message == "unknown option 'cuont' for step 'probe'")
        #expect(location(found[0]) == source.location("1️⃣"))
        #expect(found[0].notes.contains("help: did you mean 'count'?"))
    }

    @Test func unknownTransformerSuggestsTheClosestName() throws {
        let source = MarkedSource("input: a.txt\nsteps:\n  - 1️⃣prbe\n")
        let found = try diagnostics(source)
        #expect(found.map(\.message) == ["unknown transformer 'prbe'"])
        #expect(location(found[0]) == source.location("1️⃣"))
        #expect(found[0].notes.contains("help: did you mean 'probe'?"))
    }

    @Test func reportsEveryProblemInTheFile() throws {
        let source = MarkedSource("""
        1️⃣inptu: a.txt
        steps:
          - probe:
              count: 2️⃣0
              ratio: 3️⃣lots
              strict: 4️⃣maybe
              mode: 5️⃣fsat
              rules: [alpha, 6️⃣delta]
          - 7️⃣needs-path

        """)
        let found = try diagnostics(source)
        let byLocation = Dictionary(found.map { (location($0), $0) }, uniquingKeysWith: { a, _ in a })
        #expect(found.count == 7)
        #expect(byLocation[source.location("1️⃣")]?.message == "unknown key 'inptu' in pipeline")
        #expect(byLocation[source.location("1️⃣")]?.notes.contains("help: did you mean 'input'?") == true)
        #expect(byLocation[source.location("2️⃣")]?.message.contains("out of range") == true)
        #expect(byLocation[source.location("3️⃣")]?.message.contains("must be a number") == true)
        #expect(byLocation[source.location("4️⃣")]?.message.contains("must be true or false") == true)
        #expect(byLocation[source.location("5️⃣")]?.notes.contains("help: did you mean 'fast'?") == true)
        #expect(byLocation[source.location("6️⃣")]?.message.contains("'delta' is not a valid value") == true)
        #expect(byLocation[source.location("7️⃣")]?.message == "step 'needs-path' needs option 'path' (string)")
    }

    @Test func aPipelineMustBeAMapping() throws {
        #expect(try diagnostics(MarkedSource("just a string\n")).first?.message.contains("not a scalar") == true)
        #expect(try diagnostics(MarkedSource("- probe\n- probe\n")).first?.message.contains("not a list") == true)
        #expect(try diagnostics(MarkedSource("")).first?.message.contains("is empty") == true)
        #expect(try diagnostics(MarkedSource("name: x\n")).first?.message.contains("needs 'steps'") == true)
    }

    @Test func missingInputIsPositioned() throws {
        let source = MarkedSource("input: 1️⃣nowhere/*.txt\nsteps: [probe]\n")
        let found = try diagnostics(source)
        #expect(found.map(\.message) == ["no file matches input 'nowhere/*.txt'"])
        #expect(location(found[0]) == source.location("1️⃣"))
    }

    @Test func interpolatesEnvironmentWithDefaults() throws {
        let path = directory.appendingPathComponent("env.yaml").path
        try Data("input: ${IN:-a.txt}\nsteps:\n  - probe:\n      label: ${WHO}-$$5\n".utf8).write(to: URL(fileURLWithPath: path))
        let pipeline = try PipelineLoader(registry: registry, environment: ["WHO": "desk"]).load(path: path)
        #expect(pipeline.inputs == ["a.txt"])
        #expect(pipeline.steps[0].options.string("label") == "desk-$5")
    }

    @Test func unsetVariableWithoutDefaultIsAnError() throws {
        let source = MarkedSource("input: a.txt\nsteps:\n  - probe:\n      label: x 1️⃣${NOPE}\n")
        let found = try diagnostics(source)
        #expect(found.map(\.message) == ["environment variable 'NOPE' is not set"])
        #expect(location(found[0]) == source.location("1️⃣"))
    }

    @Test func includeInlinesAnotherFilesSteps() throws {
        try Data("steps:\n  - probe:\n      label: shared\n".utf8).write(to: directory.appendingPathComponent("common.yaml"))
        let path = directory.appendingPathComponent("main.yaml").path
        try Data("input: a.txt\nsteps:\n  - include: common.yaml\n  - probe\n".utf8).write(to: URL(fileURLWithPath: path))
        let pipeline = try PipelineLoader(registry: registry).load(path: path)
        #expect(pipeline.steps.map { $0.options.string("label") } == ["shared", nil])
        #expect(pipeline.steps[0].file.hasSuffix("common.yaml"))
    }

    @Test func includeCyclesAreRefused() throws {
        try Data("steps:\n  - include: loop-a.yaml\n".utf8).write(to: directory.appendingPathComponent("loop-b.yaml"))
        let found = try diagnostics(MarkedSource("input: a.txt\nsteps:\n  - include: loop-b.yaml\n"), name: "loop-a.yaml")
        #expect(found.contains { $0.message.contains("includes itself") })
    }

    @Test func errorsInIncludedFilesNameThatFile() throws {
        try Data("steps:\n  - probe:\n      bogus: 1\n".utf8).write(to: directory.appendingPathComponent("broken.yaml"))
        let found = try diagnostics(MarkedSource("input: a.txt\nsteps:\n  - include: broken.yaml\n"))
        #expect(found.count == 1)
        #expect(found[0].file?.hasSuffix("broken.yaml") == true)
        #expect(found[0].mark?.line == 3)
    }

    @Test func commandLineOverridesAreTypedAndChecked() throws {
        let path = directory.appendingPathComponent("ov.yaml").path
        try Data("input: a.txt\nsteps:\n  - probe\n".utf8).write(to: URL(fileURLWithPath: path))
        let pipeline = try PipelineLoader(registry: registry, overrides: [OptionOverride(step: "probe", option: "count", value: "7")]).load(path: path)
        #expect(pipeline.steps[0].options.int("count") == 7)
        let bad = try diagnostics(MarkedSource("input: a.txt\nsteps:\n  - probe\n"),
                                  overrides: [OptionOverride(step: "probe", option: "count", value: "70")])
        #expect(bad.first?.message.contains("out of range") == true)
        let noStep = try diagnostics(MarkedSource("input: a.txt\nsteps:\n  - probe\n"),
                                     overrides: [OptionOverride(step: "prob", option: "count", value: "2")])
        #expect(noStep.first?.notes.contains("help: did you mean 'probe'?") == true)
    }

    @Test func onErrorPolicies() throws {
        let path = directory.appendingPathComponent("dl.yaml").path
        try Data("input: a.txt\non-error: {dead-letter: failed}\nsteps:\n  - probe: {on-error: skip}\n".utf8).write(to: URL(fileURLWithPath: path))
        let pipeline = try PipelineLoader(registry: registry).load(path: path)
        #expect(pipeline.onError == .deadLetter(directory.appendingPathComponent("failed")))
        #expect(pipeline.steps[0].onError == .skip)
        let bad = try diagnostics(MarkedSource("input: a.txt\non-error: 1️⃣skpi\nsteps: [probe]\n"))
        #expect(bad.first?.notes.contains("help: did you mean 'skip'?") == true)
    }

    @Test func renderedDiagnosticShowsLineAndCaret() {
        let d = Diagnostic(.error, "unknown option 'sentnces' for step 'summarize'", file: "p.yaml",
                           mark: SourceMark(line: 2, column: 5), length: 8, notes: ["help: did you mean 'sentences'?"])
        let rendered = d.rendered(source: "steps:\n    sentnces: 3\n")
        #expect(rendered == """
        p.yaml:2:5: error: unknown option 'sentnces' for step 'summarize'
           |
         2 |     sentnces: 3
           |     ^~~~~~~~
        help: did you mean 'sentences'?
        """)
    }

    @Test func binaryAndInvalidUTF8PipelinesAreRefused() throws {
        let binary = directory.appendingPathComponent("bin.yaml")
        try Data([0x73, 0x74, 0x00, 0x01, 0x02]).write(to: binary)
        #expect(throws: Diagnostic.self) { try PipelineLoader.readSource(path: binary.path) }
        let latin1 = directory.appendingPathComponent("latin1.yaml")
        try Data("name: caf".utf8 + [0xE9] + Data("\nsteps: [probe]\n".utf8)).write(to: latin1)
        #expect {
            try PipelineLoader.readSource(path: latin1.path)
        } throws: { error in
            let d = error as? Diagnostic
            return d?.message.contains("not valid UTF-8") == true && d?.mark?.line == 1 && d?.mark?.column == 10
        }
        #expect(throws: Diagnostic.self) { try PipelineLoader.readSource(path: directory.path) }
    }
}
