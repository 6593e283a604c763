/// A transformer's spec and how to build it from options.
public struct TransformerRegistration: Sendable {
    public var spec: TransformerSpec
    public var make: @Sendable (TransformerOptions, BuildContext) throws -> any Transformer

    public init(spec: TransformerSpec,
                make: @escaping @Sendable (TransformerOptions, BuildContext) throws -> any Transformer) {
        self.spec = spec
        self.make = make
    }
}

/// The transformers a program knows, by name. Filled once at start-up and then only
/// read: it is a value, so sharing it across tasks and threads is safe.
public struct TransformerRegistry: Sendable {
    private var registrations: [String: TransformerRegistration] = [:]

    public init(_ registrations: [TransformerRegistration] = []) {
        for registration in registrations { register(registration) }
    }

    /// Adds a transformer; a later registration of the same name replaces the earlier.
    public mutating func register(_ registration: TransformerRegistration) {
        registrations[registration.spec.name] = registration
    }

    /// A registry with the other's transformers added.
    public func merging(_ other: TransformerRegistry) -> TransformerRegistry {
        var merged = self
        for registration in other.all { merged.register(registration) }
        return merged
    }

    public func registration(named name: String) -> TransformerRegistration? {
        registrations[name]
    }

    /// Every registration, sorted by name.
    public var all: [TransformerRegistration] {
        registrations.values.sorted { $0.spec.name < $1.spec.name }
    }

    public var names: [String] { all.map(\.spec.name) }
}
