import ArgumentParser
import Foundation
import ReportKit

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run one transformer alone on files (or standard input) and print the result.",
        discussion: "Prints JSON for one input, JSON Lines for several; '--to text' prints the title and then each body block on its own line; '--to changes' lists every recorded edit, dropped block and warning for review; '--to summary' prints the summary's sentences, one a line. With '--to text', plain-text input keeps its lines: each input line, blank ones included, is a block exactly as written, so the output has a line per input line (lines the transformer drops are gone); only 'extract', which structures lines into a report, reads text as a pipeline does.")

    enum Output: String, ExpressibleByArgument, CaseIterable { case json, text, markdown, changes, summary }

    @Argument(help: "A transformer name (see 'reportkit list').") var name: String
    @Argument(help: "Input files; standard input when none.") var files: [String] = []
    @Option(name: .customLong("set"), help: ArgumentHelp("Set an option: option=value.", valueName: "option=value"))
    var settings: [String] = []
    @Option(name: .customLong("to"), help: "Output: json, text, markdown, changes or summary.") var output: Output = .json
    @Option(name: .customLong("from"), help: "Input format when it cannot be told from the name: text, html, markdown, json.")
    var inputFormat: String?
    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let registry = try plugins.registry()
        guard let registration = registry.registration(named: name) else {
            throw CommandFailure(code: ExitStatus.usage, message: unknownTransformerMessage(name, registry))
        }
        var format: InputFormat?
        if let inputFormat {
            guard let f = InputFormat(rawValue: inputFormat) else {
                throw CommandFailure(code: ExitStatus.usage, message: "error: --from takes one of: " + InputFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            format = f
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let transformer = try buildTransformer(registration, base: cwd)
        let inputs = files.isEmpty ? ["-"] : files
        // Only a step that writes files needs the inputs to steer clear of (see `run`).
        let protected = registration.spec.writesOutput ? Set(inputs.lazy.filter { $0 != "-" }.map(PathName.canonical)) : []
        let run = RunContext(baseDirectory: cwd, inputPaths: protected)
        let context = StepContext(stepName: name, stepIndex: 0, run: run)
        var failures = 0
        for input in inputs {
            do {
                var report = try ReportReader.read(path: input, format: format ?? (input == "-" ? .text : nil))
                if output == .text, name != "extract", report.source?.mediaType == InputFormat.text.mediaType, let raw = report.raw {
                    report.body = Self.lineBlocks(raw)
                }
                try transformer.transform(&report, context: context)
                try print(render(report, single: inputs.count == 1))
            } catch {
                failures += 1
                Console.error("error: \(input == "-" ? "<stdin>" : input): \(error)")
            }
        }
        try transformer.finish(context: run)
        if failures > 0 { throw CommandFailure(code: ExitStatus.reportFailed, message: "") }
    }

    /// One paragraph block per input line, exactly as written (a `\r` before the line break
    /// aside), blank lines included; a final line break ends the last line, not a new one.
    static func lineBlocks(_ text: String) -> [Block] {
        // By bytes: `\r\n` is one Character, so a Character split would miss it.
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { line in
            Block(.paragraph, String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
        }
    }

    private func render(_ report: Report, single: Bool) throws -> String {
        switch output {
        case .json: return single ? try report.prettyJSON() : try report.jsonLine()
        case .text: return report.plainText
        case .summary: return (report.summary?.sentences ?? []).map(\.text).joined(separator: "\n")
        case .markdown:
            var lines: [String] = []
            if let title = report.title { lines.append("# \(title)") }
            if let subtitle = report.subtitle { lines.append("*\(subtitle)*") }
            lines += report.body.map { $0.kind == .heading ? String(repeating: "#", count: min(6, ($0.level ?? 1) + 1)) + " " + $0.text : $0.text }
            return lines.joined(separator: "\n\n")
        case .changes:
            return report.changeListing
        }
    }

    private func buildTransformer(_ registration: TransformerRegistration, base: URL) throws -> any Transformer {
        var pairs: [YAMLNode.Pair] = []
        for setting in settings {
            guard let eq = setting.firstIndex(of: "="), eq != setting.startIndex else {
                throw CommandFailure(code: ExitStatus.usage, message: "error: --set takes option=value, not '\(setting)'")
            }
            let option = String(setting[..<eq])
            let value = OptionOverride(step: name, option: option, value: String(setting[setting.index(after: eq)...])).node()
            let key = YAMLNode(.scalar(option), start: SourceMark(line: 1, column: 1), end: SourceMark(line: 1, column: option.count + 1))
            pairs.append(.init(key: key, value: value))
        }
        let decoder = OptionDecoder(file: "--set", stepName: name)
        let (options, problems) = decoder.decode(pairs, spec: registration.spec, stepMark: SourceMark(line: 1, column: 1))
        if !problems.isEmpty {
            throw CommandFailure(code: ExitStatus.usage, message: problems.map { $0.rendered() }.joined(separator: "\n"))
        }
        do {
            return try registration.make(options, BuildContext(baseDirectory: base, stepName: name))
        } catch let error as OptionError {
            throw CommandFailure(code: ExitStatus.usage, message: "error: --set \(error.option): \(error.message)")
        }
    }
}

extension Report {
    /// Every recorded edit, dropped block and warning, one readable entry each, for `--to changes`.
    var changeListing: String {
        var lines: [String] = []
        for change in changes {
            let place = change.block.map { "block \($0)" } ?? change.field ?? "line"
            if change.after.isEmpty && change.context?.hasPrefix("line ") == true {
                lines.append("\(change.rule)  \(change.context ?? "dropped"): \(change.before)")
            } else {
                lines.append("\(change.rule)  \(place): \"\(change.before)\" → \"\(change.after)\"")
                if let context = change.context { lines.append("    in: \(context)") }
            }
        }
        for diagnostic in diagnostics {
            lines.append("\(diagnostic.severity.rawValue): \(diagnostic.step): \(diagnostic.message)")
        }
        if lines.isEmpty { lines.append("no changes") }
        return lines.joined(separator: "\n")
    }
}
