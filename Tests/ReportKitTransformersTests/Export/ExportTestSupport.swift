import Foundation
import ReportKit
@testable import ReportKitTransformers

/// A fresh folder under the system's temporary folder, removed by `cleanUp`.
struct ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("reportkit-export-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    func read(_ relative: String) throws -> String { try String(contentsOf: path(relative), encoding: .utf8) }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative).path) }

    /// Every file below the folder, relative, sorted (hidden temporary files included).
    func files() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: url.path)
        var out: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path(next).path, isDirectory: &isFolder)
            if !isFolder.boolValue { out.append(next) }
        }
        return out.sorted()
    }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

enum ExportFixture {
    /// Builds an export step the way the pipeline loader does: spec defaults, then `options`.
    static func make(_ options: [String: OptionValue], base: URL) throws -> ExportTransformer {
        var values = ExportTransformer.spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
        values.merge(options) { _, new in new }
        return try ExportTransformer(options: TransformerOptions(values.compactMapValues { $0 }),
                                     context: BuildContext(baseDirectory: base, stepName: "export"))
    }

    /// Runs `reports` through `step` and finishes the run; returns the reports and the failures.
    @discardableResult
    static func run(_ step: ExportTransformer, _ reports: [Report], run: RunContext) -> (reports: [Report], errors: [String]) {
        var out: [Report] = []
        var errors: [String] = []
        for var report in reports {
            do {
                try step.transform(&report, context: StepContext(stepName: "export", stepIndex: 0, run: run))
            } catch {
                errors.append("\(error)")
            }
            out.append(report)
        }
        do { try step.finish(context: run) } catch { errors.append("\(error)") }
        return (out, errors)
    }

    /// A report with every part export shows, and text that needs escaping in every format.
    static func report(id: String = "harbor", title: String = "Harbor plan: \"ten years\" & #1 <b>bold</b>") -> Report {
        var r = Report(id: id, source: Source(path: "samples/\(id).txt", mediaType: "text/plain"), title: title)
        r.subtitle = "The city's *oldest* quarter gets a second life"
        r.authors = ["Lin Qiao", "O'Neill, Sam"]
        r.published = "2024-05-03T09:30:00Z"
        r.site = "Coastal Daily"
        r.language = "en"
        r.url = "https://example.org/harbor"
        r.tags = ["city", "harbor: plans"]
        r.body = [
            Block(.paragraph, "The council met on Monday."),
            Block(.heading, "What changes", level: 1),
            Block(.paragraph, "# not a heading, and 1. not a list"),
            Block(.quote, "We will build it together."),
            Block(.listItem, "=SUM(A1:A2) is not a formula here"),
        ]
        r.quotes = [Quote(text: "We will build it together.", speaker: "Zhou Wenli", role: "Mayor", block: 3)]
        r.summary = Summary(sentences: [SummarySentence(text: "The council met on Monday.", block: 0, position: 0, score: 1)],
                            keywords: [Keyword(text: "harbor", score: 1)], method: "lead")
        r.changes = [
            Change(step: "translate-fixups", rule: "orphaned-punctuation", block: 0, before: "Monday. ,", after: "Monday,"),
            Change(step: "translate-fixups", rule: "stray-letters", block: 2, before: "and s build", after: "and build"),
            Change(step: "translate-fixups", rule: "orphaned-punctuation", block: 4, before: "plan , which", after: "plan, which"),
            Change(step: "translate-fixups", rule: "quote-pairing", block: 3, before: "said \"yes", after: "said \"yes\"",
                   context: "she said \"yes"),
        ]
        r.dropped = [DroppedBlock(text: "Previous: Port opens <new> berth", reason: "navigation", step: "extract", block: 6)]
        return r
    }
}

/// A small RFC 4180 reader for checking CSV output: quoted fields, doubled quotes, CRLF rows.
enum CSVReader {
    enum Failure: Error { case malformed(String) }

    static func rows(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var bytes = Array(text.utf8)[...]
        var quoted = false
        var fieldStarted = false
        func endField() { row.append(field); field = ""; fieldStarted = false }
        var fieldBytes: [UInt8] = []
        _ = fieldBytes
        while let b = bytes.first {
            bytes = bytes.dropFirst()
            if quoted {
                if b == 0x22 {
                    if bytes.first == 0x22 { fieldBytes.append(0x22); bytes = bytes.dropFirst() } else { quoted = false }
                } else {
                    fieldBytes.append(b)
                }
                continue
            }
            switch b {
            case 0x22:
                guard fieldBytes.isEmpty, !fieldStarted else { throw Failure.malformed("quote inside an unquoted field") }
                quoted = true
                fieldStarted = true
            case 0x2C:
                field = String(decoding: fieldBytes, as: UTF8.self); fieldBytes = []; endField()
            case 0x0D:
                guard bytes.first == 0x0A else { throw Failure.malformed("CR without LF") }
                bytes = bytes.dropFirst()
                field = String(decoding: fieldBytes, as: UTF8.self); fieldBytes = []; endField()
                rows.append(row); row = []
            case 0x0A:
                throw Failure.malformed("a row ends with LF alone, not CRLF")
            default:
                if fieldStarted && !quoted { throw Failure.malformed("text after a closing quote") }
                fieldBytes.append(b)
            }
        }
        if quoted { throw Failure.malformed("unterminated quoted field") }
        if !fieldBytes.isEmpty || !row.isEmpty { field = String(decoding: fieldBytes, as: UTF8.self); endField(); rows.append(row) }
        return rows
    }
}

/// The YAML front matter of a Markdown file and the rest.
enum FrontMatter {
    static func split(_ markdown: String) -> (yaml: String, body: String)? {
        guard markdown.hasPrefix("---\n") else { return nil }
        let rest = markdown.dropFirst(4)
        guard let end = rest.range(of: "\n---\n") else { return nil }
        return (String(rest[..<end.lowerBound]), String(rest[end.upperBound...]))
    }
}
