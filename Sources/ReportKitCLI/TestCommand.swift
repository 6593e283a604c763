import ArgumentParser
import Foundation
import ReportKit
import ReportKitTransformers

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run YAML test cases (*_test.yaml, inline 'tests:') and every transformer's spec examples.",
        discussion: """
        A case names a transformer (with options) or a pipeline, gives an input, and says what the \
        output must be: its whole text, some fields, or text it contains or lacks. Folders are searched \
        for *_test.yaml files and for pipeline files with 'tests:'. A failure prints a diff with the \
        case's file:line; the last line is 'N passed, N failed'; the exit status is 1 on any failure. \
        See docs/testing.md.
        """)

    @Argument(help: "Test files, pipeline files with 'tests:', or folders to search (default: the current folder).")
    var paths: [String] = []
    @Flag(name: .customLong("no-examples"), help: "Skip the transformers' spec examples.") var noExamples = false
    @Flag(name: .customLong("no-exec"), help: "Refuse test and pipeline files that declare plugins or exec steps.") var noExec = false
    @Option(name: .customLong("filter"), help: "Run only cases and examples whose name or transformer contains this text.") var filter: String?
    @Flag(name: .shortAndLong, help: "Print passing cases too.") var verbose = false

    func run() throws {
        let explicit = !paths.isEmpty
        let files = try TestFileFinder.find(explicit ? paths : ["."], explicit: explicit)
        var runner = YAMLTestRunner(registry: CLIContext.registry, allowExec: !noExec, filter: filter, verbose: verbose)
        for file in files { runner.run(file: file) }
        if !noExamples { runner.runSpecExamples() }
        print("\(runner.passed) passed, \(runner.failed) failed")
        if runner.failed > 0 { throw CommandFailure(code: ExitStatus.reportFailed, message: "") }
    }
}

/// Finds test files: `*_test.yaml` and pipeline files that carry `tests:`.
enum TestFileFinder {
    static func find(_ paths: [String], explicit: Bool) throws -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure(code: ExitStatus.usage, message: "error: \(path): no such file or folder")
            }
            if !isDirectory.boolValue { found.append(path); continue }
            let root = URL(fileURLWithPath: path)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey],
                                                              options: [.skipsHiddenFiles]) else { continue }
            var inFolder: [String] = []
            for case let url as URL in walker {
                let name = url.lastPathComponent
                if name.hasPrefix(".build") || name == "node_modules" { walker.skipDescendants(); continue }
                // A nested package is another project with its own transformers and tests.
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { walker.skipDescendants(); continue }
                guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
                let display = path == "." ? String(url.path.dropFirst(root.standardizedFileURL.path.count + 1))
                    : (path as NSString).appendingPathComponent(String(url.path.dropFirst(root.standardizedFileURL.path.count + 1)))
                if name.hasSuffix("_test.yaml") || name.hasSuffix("_test.yml") || hasInlineTests(url) { inFolder.append(display) }
            }
            found += inFolder.sorted()
        }
        if explicit && found.isEmpty {
            throw CommandFailure(code: ExitStatus.usage, message: "error: no test files (*_test.yaml, or pipelines with 'tests:') in " + paths.joined(separator: " "))
        }
        return found
    }

    /// Whether a YAML file has a top-level `tests:` key (a cheap look before parsing).
    static func hasInlineTests(_ url: URL) -> Bool {
        guard let data = FileManager.default.contents(atPath: url.path), data.count < 8 << 20 else { return false }
        let text = String(decoding: data, as: UTF8.self)
        return text.hasPrefix("tests:") || text.contains("\ntests:")
    }
}

/// Runs the cases of YAML test files and counts the results.
struct YAMLTestRunner {
    let registry: TransformerRegistry
    let allowExec: Bool
    let filter: String?
    let verbose: Bool
    private(set) var passed = 0
    private(set) var failed = 0
    /// Plugins met in the files, whose spec examples run too.
    private var plugins = TransformerRegistry()
    private var pipelines: [String: Pipeline] = [:]

    static let caseKeys = ["name", "transformer", "pipeline", "options", "input", "input-file", "format", "expect"]
    static let expectKeys = ["text", "fields", "contains", "not-contains", "error"]
    static let fileKeys = ["plugins", "tests"]

    init(registry: TransformerRegistry, allowExec: Bool, filter: String?, verbose: Bool) {
        self.registry = registry
        self.allowExec = allowExec
        self.filter = filter
        self.verbose = verbose
    }

    // MARK: Files

    mutating func run(file: String) {
        let text: String
        let root: YAMLNode
        do {
            text = try PipelineLoader.readSource(path: file)
            guard let loaded = try YAMLLoader.load(text, file: file) else { return problem(Diagnostic(.error, "is empty", file: file)) }
            root = loaded
        } catch let diagnostic as Diagnostic {
            return problem(diagnostic)
        } catch {
            return problem(Diagnostic(.error, "\(error)", file: file))
        }
        let base = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL
        var fileRegistry = registry
        var defaultPipeline: Pipeline?
        let cases: YAMLNode
        if root["steps"] != nil {
            // A pipeline with inline tests: the cases run the pipeline unless they name something else.
            guard let pipeline = loadPipeline(file, source: text) else { return }
            defaultPipeline = pipeline
            guard let tests = root["tests"] else { return }
            cases = tests
            if let declared = root["plugins"], let more = declarePlugins(declared, file: file, source: text, base: base) {
                fileRegistry = fileRegistry.merging(more)
            }
        } else if let pairs = root.mapping {
            for pair in pairs where !Self.fileKeys.contains(pair.key.scalar ?? "") {
                var notes = ["a test file has: plugins, tests (or is a list of cases)"]
                if let guess = EditDistance.suggestion(for: pair.key.scalar ?? "", among: Self.fileKeys) { notes = ["help: did you mean '\(guess)'?"] }
                problem(Diagnostic(.error, "unknown key '\(pair.key.scalar ?? "?")' in a test file", file: file, mark: pair.key.start,
                                   length: pair.key.width, notes: notes), source: text)
            }
            if let declared = root["plugins"] {
                guard let more = declarePlugins(declared, file: file, source: text, base: base) else { return }
                fileRegistry = fileRegistry.merging(more)
            }
            guard let tests = root["tests"] else {
                return problem(Diagnostic(.error, "a test file needs 'tests': a list of cases", file: file, mark: root.start), source: text)
            }
            cases = tests
        } else {
            cases = root
        }
        guard let items = cases.sequence else {
            return problem(Diagnostic(.error, "'tests' must be a list of cases, not \(cases.kindDescription)", file: file,
                                      mark: cases.start, length: cases.width), source: text)
        }
        for item in items {
            runCase(item, file: file, source: text, base: base, registry: fileRegistry, defaultPipeline: defaultPipeline)
        }
    }

    mutating func declarePlugins(_ node: YAMLNode, file: String, source: String, base: URL) -> TransformerRegistry? {
        guard allowExec else {
            problem(Diagnostic(.error, "this file declares plugins, which run programs; refused because of --no-exec", file: file,
                               mark: node.start, length: node.width), source: source)
            return nil
        }
        do {
            let declared = try ExecPlugins.registry(node, file: file, source: source, baseDirectory: base)
            plugins = plugins.merging(declared)
            return declared
        } catch let list as DiagnosticList {
            failed += 1
            Console.error(list.rendered())
        } catch {
            problem(Diagnostic(.error, "\(error)", file: file, mark: node.start), source: source)
        }
        return nil
    }

    mutating func loadPipeline(_ path: String, source: String? = nil) -> Pipeline? {
        if let cached = pipelines[path] { return cached }
        var loader = PipelineLoader(registry: registry, checkInputs: false)
        loader.allowExec = allowExec
        loader.pluginResolver = ExecPlugins.registry
        do {
            let pipeline = try loader.load(path: path)
            pipelines[path] = pipeline
            return pipeline
        } catch let list as DiagnosticList {
            failed += 1
            Console.error(list.rendered())
        } catch {
            problem(Diagnostic(.error, "\(error)", file: path))
        }
        return nil
    }

    // MARK: Cases

    mutating func runCase(_ node: YAMLNode, file: String, source: String, base: URL, registry: TransformerRegistry, defaultPipeline: Pipeline?) {
        let place = "\(file):\(node.start.line)"
        guard let pairs = node.mapping else {
            return problem(Diagnostic(.error, "a test case is a mapping (name, transformer or pipeline, input, expect)", file: file,
                                      mark: node.start, length: node.width), source: source)
        }
        for pair in pairs where !Self.caseKeys.contains(pair.key.scalar ?? "") {
            var notes = ["a case has: " + Self.caseKeys.joined(separator: ", ")]
            if let guess = EditDistance.suggestion(for: pair.key.scalar ?? "", among: Self.caseKeys) { notes = ["help: did you mean '\(guess)'?"] }
            return problem(Diagnostic(.error, "unknown key '\(pair.key.scalar ?? "?")' in a test case", file: file, mark: pair.key.start,
                                      length: pair.key.width, notes: notes), source: source)
        }
        let name = node["name"]?.scalar ?? "case at line \(node.start.line)"
        if let filter, !name.contains(filter), node["transformer"]?.scalar?.contains(filter) != true { return }
        guard let expect = node["expect"], let expectPairs = expect.mapping, !expectPairs.isEmpty else {
            return problem(Diagnostic(.error, "test case '\(name)' needs 'expect' (text, fields, contains, not-contains or error)",
                                      file: file, mark: node.start, length: node.width), source: source)
        }
        for pair in expectPairs where !Self.expectKeys.contains(pair.key.scalar ?? "") {
            var notes = ["'expect' has: " + Self.expectKeys.joined(separator: ", ")]
            if let guess = EditDistance.suggestion(for: pair.key.scalar ?? "", among: Self.expectKeys) { notes = ["help: did you mean '\(guess)'?"] }
            return problem(Diagnostic(.error, "unknown key '\(pair.key.scalar ?? "?")' in 'expect'", file: file, mark: pair.key.start,
                                      length: pair.key.width, notes: notes), source: source)
        }

        let outcome: Result<Report, any Error>
        do {
            let input = try readInput(node, file: file, base: base)
            outcome = .success(try apply(node, to: input, file: file, source: source, base: base, registry: registry, defaultPipeline: defaultPipeline))
        } catch let failure as CaseSetupFailure {
            return problem(failure.diagnostic, source: source)
        } catch {
            outcome = .failure(error)
        }
        let failures = check(outcome, expect: expect)
        if failures.isEmpty {
            passed += 1
            if verbose { print("PASS \(place): \(name)") }
        } else {
            failed += 1
            print("FAIL \(place): \(name)")
            for failure in failures { print(failure.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")) }
        }
    }

    /// A problem with the case itself (not its result): printed as a diagnostic, counted as a failure.
    struct CaseSetupFailure: Error { var diagnostic: Diagnostic }

    func readInput(_ node: YAMLNode, file: String, base: URL) throws -> Report {
        var format: InputFormat?
        if let formatNode = node["format"] {
            guard let name = formatNode.scalar, let chosen = InputFormat(rawValue: name) else {
                throw CaseSetupFailure(diagnostic: Diagnostic(.error, "'format' is one of: " + InputFormat.allCases.map(\.rawValue).joined(separator: ", "),
                                                              file: file, mark: formatNode.start, length: formatNode.width))
            }
            format = chosen
        }
        if let inputNode = node["input"], let text = inputNode.scalar {
            return try ReportReader.read(data: Data(text.utf8), path: "input", format: format ?? .text)
        }
        if let fileNode = node["input-file"], let relative = fileNode.scalar {
            let path = relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw CaseSetupFailure(diagnostic: Diagnostic(.error, "input file '\(relative)' does not exist (paths are relative to the test file)",
                                                              file: file, mark: fileNode.start, length: fileNode.width))
            }
            return try ReportReader.read(path: path, format: format)
        }
        throw CaseSetupFailure(diagnostic: Diagnostic(.error, "a test case needs 'input' (text) or 'input-file' (a path)", file: file,
                                                      mark: node.start, length: node.width))
    }

    mutating func apply(_ node: YAMLNode, to input: Report, file: String, source: String, base: URL,
                        registry: TransformerRegistry, defaultPipeline: Pipeline?) throws -> Report {
        var report = input
        if let nameNode = node["transformer"] {
            guard let name = nameNode.scalar, let registration = registry.registration(named: name) else {
                var notes: [String] = []
                if let guess = EditDistance.suggestion(for: nameNode.scalar ?? "", among: registry.names) { notes.append("help: did you mean '\(guess)'?") }
                throw CaseSetupFailure(diagnostic: Diagnostic(.error, "unknown transformer '\(nameNode.scalar ?? "?")'", file: file,
                                                              mark: nameNode.start, length: nameNode.width, notes: notes))
            }
            if !allowExec && registration.spec.runsPrograms {
                throw CaseSetupFailure(diagnostic: Diagnostic(.error, "'\(name)' runs a program; refused because of --no-exec", file: file,
                                                              mark: nameNode.start, length: nameNode.width))
            }
            var pairs: [YAMLNode.Pair] = []
            if let optionsNode = node["options"], !optionsNode.isNull {
                guard let mapping = optionsNode.mapping else {
                    throw CaseSetupFailure(diagnostic: Diagnostic(.error, "'options' is a mapping of option names to values", file: file,
                                                                  mark: optionsNode.start, length: optionsNode.width))
                }
                pairs = mapping
            }
            let (options, problems) = OptionDecoder(file: file, stepName: name).decode(pairs, spec: registration.spec, stepMark: nameNode.start)
            if let first = problems.first(where: { $0.severity == .error }) { throw CaseSetupFailure(diagnostic: first) }
            let transformer: any Transformer
            do {
                transformer = try registration.make(options, BuildContext(baseDirectory: base, stepName: name))
            } catch let error as OptionError {
                let at = pairs.first { $0.key.scalar == error.option }?.value ?? nameNode
                throw CaseSetupFailure(diagnostic: Diagnostic(.error, error.message, file: file, mark: at.start, length: at.width))
            }
            let run = RunContext(baseDirectory: base)
            defer { try? transformer.finish(context: run) }
            try transformer.transform(&report, context: StepContext(stepName: name, stepIndex: 0, run: run))
            return report
        }
        let pipeline: Pipeline
        if let pathNode = node["pipeline"] {
            guard let relative = pathNode.scalar else {
                throw CaseSetupFailure(diagnostic: Diagnostic(.error, "'pipeline' is the path of a pipeline file", file: file, mark: pathNode.start))
            }
            let path = relative.hasPrefix("/") ? relative : (file as NSString).deletingLastPathComponent.isEmpty ? relative
                : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(relative)
            guard let loaded = loadPipeline(path) else {
                throw CaseSetupFailure(diagnostic: Diagnostic(.error, "pipeline '\(relative)' did not load (see above)", file: file,
                                                              mark: pathNode.start, length: pathNode.width))
            }
            pipeline = loaded
        } else if let defaultPipeline {
            pipeline = defaultPipeline
        } else {
            throw CaseSetupFailure(diagnostic: Diagnostic(.error, "a test case names a 'transformer' or a 'pipeline'", file: file,
                                                          mark: node.start, length: node.width))
        }
        // Steps that write files (export) are left out: a test checks the report, not the disk.
        var testable = pipeline
        testable.steps = pipeline.steps.filter { registry.registration(named: $0.name)?.spec.writesOutput != true }
        try PipelineRunner(pipeline: testable, context: RunContext(baseDirectory: pipeline.baseDirectory)).process(&report)
        return report
    }

    /// Every unmet expectation, as readable text with a diff where one helps.
    func check(_ outcome: Result<Report, any Error>, expect: YAMLNode) -> [String] {
        var failures: [String] = []
        let report: Report
        switch outcome {
        case .failure(let error):
            let message = Self.message(error)
            if let wanted = expect["error"]?.scalar {
                if !message.contains(wanted) { failures.append("the error does not contain '\(wanted)'; it was:\n\(message)") }
            } else {
                failures.append("failed: \(message)")
            }
            return failures
        case .success(let value):
            report = value
            if let wanted = expect["error"]?.scalar {
                return ["expected an error containing '\(wanted)', but it succeeded"]
            }
        }
        let text = report.plainText
        if let expected = expect["text"]?.scalar {
            let want = Self.trimmingTrailingNewlines(expected)
            if want != text { failures.append("text differs (line \(expect["text"]!.start.line)):\n" + LineDiff.unified(expected: want, actual: text)) }
        }
        for needle in Self.strings(expect["contains"]) where !text.contains(needle) {
            failures.append("the text does not contain '\(needle)'; it is:\n" + text)
        }
        for needle in Self.strings(expect["not-contains"]) where text.contains(needle) {
            failures.append("the text contains '\(needle)'; it is:\n" + text)
        }
        for pair in expect["fields"]?.mapping ?? [] {
            guard let path = pair.key.scalar else { continue }
            let expected = Self.trimmingTrailingNewlines(pair.value.scalar ?? Self.flow(pair.value))
            let actual = report.value(atPath: path)
            if actual != expected {
                failures.append("field '\(path)' (line \(pair.key.start.line)) differs:\n"
                                + LineDiff.unified(expected: expected, actual: actual ?? "(missing)"))
            }
        }
        return failures
    }

    // MARK: Spec examples

    /// Runs the spec examples of every transformer known: built-in, Swift plugin, and exec plugins met in the files.
    mutating func runSpecExamples() {
        for registration in registry.merging(plugins).all {
            for example in registration.spec.examples {
                let name = "\(registration.spec.name): \(example.title)"
                if let filter, !name.contains(filter) { continue }
                var single = registration
                single.spec.examples = [example]
                let failures = ExampleRunner.run(single)
                let place = "\(Self.shortPath(example.file)):\(example.line)"
                if failures.isEmpty {
                    passed += 1
                    if verbose { print("PASS \(place): example '\(name)'") }
                } else {
                    failed += 1
                    print("FAIL \(place): example '\(name)'")
                    for failure in failures {
                        print(failure.message.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
                    }
                }
            }
        }
    }

    // MARK: Helpers

    mutating func problem(_ diagnostic: Diagnostic, source: String? = nil) {
        failed += 1
        Console.error(diagnostic.rendered(source: source))
    }

    static func message(_ error: any Error) -> String {
        switch error {
        case let e as StepFailure: return e.message
        case let e as StepError: return "step '\(e.stepName)' (\(e.stepLocation)): \(e.message)"
        case let e as ReadError: return e.message
        case let e as CustomStringConvertible: return e.description
        default: return error.localizedDescription
        }
    }

    static func strings(_ node: YAMLNode?) -> [String] {
        guard let node else { return [] }
        if let s = node.scalar { return [s] }
        return node.sequence?.compactMap(\.scalar) ?? []
    }

    static func trimmingTrailingNewlines(_ text: String) -> String {
        var t = Substring(text)
        while t.hasSuffix("\n") { t = t.dropLast() }
        return String(t)
    }

    /// A YAML list or mapping rendered as JSON, to compare with a field that holds one.
    static func flow(_ node: YAMLNode) -> String {
        func value(_ n: YAMLNode) -> JSONValue {
            switch n.content {
            case .scalar(let s):
                if n.isPlain, let d = Double(s) { return .number(d) }
                if n.isPlain, s == "true" || s == "false" { return .bool(s == "true") }
                return n.isNull ? .null : .string(s)
            case .sequence(let items): return .array(items.map(value))
            case .mapping(let pairs): return .object(Dictionary(pairs.map { ($0.key.scalar ?? "", value($0.value)) }) { a, _ in a })
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value(node))).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// A source path relative to the current folder when it is under it.
    static func shortPath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }
}
