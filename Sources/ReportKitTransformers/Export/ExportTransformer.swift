import Foundation
import ReportKit

/// `export`: writes a report to a file.
public struct ExportTransformer: Transformer {
    public static let spec = TransformerSpec(
        name: "export",
        summary: "Write each report as Markdown or JSON, to a path made from a template.",
        options: [
            OptionSpec("format", .choice(["markdown", "json"]), default: .string("markdown"), doc: "Output format."),
            OptionSpec("path", .string, required: true, doc: "Output path template, relative to the pipeline file."),
        ],
        examples: [],
        writesOutput: true)

    public static let registration = TransformerRegistration(spec: spec) { options, context in
        ExportTransformer(format: options.string("format") ?? "markdown", path: options.string("path") ?? "", base: context.baseDirectory)
    }

    let format: String
    let path: String
    let base: URL

    public func transform(_ report: inout Report, context: StepContext) throws {
        let target = base.appendingPathComponent(path.replacingOccurrences(of: "{{slug}}", with: Slug.make(report.title ?? report.id)))
        if context.run.isInput(target) { throw StepFailure("refusing to overwrite input \(target.path)") }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text = format == "json" ? try report.prettyJSON() : "# \(report.title ?? "")\n\n" + report.body.map(\.text).joined(separator: "\n\n")
        try Data(text.utf8).write(to: target, options: .atomic)
    }
}
