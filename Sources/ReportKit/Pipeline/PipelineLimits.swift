/// Resource limits for one run, set by a pipeline's `limits:` mapping. Each has a default
/// that ordinary reports and pipelines never reach; an input over a limit fails alone,
/// with a message that names the limit, and the batch goes on by its `on-error` policy.
public struct PipelineLimits: Sendable, Equatable {
    /// Largest input file read as one report, in bytes (`input-bytes`).
    public var maxInputBytes: Int
    /// Deepest nesting of lists and mappings in YAML the run loads (`yaml-depth`).
    public var yamlDepth: Int
    /// Most YAML nodes in one file, counting every alias expansion (`yaml-nodes`).
    public var yamlNodes: Int
    /// Largest YAML file the run loads, in bytes (`yaml-bytes`).
    public var yamlBytes: Int
    /// Longest one step may take on one report, in seconds (`step-seconds`); checked when the
    /// step returns, since a synchronous step cannot be pre-empted.
    public var stepSeconds: Int
    /// Deepest nesting of HTML elements in one page (`html-depth`).
    public var htmlDepth: Int

    /// Default of `step-seconds`: far beyond any built-in step on a real report.
    public static let defaultStepSeconds = 300
    /// Default of `html-depth`: real pages nest a few dozen elements deep; generated or hostile
    /// ones that nest thousands deep are refused rather than walked.
    public static let defaultHTMLDepth = 1_000

    public init(maxInputBytes: Int = ReportReader.defaultMaxBytes, yaml: YAMLLimits = .default,
                stepSeconds: Int = PipelineLimits.defaultStepSeconds, htmlDepth: Int = PipelineLimits.defaultHTMLDepth) {
        self.maxInputBytes = maxInputBytes
        self.stepSeconds = stepSeconds
        self.htmlDepth = htmlDepth
        self.yamlDepth = yaml.maxDepth
        self.yamlNodes = yaml.maxNodes
        self.yamlBytes = yaml.maxBytes
    }

    public static let `default` = PipelineLimits()

    /// The YAML limits, for `YAMLLoader.load`.
    public var yaml: YAMLLimits {
        YAMLLimits(maxDepth: yamlDepth, maxNodes: yamlNodes, maxBytes: yamlBytes)
    }

    /// Every key `limits:` accepts: the single place that names, bounds and documents them.
    public static let keys: [LimitKey] = [
        LimitKey("input-bytes", unit: .bytes, range: 1...(1 << 40), \.maxInputBytes,
                 doc: "Largest input file read as one report; a larger one fails with an error naming the limit."),
        LimitKey("yaml-depth", unit: .count, range: 1...YAMLLimits.depthCeiling, \.yamlDepth,
                 doc: "Deepest nesting of lists and mappings in an included pipeline file or a YAML option file."),
        LimitKey("yaml-nodes", unit: .count, range: 1...100_000_000, \.yamlNodes,
                 doc: "Most nodes in one YAML file, counting every alias expansion (stops \"billion laughs\")."),
        LimitKey("yaml-bytes", unit: .bytes, range: 1...(1 << 32), \.yamlBytes,
                 doc: "Largest YAML file loaded (included pipelines, glossaries and other YAML option files)."),
        LimitKey("step-seconds", unit: .count, range: 1...86_400, \.stepSeconds,
                 doc: "Longest one step may take on one report; checked when the step returns (a running step is not interrupted)."),
        LimitKey("html-depth", unit: .count, range: 8...1_000_000, \.htmlDepth,
                 doc: "Deepest nesting of elements in an HTML page, checked when the page is read and when extract parses it."),
    ]

    /// The spec of the key with this name.
    public static func key(named name: String) -> LimitKey? {
        keys.first { $0.name == name }
    }
}

/// One key of a pipeline's `limits:` mapping.
public struct LimitKey: Sendable {
    /// How a limit's value is written.
    public enum Unit: Sendable {
        /// A plain count.
        case count
        /// A size: a number of bytes, or a number with a unit (`512 KiB`, `64 MiB`, `2 GB`).
        case bytes
    }

    public var name: String
    public var unit: Unit
    public var range: ClosedRange<Int>
    public var doc: String
    nonisolated(unsafe) public var keyPath: WritableKeyPath<PipelineLimits, Int>

    public init(_ name: String, unit: Unit, range: ClosedRange<Int>, _ keyPath: WritableKeyPath<PipelineLimits, Int>, doc: String) {
        self.name = name
        self.unit = unit
        self.range = range
        self.keyPath = keyPath
        self.doc = doc
    }

    /// The default, as a pipeline file would write it.
    public var defaultText: String {
        let value = PipelineLimits.default[keyPath: keyPath]
        return unit == .bytes ? ByteSize.format(value) : String(value)
    }

    /// The value a scalar spells, or a message saying what is wrong with it.
    public func parse(_ text: String) -> Result<Int, LimitError> {
        let value: Int?
        switch unit {
        case .count: value = Int(text.filter { $0 != "_" })
        case .bytes: value = ByteSize.parse(text)
        }
        guard let value else {
            let expected = unit == .bytes ? "a size in bytes, such as 1048576 or 64 MiB" : "a whole number"
            return .failure(LimitError("'\(name)' is \(expected), not '\(text)'"))
        }
        guard range.contains(value) else {
            let bounds = unit == .bytes
                ? "\(ByteSize.format(range.lowerBound))…\(ByteSize.format(range.upperBound))"
                : "\(range.lowerBound)…\(range.upperBound)"
            return .failure(LimitError("'\(name)' must be within \(bounds); \(text) is not"))
        }
        return .success(value)
    }
}

/// Why a `limits:` value was refused.
public struct LimitError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Sizes written for people: `1048576`, `512 KiB`, `64MiB`, `2 GB`.
public enum ByteSize {
    private static let units: [(String, Int)] = [
        ("b", 1), ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("tib", 1 << 40),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000),
    ]

    /// The number of bytes, or nil when the text is not a size (or overflows).
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces().lowercased().filter { $0 != "_" }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingSpaces()
        if unit.isEmpty { return number }
        guard let scale = units.first(where: { $0.0 == unit })?.1 else { return nil }
        let (product, overflow) = number.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }

    /// The size in the largest binary unit that divides it exactly (`256 MiB`), else in bytes.
    public static func format(_ bytes: Int) -> String {
        for (name, scale) in [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where bytes >= scale && bytes % scale == 0 {
            return "\(bytes / scale) \(name)"
        }
        return String(bytes)
    }
}
