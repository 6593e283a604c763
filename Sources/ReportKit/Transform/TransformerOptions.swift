/// A transformer's options after decoding and validation against its spec, with the
/// spec's defaults filled in. Accessors never fail for options the spec declares.
public struct TransformerOptions: Sendable, Equatable {
    public private(set) var values: [String: OptionValue]

    public init(_ values: [String: OptionValue] = [:]) {
        self.values = values
    }

    public subscript(name: String) -> OptionValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public func string(_ name: String) -> String? {
        switch values[name] {
        case .string(let s)?: return s
        case let value?: return value.description
        case nil: return nil
        }
    }

    public func int(_ name: String) -> Int? {
        switch values[name] {
        case .integer(let i)?: return i
        case .number(let d)?: return Int(d)
        default: return nil
        }
    }

    public func double(_ name: String) -> Double? {
        switch values[name] {
        case .number(let d)?: return d
        case .integer(let i)?: return Double(i)
        default: return nil
        }
    }

    public func bool(_ name: String) -> Bool? {
        if case .boolean(let b)? = values[name] { return b }
        return nil
    }

    /// A list of strings; a single string counts as a list of one.
    public func strings(_ name: String) -> [String]? {
        switch values[name] {
        case .list(let items)?: return items.map(\.description)
        case let value?: return [value.description]
        case nil: return nil
        }
    }

    public func map(_ name: String) -> [String: String]? {
        if case .map(let m)? = values[name] { return m }
        return nil
    }
}

/// An option problem found while building a transformer (a glossary that does not
/// load, a template with a syntax error). The pipeline loader points it at the option.
public struct OptionError: Error, Sendable {
    public var option: String
    public var message: String

    public init(option: String, _ message: String) {
        self.option = option
        self.message = message
    }
}
