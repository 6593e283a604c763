/// Decodes and validates a step's options against its transformer's spec, collecting a
/// positioned diagnostic for every problem rather than stopping at the first.
public struct OptionDecoder {
    public var file: String
    public var stepName: String

    public init(file: String, stepName: String) {
        self.file = file
        self.stepName = stepName
    }

    /// The options, with defaults filled in, and the problems found.
    public func decode(_ pairs: [YAMLNode.Pair], spec: TransformerSpec, stepMark: SourceMark,
                       overrides: [String: YAMLNode] = [:]) -> (TransformerOptions, [Diagnostic]) {
        var values: [String: OptionValue] = [:]
        var problems: [Diagnostic] = []
        var seen: [String: SourceMark] = [:]
        var entries: [(String, YAMLNode, YAMLNode)] = pairs.compactMap { pair in
            guard let key = pair.key.scalar else {
                problems.append(Diagnostic(.error, "option names must be plain words", file: file, mark: pair.key.start))
                return nil
            }
            return (key, pair.key, pair.value)
        }
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            entries.removeAll { $0.0 == name }
            entries.append((name, value, value))
        }
        for (name, keyNode, valueNode) in entries {
            if let earlier = seen[name] {
                problems.append(Diagnostic(.error, "option '\(name)' is given twice for step '\(stepName)'", file: file,
                                           mark: keyNode.start, length: name.count,
                                           notes: ["first given at \(file):\(earlier.line):\(earlier.column)"]))
                continue
            }
            seen[name] = keyNode.start
            guard let option = spec.option(named: name) else {
                var notes: [String] = []
                if let guess = EditDistance.suggestion(for: name, among: spec.options.map(\.name)) {
                    notes.append("help: did you mean '\(guess)'?")
                } else if !spec.options.isEmpty {
                    notes.append("'\(stepName)' takes: " + spec.options.map(\.name).joined(separator: ", "))
                } else {
                    notes.append("'\(stepName)' takes no options")
                }
                problems.append(Diagnostic(.error, "unknown option '\(name)' for step '\(stepName)'", file: file,
                                           mark: keyNode.start, length: name.count, notes: notes))
                continue
            }
            do {
                values[name] = try decodeValue(valueNode, as: option.type, option: option)
            } catch let diagnostic as Diagnostic {
                problems.append(diagnostic)
            } catch {}
        }
        for option in spec.options where values[option.name] == nil {
            if let value = option.defaultValue {
                values[option.name] = value
            } else if option.isRequired {
                problems.append(Diagnostic(.error, "step '\(stepName)' needs option '\(option.name)' (\(option.type.displayName))",
                                           file: file, mark: stepMark, length: stepName.count,
                                           notes: [option.doc]))
            }
        }
        return (TransformerOptions(values), problems)
    }

    /// One value, checked against its type.
    public func decodeValue(_ node: YAMLNode, as type: OptionType, option: OptionSpec) throws -> OptionValue {
        func wrong(_ expected: String) -> Diagnostic {
            let found: String
            if let s = node.scalar { found = node.isNull ? "null" : "'\(s)'" } else { found = node.kindDescription }
            return Diagnostic(.error, "option '\(option.name)' of step '\(stepName)' must be \(expected), not \(found)",
                              file: file, mark: node.start, length: node.width)
        }
        switch type {
        case .string, .path:
            guard let s = node.scalar, !node.isNull else { throw wrong("a string") }
            if type == .path, s.utf8.contains(0) { throw wrong("a path without NUL bytes") }
            return .string(s)
        case .integer(let lo, let hi):
            guard let s = node.scalar, node.isPlain, let i = Int(s.replacingOccurrences(of: "_", with: "")) else {
                throw wrong("an integer")
            }
            if let lo, i < lo { throw outOfRange(node, option, String(i)) }
            if let hi, i > hi { throw outOfRange(node, option, String(i)) }
            return .integer(i)
        case .number(let lo, let hi):
            guard let s = node.scalar, node.isPlain, let d = Double(s), d.isFinite else { throw wrong("a number") }
            if let lo, d < lo { throw outOfRange(node, option, s) }
            if let hi, d > hi { throw outOfRange(node, option, s) }
            return .number(d)
        case .boolean:
            guard let s = node.scalar, node.isPlain else { throw wrong("true or false") }
            switch s.lowercased() {
            case "true", "yes", "on": return .boolean(true)
            case "false", "no", "off": return .boolean(false)
            default: throw wrong("true or false")
            }
        case .choice(let allowed):
            guard let s = node.scalar, !node.isNull else { throw wrong("one of: " + allowed.joined(separator: ", ")) }
            guard allowed.contains(s) else {
                var notes = ["allowed values: " + allowed.joined(separator: ", ")]
                if let guess = EditDistance.suggestion(for: s, among: allowed) { notes.insert("help: did you mean '\(guess)'?", at: 0) }
                throw Diagnostic(.error, "'\(s)' is not a valid value for option '\(option.name)' of step '\(stepName)'",
                                 file: file, mark: node.start, length: node.width, notes: notes)
            }
            return .string(s)
        case .list(let element):
            if let items = node.sequence {
                var out: [OptionValue] = []
                var firstProblem: Diagnostic?
                for item in items {
                    do { out.append(try decodeValue(item, as: element, option: option)) }
                    catch let d as Diagnostic { firstProblem = firstProblem ?? d }
                }
                if let firstProblem { throw firstProblem }
                return .list(out)
            }
            if node.isNull { return .list([]) }
            if node.scalar != nil { return .list([try decodeValue(node, as: element, option: option)]) }
            throw wrong("a list")
        case .map:
            guard let pairs = node.mapping else { throw wrong("a mapping") }
            var out: [String: String] = [:]
            for pair in pairs {
                guard let k = pair.key.scalar, let v = pair.value.scalar else {
                    throw Diagnostic(.error, "option '\(option.name)' maps strings to strings", file: file, mark: pair.key.start)
                }
                out[k] = v
            }
            return .map(out)
        }
    }

    private func outOfRange(_ node: YAMLNode, _ option: OptionSpec, _ value: String) -> Diagnostic {
        Diagnostic(.error, "value \(value) is out of range for option '\(option.name)' of step '\(stepName)'",
                   file: file, mark: node.start, length: node.width,
                   notes: ["'\(option.name)' takes \(option.type.displayName)"])
    }
}
