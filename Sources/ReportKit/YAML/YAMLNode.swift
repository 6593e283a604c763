/// A YAML node with the position it was written at, so every later problem
/// (an unknown option, a wrong type) can point at the exact line and column.
public struct YAMLNode: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case scalar(String)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    /// A key and its value, in the order written.
    public struct Pair: Sendable, Equatable {
        public var key: YAMLNode
        public var value: YAMLNode

        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    public var content: Content
    public var start: SourceMark
    public var end: SourceMark
    /// An explicit tag (`!!str`), if one was written.
    public var tag: String?
    /// Whether a scalar was written plain (unquoted), so `true`, `3` and `null` take their YAML meaning.
    public var isPlain: Bool

    public init(_ content: Content, start: SourceMark, end: SourceMark, tag: String? = nil, isPlain: Bool = true) {
        self.content = content
        self.start = start
        self.end = end
        self.tag = tag
        self.isPlain = isPlain
    }

    /// The scalar's text, if this node is a scalar.
    public var scalar: String? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// Whether this is YAML's null (`~`, `null`, or nothing at all).
    public var isNull: Bool {
        guard isPlain, tag == nil || tag == "tag:yaml.org,2002:null", let s = scalar else { return false }
        return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL"
    }

    /// The value for a string key of a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar == key }?.value
    }

    /// A word for the node's kind, for messages (`a mapping`, `a list`, `a string`).
    public var kindDescription: String {
        switch content {
        case .scalar: return isNull ? "null" : "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// Columns from start to end on the start line, for underlining.
    public var width: Int {
        end.line == start.line ? max(1, end.column - start.column) : 1
    }
}
