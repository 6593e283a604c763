import Foundation
import Mustache
import ReportKit

/// `export`: writes each report out (Markdown, HTML, JSON, JSON Lines, text, CSV, a user's
/// Mustache template, or a review page), to a path made from a template, atomically.
public struct ExportTransformer: Transformer {
    /// The output formats.
    public enum Format: String, CaseIterable, Sendable {
        case markdown, html, json, jsonl, text, csv, template, review

        /// Formats that gather the whole batch into one file per path, written at the end of the run.
        var gathersBatch: Bool { self == .jsonl || self == .csv }
    }

    static let defaultColumns = ["id", "title", "subtitle", "byline", "date", "site", "url", "summaryText", "tags", "source.path"]

    public static let spec = TransformerSpec(
        name: "export",
        summary: "Write each report as Markdown, HTML, JSON, JSON Lines, text, CSV, a Mustache template or a review page.",
        discussion: """
        The output path is a template: `out/{{site}}/{{date}}-{{slug}}.md`. Fields in it never add folders \
        (`/` in a value becomes `-`); a path that would leave its output folder is refused. Two reports \
        that would write the same file are reported, and the second is not written. Files are written to a \
        hidden temporary file and renamed, so a killed run leaves no half-written output; an existing file \
        is replaced only with `overwrite: true` or `--force`, and an input is never written over. \
        `jsonl` and `csv` gather the batch into one file (one per distinct path), written when the run ends, \
        rows in input order. `run --resume` keeps outputs that exist (they are complete) and writes the rest; \
        no output is written through a symbolic link that leads out of its output folder. \
        Templates see the report's JSON fields plus helpers (`slug`, `date`, `byline`, `summaryText`, \
        `keyQuotes`, `yaml.*`, `md.*`); see docs/export.md. `reportkit template NAME` prints the built-in ones.
        """,
        options: [
            OptionSpec("format", .choice(Format.allCases.map(\.rawValue)), default: .string("markdown"),
                       doc: "Output format; `template` renders the file given in `template`."),
            OptionSpec("path", .string, required: true,
                       doc: "Output path template, relative to the pipeline file: `out/{{date}}-{{slug}}.md`."),
            OptionSpec("template", .path,
                       doc: "A Mustache file: required for `format: template`; replaces the built-in template for markdown, html, text and review."),
            OptionSpec("partials", .path,
                       doc: "Folder of `.mustache` partials (`{{> name}}`); default: the template's folder."),
            OptionSpec("escape", .choice(["auto", "html", "none"]), default: .string("auto"),
                       doc: "How `{{value}}` is escaped in a template: `auto` is HTML for .html/.htm/.xhtml paths, none otherwise."),
            OptionSpec("columns", .list(.string), default: .list(defaultColumns.map { .string($0) }),
                       doc: "CSV columns: template field names (dotted for nested ones, e.g. `source.path`); lists are joined with `; `."),
            OptionSpec("batch", .boolean, default: .boolean(false),
                       doc: "For `review`: one page for the whole batch instead of one per report."),
            OptionSpec("overwrite", .boolean, default: .boolean(false),
                       doc: "Replace outputs that already exist (as `--force` does)."),
            OptionSpec("create-folders", .boolean, default: .boolean(true),
                       doc: "Create missing folders on the way to an output."),
            OptionSpec("sync", .boolean, default: .boolean(false),
                       doc: "Flush each file to the disk before renaming it into place (survives power loss; slower)."),
        ],
        examples: [
            TransformerExample(
                "Markdown for a static site, named by date and slug",
                options: ["format": .string("markdown"), "path": .string("reportkit-export-example/{{date}}-{{slug}}.md"),
                          "overwrite": .boolean(true)],
                input: #"{"id": "harbor", "title": "Harbor Works Begin", "published": "2024-05-03", "body": [{"kind": "paragraph", "text": "Cranes arrived on Monday."}]}"#,
                mediaType: "application/json",
                expect: [.field("diagnostics.0.message", "wrote reportkit-export-example/2024-05-03-harbor-works-begin.md")]),
            TransformerExample(
                "One CSV row per report, with chosen columns",
                options: ["format": .string("csv"), "path": .string("reportkit-export-example/reports.csv"),
                          "columns": .list([.string("id"), .string("title")]), "overwrite": .boolean(true)],
                input: #"{"id": "harbor", "title": "Harbor Works Begin", "body": []}"#,
                mediaType: "application/json",
                expect: [.field("diagnostics.0.message", "added to reportkit-export-example/reports.csv")]),
        ],
        writesOutput: true)

    public static let registration = TransformerRegistration(spec: spec) { options, context in
        try ExportTransformer(options: options, context: context)
    }

    let format: Format
    let path: OutputPath
    let base: URL
    /// The base folder's path with a trailing slash: outputs under it are shown relative to it.
    let shownBase: String
    let template: CheckedTemplate?
    let columns: [[String]]
    let columnNames: [String]
    let batchReview: Bool
    let overwrite: Bool
    let createFolders: Bool
    let sync: Bool
    let state = ExportState()
    /// The context names this step uses; the rest are not built.
    let contextNeeds: Set<String>
    /// The optional parts the output shows (``reads``).
    let partsRead: ReportParts
    /// Markdown, HTML or text from the built-in template, written by `MarkdownWriter`,
    /// `HTMLWriter` or `TextWriter` (the same bytes, no template engine).
    let writesBuiltinDirectly: Bool

    /// Builds the step; template and path problems are `OptionError`s or positioned diagnostics.
    public init(options: TransformerOptions, context: BuildContext) throws {
        guard let format = Format(rawValue: options.string("format") ?? "markdown") else {
            throw OptionError(option: "format", "unknown format '\(options.string("format") ?? "")'")
        }
        self.format = format
        base = context.baseDirectory
        shownBase = context.baseDirectory.standardizedFileURL.path + "/"
        _ = SafeFile.processStart
        overwrite = options.bool("overwrite") ?? false
        createFolders = options.bool("create-folders") ?? true
        sync = options.bool("sync") ?? false
        batchReview = format == .review && (options.bool("batch") ?? false)
        path = try OutputPath(options.string("path") ?? "", base: context.baseDirectory, schema: TemplateContext.reportSchema)
        if batchReview, !path.isConstant {
            throw OptionError(option: "path", "a batch review page has one path for the whole run; remove the {{fields}} from 'path'")
        }

        let names = options.strings("columns") ?? Self.defaultColumns
        if format == .csv {
            guard !names.isEmpty else { throw OptionError(option: "columns", "a CSV needs at least one column") }
            for name in names {
                var scope: ContextSchema? = TemplateContext.reportSchema
                for part in name.split(separator: ".") {
                    let known = scope?.names ?? []
                    scope = scope?.child(String(part))
                    if scope == nil {
                        var message = "'\(name)' is not a report field"
                        if let guess = EditDistance.suggestion(for: String(part), among: known) { message += " (did you mean '\(guess)'?)" }
                        throw OptionError(option: "columns", message)
                    }
                }
            }
        }
        columnNames = names
        columns = names.map { $0.split(separator: ".").map(String.init) }

        let templatePath = options.string("template")
        switch format {
        case .template:
            guard let templatePath else {
                throw OptionError(option: "template", "'format: template' needs a 'template' file (print a built-in one with 'reportkit template markdown')")
            }
            template = try Self.loadTemplate(templatePath, partials: options.string("partials"), context: context,
                                             schema: TemplateContext.reportSchema,
                                             escapeHTML: Self.escapesHTML(options.string("escape"), path: path.template))
        case .markdown, .html, .text, .review:
            let builtin = BuiltinTemplates.named(format.rawValue)!
            let schema = format == .review ? TemplateContext.reviewSchema : TemplateContext.reportSchema
            if let templatePath {
                template = try Self.loadTemplate(templatePath, partials: options.string("partials"), context: context,
                                                 schema: schema, escapeHTML: builtin.escapesHTML)
            } else {
                template = try CheckedTemplate(text: builtin.text, file: "built-in:\(builtin.name)", schema: schema,
                                               escapeHTML: builtin.escapesHTML)
            }
        case .json, .jsonl, .csv:
            if templatePath != nil { throw OptionError(option: "template", "'\(format.rawValue)' is not written from a template; use 'format: template'") }
            template = nil
        }
        writesBuiltinDirectly = (format == .markdown || format == .html || format == .text) && templatePath == nil
        var needs = writesBuiltinDirectly ? [] : template?.usedNames ?? []
        needs.formUnion(path.fieldHeads)
        if format == .csv { needs.formUnion(columns.compactMap(\.first)) }
        // A review page's reports need their own fields, and the page needs the counts.
        if format == .review { needs.formUnion(["title", "changeCount", "droppedCount"]) }
        contextNeeds = needs
        switch format {
        case .json, .jsonl, .review: partsRead = .all
        case .csv: partsRead = TemplateContext.parts(readBy: Set(columns.compactMap(\.first)).union(path.fieldHeads))
        case .markdown, .html, .text, .template: partsRead = TemplateContext.parts(readBy: (template?.usedNames ?? []).union(path.fieldHeads))
        }
    }

    /// An export reads what its format shows: all of a JSON report, and the names a
    /// template, path or column list uses.
    public var reads: ReportParts { partsRead }

    static func escapesHTML(_ choice: String?, path: String) -> Bool {
        switch choice {
        case "html": return true
        case "none": return false
        default:
            let lower = path.lowercased()
            return lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml")
        }
    }

    /// Reads a template and the partials beside it (or in `partials`), and checks them.
    static func loadTemplate(_ path: String, partials: String?, context: BuildContext, schema: ContextSchema,
                             escapeHTML: Bool) throws -> CheckedTemplate {
        let url = context.resolve(path)
        let text: String
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw OptionError(option: "template", "cannot read the template \(url.path): no such file")
        }
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw OptionError(option: "template", "cannot read the template \(url.path): \(SafeFile.reason(of: error))")
        }
        let folder = partials.map(context.resolve) ?? url.deletingLastPathComponent()
        var sources: [String: TemplateSource] = [:]
        if partials != nil || FileManager.default.fileExists(atPath: folder.path) {
            let files: [String]
            do {
                files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            } catch {
                throw OptionError(option: partials == nil ? "template" : "partials",
                                  "cannot read the partials folder \(folder.path): \(SafeFile.reason(of: error))")
            }
            for file in files.sorted() where file.hasSuffix(".mustache") {
                let partialURL = folder.appendingPathComponent(file)
                if partialURL.standardizedFileURL.path == url.standardizedFileURL.path { continue }
                guard let partialText = try? String(contentsOf: partialURL, encoding: .utf8) else {
                    throw OptionError(option: "partials", "cannot read the partial \(partialURL.path) as UTF-8 text")
                }
                sources[String(file.dropLast(".mustache".count))] = TemplateSource(text: partialText, file: partialURL.path)
            }
        }
        return try CheckedTemplate(text: text, file: url.path, partials: sources, schema: schema, escapeHTML: escapeHTML)
    }

    // MARK: Running

    public func transform(_ report: inout Report, context: StepContext) throws {
        let run = context.run
        let replace = overwrite || run.overwrite
        let policy = SafeFile.Policy(replace: replace, sync: sync, createFolders: createFolders)
        let values = TemplateContext.report(report, needs: contextNeeds)

        let target = try path.render(values)
        try checkTarget(target, run: run)
        try state.checkNoSymlinkOut(target, root: path.rootPath)
        if batchReview {
            state.addReview(values, to: target)
            note(&report, "added to", target)
            return
        }

        if format.gathersBatch {
            // The file exists only once a whole run finished: it is complete.
            if run.resume, Self.exists(target) {
                note(&report, "kept existing", target)
                return
            }
            let line: String
            if format == .jsonl {
                line = try report.jsonLine() + "\n"
            } else {
                line = columns.map { Escaping.csvField(Self.cellText(Self.lookup($0, in: values))) }.joined(separator: ",") + "\r\n"
            }
            let header = format == .csv ? columnNames.map(Escaping.csvField).joined(separator: ",") + "\r\n" : nil
            try state.append(Array(line.utf8), to: target, header: header, order: context.reportIndex, policy: policy)
            note(&report, "added to", target)
            return
        }

        try state.claim(target, by: report.id)
        // Outputs appear only by rename, whole: one that exists is complete.
        if run.resume, Self.exists(target) {
            note(&report, "kept existing", target)
            return
        }
        let text: String
        switch format {
        case .json: text = try report.prettyJSON() + "\n"
        case .review: text = template!.render(TemplateContext.review([values]))
        case .markdown where writesBuiltinDirectly: text = Self.endingWithOneNewline(MarkdownWriter.render(report))
        case .html where writesBuiltinDirectly: text = HTMLWriter.render(report)
        case .text where writesBuiltinDirectly: text = Self.endingWithOneNewline(TextWriter.render(report))
        case .markdown, .text: text = Self.endingWithOneNewline(template!.render(values))
        default: text = template!.render(values)
        }
        try SafeFile.write(Array(text.utf8), to: target, policy: policy)
        note(&report, "wrote", target)
    }

    public func finish(context: RunContext) throws {
        let replace = overwrite || context.overwrite
        let policy = SafeFile.Policy(replace: replace, sync: sync, createFolders: createFolders)
        var problems: [String] = []
        for (path, reviews) in state.takeReviews() {
            do {
                let text = template!.render(TemplateContext.review(reviews))
                try SafeFile.write(Array(text.utf8), to: path, policy: policy)
            } catch {
                problems.append(PipelineRunnerMessage.text(error))
            }
        }
        problems += state.commitBatches(policy: policy)
        state.reset()
        if !problems.isEmpty { throw StepFailure(problems.joined(separator: "; ")) }
    }

    /// Refuses inputs; an existing file is left to the atomic write to detect. A rename
    /// replaces the folder entry and never writes through a symlink, so comparing the
    /// folder's resolved path plus the name with the inputs is exact.
    func checkTarget(_ target: String, run: RunContext) throws {
        guard !run.inputs.isEmpty else { return }
        let resolved = state.resolvedFolder(of: target)
        if run.inputs.contains(resolved) { throw StepFailureText.input(target) }
    }

    func note(_ report: inout Report, _ verb: String, _ target: String) {
        var shown = target
        if shown.utf8.starts(with: shownBase.utf8) { shown = String(decoding: shown.utf8.dropFirst(shownBase.utf8.count), as: UTF8.self) }
        report.diagnostics.append(ReportDiagnostic(.note, step: "export", "\(verb) \(shown)"))
    }

    /// Whether a file (or a link, not followed) is at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func lookup(_ parts: [String], in values: [String: Any]) -> Any? {
        var current: Any? = values
        for part in parts { current = (current as? [String: Any])?[part] }
        return current
    }

    static func cellText(_ value: Any?) -> String {
        if let list = value as? [Any] { return list.map { cellText($0) }.joined(separator: "; ") }
        if value is [String: Any] { return "" }
        return OutputPath.text(of: value)
    }

    static func endingWithOneNewline(_ text: String) -> String {
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
        return String(text[..<end]) + "\n"
    }
}

/// Error text as the pipeline runner would show it.
enum PipelineRunnerMessage {
    static func text(_ error: any Error) -> String {
        switch error {
        case let e as StepFailure: return e.message
        case let e as CustomStringConvertible: return e.description
        default: return error.localizedDescription
        }
    }
}
