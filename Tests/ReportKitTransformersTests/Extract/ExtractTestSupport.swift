import Foundation
import ReportKit
@testable import ReportKitTransformers

/// Runs `extract` with its default options (or the given ones) on an in-memory input.
func extract(_ input: String, format: InputFormat = .text, options: [String: OptionValue] = [:],
             limits: PipelineLimits = .default) throws -> Report {
    try extract(data: Data(input.utf8), format: format, options: options, limits: limits)
}

func extract(data: Data, format: InputFormat, options: [String: OptionValue] = [:],
             limits: PipelineLimits = .default) throws -> Report {
    let registration = ExtractTransformer.registration
    var values = registration.spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
    values.merge(options) { _, new in new }
    let base = URL(fileURLWithPath: NSTemporaryDirectory())
    let transformer = try registration.make(TransformerOptions(values.compactMapValues { $0 }),
                                            BuildContext(baseDirectory: base, stepName: "extract", limits: limits))
    var report = try ReportReader.read(data: data, path: "test." + (format == .html ? "html" : "txt"), format: format,
                                       maxHTMLDepth: limits.htmlDepth)
    try transformer.transform(&report, context: StepContext(stepName: "extract", stepIndex: 0, run: RunContext(baseDirectory: base)))
    return report
}

extension Report {
    var bodyText: String { body.map(\.text).joined(separator: "\n") }

    func entity(_ text: String) -> Entity? { entities.first { $0.text == text } }
}
