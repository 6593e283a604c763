import CLibYAML

/// Bounds that keep a hostile YAML file from eating the machine. A pipeline's `limits:`
/// sets them for the files loaded after it (see `PipelineLimits`, docs/limits.md).
public struct YAMLLimits: Sendable, Equatable {
    /// Deepest nesting of lists and mappings.
    public var maxDepth: Int
    /// Most nodes in the loaded document, counting every alias expansion.
    public var maxNodes: Int
    /// Largest input, in bytes.
    public var maxBytes: Int

    public init(maxDepth: Int = 64, maxNodes: Int = 100_000, maxBytes: Int = 8 << 20) {
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxBytes = maxBytes
    }

    public static let `default` = YAMLLimits()

    /// The deepest nesting any setting may allow: the loader and what walks its trees recurse
    /// once per level, and libyaml itself stops at this depth.
    public static let depthCeiling = 1000
}

/// Loads YAML through the system libyaml, keeping the position of every node.
public enum YAMLLoader {
    /// Parses the first document of `text`. Returns nil for an empty document.
    /// Throws a `Diagnostic` with libyaml's own message and position on a syntax error.
    public static func load(_ text: String, file: String, limits: YAMLLimits = .default) throws -> YAMLNode? {
        var bytes = Array(text.utf8)
        guard bytes.count <= limits.maxBytes else {
            throw Diagnostic(.error, "file is \(bytes.count) bytes, more than the \(limits.maxBytes) allowed for YAML", file: file)
        }
        if bytes.isEmpty { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw Diagnostic(.error, "could not start the YAML parser", file: file)
        }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeMutableBufferPointer { buffer -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = Builder(file: file, limits: limits, text: text)
            return try builder.run(&parser)
        }
    }
}

private struct Builder {
    let file: String
    let limits: YAMLLimits
    let text: String

    /// Open collections: their start, tag, anchor and children so far.
    private struct Frame {
        var isMapping: Bool
        var start: SourceMark
        var tag: String?
        var anchor: String?
        var children: [YAMLNode]
    }

    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var nodeCount = 0
    private var root: YAMLNode?
    private var sawDocument = false

    init(file: String, limits: YAMLLimits, text: String) {
        self.file = file
        self.limits = limits
        self.text = text
    }

    mutating func run(_ parser: inout yaml_parser_t) throws -> YAMLNode? {
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw syntaxError(parser)
            }
            defer { yaml_event_delete(&event) }
            let start = mark(event.start_mark)
            let end = mark(event.end_mark)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                if sawDocument {
                    throw Diagnostic(.error, "a pipeline file holds one YAML document; found a second '---'",
                                     file: file, mark: start, length: 3)
                }
                sawDocument = true
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
                let plain = s.style == YAML_PLAIN_SCALAR_STYLE
                let node = YAMLNode(.scalar(value), start: start, end: end, tag: string(s.tag), isPlain: plain)
                try add(node, anchor: string(s.anchor), size: 1)
            case YAML_SEQUENCE_START_EVENT:
                let s = event.data.sequence_start
                try push(Frame(isMapping: false, start: start, tag: string(s.tag), anchor: string(s.anchor), children: []), at: start)
            case YAML_MAPPING_START_EVENT:
                let m = event.data.mapping_start
                try push(Frame(isMapping: true, start: start, tag: string(m.tag), anchor: string(m.anchor), children: []), at: start)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = stack.removeLast()
                let content: YAMLNode.Content
                if frame.isMapping {
                    var pairs: [YAMLNode.Pair] = []
                    var i = 0
                    while i + 1 < frame.children.count {
                        pairs.append(.init(key: frame.children[i], value: frame.children[i + 1]))
                        i += 2
                    }
                    content = .mapping(pairs)
                } else {
                    content = .sequence(frame.children)
                }
                let node = YAMLNode(content, start: frame.start, end: end, tag: frame.tag)
                try add(node, anchor: frame.anchor, size: 1)
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else {
                    throw Diagnostic(.error, "unknown alias '*\(name)'", file: file, mark: start, length: name.count + 1)
                }
                var copy = anchored.node
                copy.start = start
                copy.end = end
                // An alias stands for the whole anchored tree: count it again, so nested
                // aliases ("billion laughs") hit the node limit instead of the memory limit.
                try add(copy, anchor: nil, size: anchored.size, aliasMark: start)
            default:
                break
            }
        }
    }

    private mutating func push(_ frame: Frame, at start: SourceMark) throws {
        if stack.count >= limits.maxDepth {
            throw Diagnostic(.error, "nesting deeper than \(limits.maxDepth) levels", file: file, mark: start,
                             notes: ["pipelines never need this depth; the file may be malformed or hostile"])
        }
        stack.append(frame)
    }

    private mutating func add(_ node: YAMLNode, anchor: String?, size: Int, aliasMark: SourceMark? = nil) throws {
        nodeCount += size
        if nodeCount > limits.maxNodes {
            let message = aliasMark != nil
                ? "aliases expand to more than \(limits.maxNodes) nodes"
                : "more than \(limits.maxNodes) nodes"
            throw Diagnostic(.error, message, file: file, mark: aliasMark ?? node.start,
                             notes: ["a pipeline file this large is almost certainly an alias bomb or a mistake"])
        }
        if let anchor {
            anchors[anchor] = (node, treeSize(node))
        }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    private func treeSize(_ node: YAMLNode) -> Int {
        switch node.content {
        case .scalar: return 1
        case .sequence(let items): return 1 + items.reduce(0) { $0 + treeSize($1) }
        case .mapping(let pairs): return 1 + pairs.reduce(0) { $0 + treeSize($1.key) + treeSize($1.value) }
        }
    }

    private func mark(_ m: yaml_mark_t) -> SourceMark {
        SourceMark(line: Int(m.line) + 1, column: Int(m.column) + 1, offset: Int(m.index))
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "syntax error"
        let at = mark(parser.problem_mark)
        var notes: [String] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            let contextMark = mark(parser.context_mark)
            notes.append("\(context) at \(file):\(contextMark.line):\(contextMark.column)")
        }
        if problem.contains("cannot start any token"), let line = Diagnostic.line(at.line, of: text),
           line.dropFirst(at.column - 1).first == "\t" {
            notes.insert("help: YAML does not allow tabs for indentation; indent with spaces", at: 0)
        }
        return Diagnostic(.error, problem, file: file, mark: at, notes: notes)
    }
}
