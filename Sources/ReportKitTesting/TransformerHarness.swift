import Foundation
import ReportKit

/// Builds reports from text and runs transformers on them, the way a pipeline would,
/// for tests written with Swift Testing or XCTest.
///
/// ```swift
/// let harness = TransformerHarness(registry: BuiltinTransformers.registry.merging(MyPlugin.registry))
/// let report = try harness.apply("shout", options: ["suffix": "!"], to: "Harbor opens.")
/// expectReport(report, .text("HARBOR OPENS!"))
/// ```
public struct TransformerHarness: Sendable {
    /// The transformers `apply(_:…)` finds by name.
    public var registry: TransformerRegistry
    /// The folder path options are resolved against.
    public var baseDirectory: URL

    public init(registry: TransformerRegistry = TransformerRegistry(),
                baseDirectory: URL = FileManager.default.temporaryDirectory) {
        self.registry = registry
        self.baseDirectory = baseDirectory
    }

    /// A report read from `text` the way `reportkit run` reads a file of that format.
    public static func report(_ text: String, format: InputFormat = .text, id: String = "test") throws -> Report {
        var report = try ReportReader.read(data: Data(text.utf8), path: id, format: format)
        report.id = id
        return report
    }

    /// Applies the transformer registered as `name`. Option values are written as in YAML
    /// (`"3"`, `"true"`, `"[a, b]"`) and checked against the spec exactly as in a pipeline.
    public func apply(_ name: String, options: [String: String] = [:], to report: Report) throws -> Report {
        guard let registration = registry.registration(named: name) else {
            let known = registry.names.joined(separator: ", ")
            throw HarnessError("unknown transformer '\(name)'" + (known.isEmpty ? " (the harness's registry is empty)" : "; known: \(known)"))
        }
        return try apply(registration, options: options, to: report)
    }

    /// Applies the transformer registered as `name` to a report read from `text`.
    public func apply(_ name: String, options: [String: String] = [:], to text: String, format: InputFormat = .text) throws -> Report {
        try apply(name, options: options, to: Self.report(text, format: format))
    }

    /// Applies one registration, without a registry.
    public func apply(_ registration: TransformerRegistration, options: [String: String] = [:], to report: Report) throws -> Report {
        let transformer = try build(registration, options: options)
        var result = report
        let run = RunContext(baseDirectory: baseDirectory)
        try transformer.transform(&result, context: StepContext(stepName: registration.spec.name, stepIndex: 0, run: run))
        try transformer.finish(context: run)
        return result
    }

    /// Applies one registration to a report read from `text`.
    public func apply(_ registration: TransformerRegistration, options: [String: String] = [:], to text: String,
                      format: InputFormat = .text) throws -> Report {
        try apply(registration, options: options, to: Self.report(text, format: format))
    }

    /// Decodes `options` against the spec (defaults filled in) and builds the transformer.
    public func build(_ registration: TransformerRegistration, options: [String: String] = [:]) throws -> any Transformer {
        let name = registration.spec.name
        let mark = SourceMark(line: 1, column: 1)
        let pairs = options.sorted { $0.key < $1.key }.map { key, value in
            YAMLNode.Pair(key: YAMLNode(.scalar(key), start: mark, end: SourceMark(line: 1, column: key.count + 1)),
                          value: OptionOverride(step: name, option: key, value: value).node())
        }
        let (decoded, problems) = OptionDecoder(file: "options", stepName: name).decode(pairs, spec: registration.spec, stepMark: mark)
        let errors = problems.filter { $0.severity == .error }
        if !errors.isEmpty {
            throw HarnessError(errors.map { $0.message + $0.notes.map { " (\($0))" }.joined() }.joined(separator: "\n"))
        }
        do {
            return try registration.make(decoded, BuildContext(baseDirectory: baseDirectory, stepName: name))
        } catch let error as OptionError {
            throw HarnessError("option '\(error.option)' of '\(name)': \(error.message)")
        }
    }
}

/// A test set up wrongly: an unknown transformer, or options its spec does not accept.
public struct HarnessError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
