import Foundation

/// A `--set step.option=value` override from the command line.
public struct OptionOverride: Sendable, Equatable {
    /// A transformer name (every step of that name) or a 1-based step number.
    public var step: String
    public var option: String
    public var value: String

    public init(step: String, option: String, value: String) {
        self.step = step
        self.option = option
        self.value = value
    }

    /// Parses `step.option=value`.
    public static func parse(_ text: String) -> OptionOverride? {
        guard let eq = text.firstIndex(of: "="), let dot = text[..<eq].firstIndex(of: ".") else { return nil }
        let step = String(text[..<dot]), option = String(text[text.index(after: dot)..<eq])
        guard !step.isEmpty, !option.isEmpty else { return nil }
        return OptionOverride(step: step, option: option, value: String(text[text.index(after: eq)...]))
    }

    /// The value as a YAML node, so it is typed and checked exactly like the file's values.
    public func node() -> YAMLNode {
        let loaded = try? YAMLLoader.load(value, file: "--set")
        let origin = SourceMark(line: 1, column: 1)
        if let loaded, loaded.scalar == nil { return loaded }  // a list or mapping written inline
        return YAMLNode(.scalar(value), start: origin, end: SourceMark(line: 1, column: value.count + 1),
                        isPlain: loaded?.isPlain ?? true)
    }
}

/// Loads pipeline files: YAML with positions, interpolation, includes, option decoding
/// and transformer construction, reporting every problem with `file:line:col`.
public struct PipelineLoader {
    public var registry: TransformerRegistry
    public var environment: [String: String]
    public var overrides: [OptionOverride]
    /// Check that the `input` patterns match files (off when the command line gives inputs).
    public var checkInputs: Bool
    public var yamlLimits: YAMLLimits
    /// Whether steps that start programs (exec plugins, `plugins:`) are allowed; `--no-exec` turns it off.
    public var allowExec = true
    /// Turns the `plugins:` mapping of a pipeline file into registrations (the exec host lives
    /// outside the core); nil means the file may not declare plugins.
    public var pluginResolver: PluginResolver?

    /// Resolves a `plugins:` mapping: (the node, the file, its text, its folder) → the plugins' registrations.
    /// Throws a `DiagnosticList` for problems.
    public typealias PluginResolver = @Sendable (_ plugins: YAMLNode, _ file: String, _ source: String, _ baseDirectory: URL) throws -> TransformerRegistry

    /// Top-level keys a pipeline may have.
    public static let topLevelKeys = ["name", "description", "input", "on-error", "plugins", "steps", "tests", "limits"]
    /// Keys inside a step's mapping that belong to the step, not to the transformer.
    public static let stepKeys = ["on-error"]

    public init(registry: TransformerRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
                overrides: [OptionOverride] = [], checkInputs: Bool = true, yamlLimits: YAMLLimits = .default) {
        self.registry = registry
        self.environment = environment
        self.overrides = overrides
        self.checkInputs = checkInputs
        self.yamlLimits = yamlLimits
    }

    /// Loads and validates a pipeline file. Throws a `DiagnosticList` with every problem found.
    public func load(path: String) throws -> Pipeline {
        var session = LoadSession(loader: self)
        let pipeline = session.loadTop(path: path)
        let errors = session.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty || pipeline == nil {
            throw DiagnosticList(session.diagnostics, sources: session.sources)
        }
        return pipeline!
    }

    /// Reads a file the user wrote as UTF-8 text, with a clear diagnostic when it cannot be.
    /// Only regular files are read, and at most `maxBytes` of them: a FIFO or `/dev/zero`
    /// named in an `include` must not hang the loader or fill the memory.
    public static func readSource(path: String, maxBytes: Int = YAMLLimits.default.maxBytes) throws -> String {
        let data: Data
        do {
            data = try BoundedFile.read(path: path, maxBytes: maxBytes)
        } catch let error as BoundedFile.Failure {
            switch error {
            case .missing: throw Diagnostic(.error, "no such file", file: path)
            case .directory: throw Diagnostic(.error, "is a directory, not a pipeline file", file: path)
            case .notRegular: throw Diagnostic(.error, "is not a regular file (a device, FIFO or socket), not a pipeline file", file: path)
            case .unreadable: throw Diagnostic(.error, "cannot be read (permission denied?)", file: path)
            case .tooLarge(let size):
                throw Diagnostic(.error, "is \(size.map { "\($0) bytes" } ?? "larger than that"), more than the \(maxBytes) allowed for YAML",
                                 file: path, notes: ["help: raise 'yaml-bytes' under 'limits:' if the file is meant to be this large"])
            }
        }
        if data.prefix(8192).contains(0) { throw Diagnostic(.error, "is a binary file, not YAML", file: path) }
        guard let text = String(validating: data, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(data)
            let prefix = String(decoding: data.prefix(offset), as: UTF8.self)
            let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            let column = (prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0) + 1
            throw Diagnostic(.error, "is not valid UTF-8 (invalid byte at offset \(offset))", file: path,
                             mark: SourceMark(line: line, column: column, offset: offset))
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// The byte offset of the first byte that does not start or continue valid UTF-8.
    static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let width = b < 0x80 ? 1 : b >> 5 == 0x6 ? 2 : b >> 4 == 0xE ? 3 : b >> 3 == 0x1E ? 4 : 0
            if width == 0 || i + width > bytes.count { return i }
            if String(validating: bytes[i..<(i + width)], as: UTF8.self) == nil { return i }
            i += width
        }
        return i
    }
}

/// One load: the diagnostics and sources gathered across the file and its includes.
private struct LoadSession {
    let loader: PipelineLoader
    var diagnostics: [Diagnostic] = []
    var sources: [String: String] = [:]
    var includeStack: [String] = []
    /// The loader's registry plus the plugins this file declares.
    var registry: TransformerRegistry
    /// Plugins declared but refused (--no-exec) or broken, so their steps add no second error.
    var refusedPlugins: Set<String> = []
    /// The run's limits: the loader's until the file's own `limits:` is read.
    var limits: PipelineLimits

    init(loader: PipelineLoader) {
        self.loader = loader
        self.registry = loader.registry
        self.limits = PipelineLimits(yaml: loader.yamlLimits)
    }

    mutating func loadTop(path: String) -> Pipeline? {
        guard let root = loadYAML(path: path) else { return nil }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
        guard let pairs = root.mapping else {
            error("a pipeline is a mapping with 'steps' (and 'name', 'input'…), not \(root.kindDescription)", path, root)
            return nil
        }
        var name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var description: String?
        var inputs: [String] = []
        var onError = ErrorPolicy.fail
        var steps: [PipelineStep] = []
        var tests: YAMLNode?
        var sawSteps = false
        // Limits first, wherever they are written: includes and steps' option files load under them.
        if let limitsNode = root["limits"] { readLimits(limitsNode, path) }
        if let plugins = root["plugins"] { declarePlugins(plugins, path, base: base) }
        for pair in pairs {
            guard let key = pair.key.scalar else { error("keys must be plain words", path, pair.key); continue }
            switch key {
            case "name":
                if let s = scalarString(pair.value, path, what: "'name'") { name = s }
            case "description":
                description = scalarString(pair.value, path, what: "'description'")
            case "input":
                inputs = stringList(pair.value, path, what: "'input'")
                if loader.checkInputs { checkInputs(pair.value, patterns: inputs, base: base, path) }
            case "on-error":
                onError = errorPolicy(pair.value, path, base: base) ?? onError
            case "steps":
                sawSteps = true
                steps = loadSteps(pair.value, path, base: base)
            case "tests":
                tests = pair.value
            case "plugins":
                break  // declared before the steps, above
            case "limits":
                break  // read before the loop
            default:
                unknownKey(key, pair.key, path, known: PipelineLoader.topLevelKeys, context: "pipeline")
            }
        }
        if !sawSteps { error("a pipeline needs 'steps': a list of transformers to run", path, root, length: 1) }
        else if steps.isEmpty && diagnostics.allSatisfy({ $0.severity != .error }) {
            error("'steps' is empty: a pipeline needs at least one step", path, root["steps"] ?? root)
        }
        applyOverridesCheck(steps)
        return Pipeline(name: name, description: description, inputs: inputs, onError: onError, steps: steps,
                        baseDirectory: base, file: path, tests: tests, limits: limits)
    }

    // MARK: Plugins

    mutating func declarePlugins(_ node: YAMLNode, _ path: String, base: URL) {
        guard loader.allowExec else {
            refusedPlugins = Set(node.mapping?.compactMap(\.key.scalar) ?? [])
            error("this pipeline declares plugins, which run programs; refused because of --no-exec", path, node.mapping?.first?.key ?? node)
            return
        }
        guard let resolver = loader.pluginResolver else {
            error("plugins cannot be declared here", path, node)
            return
        }
        do {
            registry = registry.merging(try resolver(node, path, sources[path] ?? "", base))
        } catch let list as DiagnosticList {
            diagnostics += list.diagnostics
            refusedPlugins = Set(node.mapping?.compactMap(\.key.scalar) ?? []).subtracting(registry.names)
        } catch {
            self.error("plugins could not be loaded: \(error)", path, node)
        }
    }

    // MARK: Steps

    mutating func loadSteps(_ node: YAMLNode, _ path: String, base: URL) -> [PipelineStep] {
        guard let items = node.sequence else {
            error("'steps' must be a list (each item '- name: {options}'), not \(node.kindDescription)", path, node)
            return []
        }
        var steps: [PipelineStep] = []
        for item in items {
            let nameNode: YAMLNode
            var optionsNode: YAMLNode?
            if item.scalar != nil, !item.isNull {
                nameNode = item
            } else if let pairs = item.mapping, pairs.count == 1 {
                nameNode = pairs[0].key
                optionsNode = pairs[0].value
            } else if let pairs = item.mapping, pairs.count > 1 {
                error("a step is one transformer name with its options; this item has \(pairs.count) keys", path, pairs[1].key,
                      notes: ["help: indent the options under the name: '- \(pairs[0].key.scalar ?? "name"):' then the options below it"])
                continue
            } else {
                error("a step is a transformer name, or a mapping of one name to its options; found \(item.kindDescription)", path, item)
                continue
            }
            guard let name = nameNode.scalar else { error("a step name must be a word", path, nameNode); continue }
            if name == "include" {
                steps += include(optionsNode, path, base: base, at: nameNode)
                continue
            }
            if let step = buildStep(name: name, nameNode: nameNode, optionsNode: optionsNode, path, base: base, index: steps.count) {
                steps.append(step)
            }
        }
        return steps
    }

    mutating func buildStep(name: String, nameNode: YAMLNode, optionsNode: YAMLNode?, _ path: String, base: URL, index: Int) -> PipelineStep? {
        guard let registration = registry.registration(named: name) else {
            if refusedPlugins.contains(name) { return nil }
            var notes: [String] = []
            if let guess = EditDistance.suggestion(for: name, among: registry.names + ["include"]) {
                notes.append("help: did you mean '\(guess)'?")
            } else {
                notes.append("known transformers: " + registry.names.joined(separator: ", "))
            }
            error("unknown transformer '\(name)'", path, nameNode, notes: notes)
            return nil
        }
        if !loader.allowExec && registration.spec.runsPrograms {
            error("step '\(name)' runs a program; refused because of --no-exec", path, nameNode,
                  notes: ["a pipeline file can run programs through exec plugins; run it without --no-exec only if you trust it"])
            return nil
        }
        var pairs: [YAMLNode.Pair] = []
        var onError: ErrorPolicy?
        if let optionsNode, !optionsNode.isNull {
            if let mapping = optionsNode.mapping {
                for pair in mapping {
                    if pair.key.scalar == "on-error" {
                        onError = errorPolicy(pair.value, path, base: base)
                    } else {
                        pairs.append(pair)
                    }
                }
            } else {
                error("options of step '\(name)' must be a mapping ('option: value'), not \(optionsNode.kindDescription)", path, optionsNode)
                return nil
            }
        }
        var overrideNodes: [String: YAMLNode] = [:]
        for o in loader.overrides where o.step == name || o.step == String(index + 1) {
            overrideNodes[o.option] = o.node()
        }
        let decoder = OptionDecoder(file: path, stepName: name)
        let (options, problems) = decoder.decode(pairs, spec: registration.spec, stepMark: nameNode.start, overrides: overrideNodes)
        diagnostics += problems
        if problems.contains(where: { $0.severity == .error }) { return nil }
        do {
            let transformer = try registration.make(options, BuildContext(baseDirectory: base, stepName: name, limits: limits))
            return PipelineStep(name: name, options: options, transformer: transformer, onError: onError, file: path, mark: nameNode.start)
        } catch let optionError as OptionError {
            let at = pairs.first { $0.key.scalar == optionError.option }?.value ?? nameNode
            error(optionError.message, path, at)
        } catch let diagnostic as Diagnostic {
            diagnostics.append(diagnostic)
        } catch let list as DiagnosticList {
            diagnostics += list.diagnostics
            sources.merge(list.sources) { a, _ in a }
        } catch {
            self.error("step '\(name)' could not be set up: \(error)", path, nameNode)
        }
        return nil
    }

    mutating func include(_ node: YAMLNode?, _ path: String, base: URL, at keyNode: YAMLNode) -> [PipelineStep] {
        guard let node, let relative = node.scalar, !node.isNull else {
            error("'include' takes the path of another pipeline file", path, node ?? keyNode)
            return []
        }
        let target = relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).standardizedFileURL.path
        let display = displayPath(target)
        if includeStack.contains(target) || URL(fileURLWithPath: path).standardizedFileURL.path == target {
            error("'\(relative)' includes itself (directly or through other files)", path, node)
            return []
        }
        includeStack.append(target)
        defer { includeStack.removeLast() }
        guard let root = loadYAML(path: display, reportAt: (path, node)) else { return [] }
        let includedBase = URL(fileURLWithPath: target).deletingLastPathComponent()
        // A fragment may bring its own plugins; their commands run in its folder.
        if let plugins = root["plugins"] { declarePlugins(plugins, display, base: includedBase) }
        if let stepsNode = root["steps"] {
            for pair in root.mapping ?? [] where pair.key.scalar != nil && !PipelineLoader.topLevelKeys.contains(pair.key.scalar!) {
                unknownKey(pair.key.scalar!, pair.key, display, known: PipelineLoader.topLevelKeys, context: "pipeline")
            }
            if let limitsKey = root.mapping?.first(where: { $0.key.scalar == "limits" })?.key {
                error("'limits' applies to the whole run: set it in the pipeline file that is run, not in an included one",
                      display, limitsKey)
            }
            return loadSteps(stepsNode, display, base: includedBase)
        }
        if root.sequence != nil { return loadSteps(root, display, base: includedBase) }
        error("an included file has 'steps' (or is a list of steps)", display, root)
        return []
    }

    // MARK: Pieces

    mutating func loadYAML(path: String, reportAt: (String, YAMLNode)? = nil) -> YAMLNode? {
        let text: String
        do {
            text = try PipelineLoader.readSource(path: path, maxBytes: limits.yamlBytes)
        } catch var diagnostic as Diagnostic {
            if let (file, node) = reportAt {
                diagnostic = Diagnostic(.error, "cannot include '\(path)': \(diagnostic.message)", file: file, mark: node.start, length: node.width)
            }
            diagnostics.append(diagnostic)
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, "\(error)", file: path))
            return nil
        }
        sources[path] = text
        do {
            guard var root = try YAMLLoader.load(text, file: path, limits: limits.yaml), !root.isNull else {
                diagnostics.append(Diagnostic(.error, "is empty: a pipeline needs at least 'steps'", file: path,
                                              mark: SourceMark(line: 1, column: 1)))
                return nil
            }
            interpolate(&root, path)
            return root
        } catch let diagnostic as Diagnostic {
            diagnostics.append(diagnostic)
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, "\(error)", file: path))
            return nil
        }
    }

    mutating func interpolate(_ node: inout YAMLNode, _ path: String) {
        switch node.content {
        case .scalar(let s):
            do {
                let expanded = try Interpolation.expand(s, environment: loader.environment)
                if expanded != s { node.content = .scalar(expanded) }
            } catch {
                var mark = node.start
                switch error {
                case .unset(let name, let column):
                    mark.column += column + (node.isPlain ? 0 : 1)
                    diagnostics.append(Diagnostic(.error, "environment variable '\(name)' is not set", file: path, mark: mark,
                                                  length: name.count + 3,
                                                  notes: ["help: set it, or give a default: ${\(name):-value}"]))
                case .unterminated(let column):
                    mark.column += column + (node.isPlain ? 0 : 1)
                    diagnostics.append(Diagnostic(.error, "'${' has no closing '}'", file: path, mark: mark, length: 2,
                                                  notes: ["help: write '$$' for a literal '$'"]))
                }
            }
        case .sequence(var items):
            for i in items.indices { interpolate(&items[i], path) }
            node.content = .sequence(items)
        case .mapping(var pairs):
            for i in pairs.indices { interpolate(&pairs[i].value, path) }
            node.content = .mapping(pairs)
        }
    }

    /// Reads `limits:`, a mapping of limit names (`PipelineLimits.keys`) to values.
    mutating func readLimits(_ node: YAMLNode, _ path: String) {
        guard let pairs = node.mapping else {
            error("'limits' must be a mapping ('input-bytes: 64 MiB'), not \(node.kindDescription)", path, node,
                  notes: ["limits: " + PipelineLimits.keys.map(\.name).joined(separator: ", ")])
            return
        }
        for pair in pairs {
            guard let name = pair.key.scalar else { error("limit names are plain words", path, pair.key); continue }
            guard let key = PipelineLimits.key(named: name) else {
                let names = PipelineLimits.keys.map(\.name)
                let notes = EditDistance.suggestion(for: name, among: names).map { ["help: did you mean '\($0)'?"] }
                    ?? ["limits: " + names.joined(separator: ", ")]
                error("unknown limit '\(name)'", path, pair.key, notes: notes)
                continue
            }
            guard let text = pair.value.scalar, !pair.value.isNull else {
                error("'\(name)' takes one value, not \(pair.value.kindDescription)", path, pair.value)
                continue
            }
            switch key.parse(text) {
            case .success(let value): limits[keyPath: key.keyPath] = value
            case .failure(let problem): error(problem.message, path, pair.value, notes: ["default: \(key.defaultText)"])
            }
        }
    }

    mutating func errorPolicy(_ node: YAMLNode, _ path: String, base: URL) -> ErrorPolicy? {
        let allowed = ["fail", "skip", "dead-letter"]
        if let s = node.scalar, !node.isNull {
            switch s {
            case "fail": return .fail
            case "skip": return .skip
            case "dead-letter": return .deadLetter(base.appendingPathComponent("dead-letter"))
            default:
                var notes = ["allowed values: fail, skip, dead-letter (or 'dead-letter: PATH')"]
                if let guess = EditDistance.suggestion(for: s, among: allowed) { notes.insert("help: did you mean '\(guess)'?", at: 0) }
                error("'\(s)' is not a valid value for 'on-error'", path, node, notes: notes)
                return nil
            }
        }
        if let pairs = node.mapping, pairs.count == 1, pairs[0].key.scalar == "dead-letter", let target = pairs[0].value.scalar {
            return .deadLetter(target.hasPrefix("/") ? URL(fileURLWithPath: target) : base.appendingPathComponent(target))
        }
        error("'on-error' is fail, skip, dead-letter, or 'dead-letter: PATH'", path, node)
        return nil
    }

    mutating func checkInputs(_ node: YAMLNode, patterns: [String], base: URL, _ path: String) {
        let nodes = node.sequence ?? [node]
        for (pattern, patternNode) in zip(patterns, nodes) {
            if !InputResolver.namesAnyFile(pattern, base: base) {
                let message = InputResolver.hasGlob(pattern) ? "no file matches input '\(pattern)'" : "input '\(pattern)' does not exist"
                error(message, path, patternNode,
                      notes: ["input paths are relative to the pipeline file's folder (\(displayPath(base.path)))"])
            }
        }
    }

    mutating func applyOverridesCheck(_ steps: [PipelineStep]) {
        for o in loader.overrides {
            let matches = steps.enumerated().contains { $0.element.name == o.step || String($0.offset + 1) == o.step }
            if !matches {
                var notes = ["steps here: " + steps.map(\.name).joined(separator: ", ")]
                if let guess = EditDistance.suggestion(for: o.step, among: steps.map(\.name)) { notes.insert("help: did you mean '\(guess)'?", at: 0) }
                diagnostics.append(Diagnostic(.error, "--set \(o.step).\(o.option): the pipeline has no step '\(o.step)'", notes: notes))
            }
        }
    }

    mutating func scalarString(_ node: YAMLNode, _ path: String, what: String) -> String? {
        guard let s = node.scalar, !node.isNull else { error("\(what) must be a string, not \(node.kindDescription)", path, node); return nil }
        return s
    }

    mutating func stringList(_ node: YAMLNode, _ path: String, what: String) -> [String] {
        if let s = node.scalar, !node.isNull { return [s] }
        if let items = node.sequence {
            return items.compactMap { scalarString($0, path, what: "each \(what) entry") }
        }
        error("\(what) must be a path or a list of paths, not \(node.kindDescription)", path, node)
        return []
    }

    mutating func unknownKey(_ key: String, _ node: YAMLNode, _ path: String, known: [String], context: String) {
        var notes: [String] = []
        if let guess = EditDistance.suggestion(for: key, among: known) { notes.append("help: did you mean '\(guess)'?") }
        else { notes.append("a \(context) has: " + known.joined(separator: ", ")) }
        if registry.registration(named: key) != nil {
            notes = ["help: '\(key)' is a transformer; put it in 'steps' as '- \(key):'"]
        }
        error("unknown key '\(key)' in \(context)", path, node, notes: notes)
    }

    mutating func error(_ message: String, _ path: String, _ node: YAMLNode, length: Int? = nil, notes: [String] = []) {
        diagnostics.append(Diagnostic(.error, message, file: path, mark: node.start, length: length ?? node.width, notes: notes))
    }

    func displayPath(_ absolute: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return absolute.hasPrefix(cwd) ? String(absolute.dropFirst(cwd.count)) : absolute
    }
}
