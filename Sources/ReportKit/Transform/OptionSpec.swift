/// The type of a transformer option, which drives decoding, validation, docs and the JSON Schema.
public indirect enum OptionType: Sendable, Equatable {
    case string
    case integer(min: Int? = nil, max: Int? = nil)
    case number(min: Double? = nil, max: Double? = nil)
    case boolean
    /// One of a fixed set of strings.
    case choice([String])
    /// A list; a single value is accepted as a list of one.
    case list(OptionType)
    /// A file path, resolved relative to the pipeline file.
    case path
    /// A mapping of strings to strings.
    case map

    /// A short human name for messages and docs (`integer 1…50`, `one of: a, b`).
    public var displayName: String {
        switch self {
        case .string: return "string"
        case .integer(let lo, let hi): return "integer" + Self.range(lo.map(String.init), hi.map(String.init))
        case .number(let lo, let hi): return "number" + Self.range(lo.map { "\($0)" }, hi.map { "\($0)" })
        case .boolean: return "boolean"
        case .choice(let values): return "one of: " + values.joined(separator: ", ")
        case .list(let element): return "list of \(element.displayName)"
        case .path: return "path"
        case .map: return "mapping of strings"
        }
    }

    private static func range(_ lo: String?, _ hi: String?) -> String {
        switch (lo, hi) {
        case let (l?, h?): return " \(l)…\(h)"
        case let (l?, nil): return " ≥ \(l)"
        case let (nil, h?): return " ≤ \(h)"
        case (nil, nil): return ""
        }
    }
}

/// A decoded option value.
public indirect enum OptionValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case list([OptionValue])
    case map([String: String])

    public var description: String {
        switch self {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .boolean(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// The value as JSON, for schemas and the plugin protocol.
    public var json: JSONValue {
        switch self {
        case .string(let s): return .string(s)
        case .integer(let i): return .number(Double(i))
        case .number(let d): return .number(d)
        case .boolean(let b): return .bool(b)
        case .list(let items): return .array(items.map(\.json))
        case .map(let m): return .object(m.mapValues { .string($0) })
        }
    }
}

/// One option of a transformer: its name, type, default and documentation.
public struct OptionSpec: Sendable, Equatable {
    public var name: String
    public var type: OptionType
    /// The value used when the pipeline does not give one; nil for none.
    public var defaultValue: OptionValue?
    public var isRequired: Bool
    /// One or two sentences for `explain` and the docs.
    public var doc: String

    public init(_ name: String, _ type: OptionType, default defaultValue: OptionValue? = nil,
                required: Bool = false, doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = required
        self.doc = doc
    }
}
