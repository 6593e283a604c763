import Foundation
import ReportKit
@testable import ReportKitTransformers

/// Runs translate-fixups on plain text (one block per line) with the given options.
enum Fixups {
    static func transformer(_ options: [String: OptionValue] = [:], base: URL? = nil) throws -> any Transformer {
        var values = TranslateFixupsTransformer.spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
        values.merge(options) { _, new in new }
        let context = BuildContext(baseDirectory: base ?? URL(fileURLWithPath: NSTemporaryDirectory()), stepName: "translate-fixups")
        return try TranslateFixupsTransformer.registration.make(TransformerOptions(values.compactMapValues { $0 }), context)
    }

    static func report(_ text: String, _ options: [String: OptionValue] = [:]) throws -> Report {
        var report = try ReportReader.read(data: Data(text.utf8), path: "test.txt", format: .text)
        let run = RunContext(baseDirectory: URL(fileURLWithPath: NSTemporaryDirectory()))
        try transformer(options).transform(&report, context: StepContext(stepName: "translate-fixups", stepIndex: 0, run: run))
        return report
    }

    static func text(_ text: String, _ options: [String: OptionValue] = [:]) throws -> String {
        try report(text, options).plainText
    }

    static func rules(_ names: String...) -> [String: OptionValue] {
        ["rules": .list(names.map { .string($0) })]
    }
}
