import Foundation
import ReportKit

/// The values a template sees: every field of the report's JSON form under its JSON name,
/// plus ready-made helpers (`slug`, `date`, `byline`, `yaml.*`, `md.*`, block flags).
///
/// Contexts are plain dictionaries and arrays, so Mustache looks names up without reflection,
/// and the same shape doubles as the schema a template is checked against.
enum TemplateContext {
    /// How many quotes the built-in pages set apart as key quotes.
    static let keyQuoteCount = 3

    /// The optional parts of a report (``ReportParts``) that these top-level names show. Kept
    /// beside `report(_:needs:)`, which builds the names: a new name that shows a part must
    /// be listed here too, or steps before an export using it would leave the part out.
    static func parts(readBy names: Set<String>) -> ReportParts {
        var parts: ReportParts = []
        if names.contains("entities") { parts.insert(.entities) }
        if !names.isDisjoint(with: ["quotes", "keyQuotes", "hasQuotes", "hasKeyQuotes"]) { parts.insert(.quotes) }
        if names.contains("summary") { parts.insert(.keywords) }
        if !names.isDisjoint(with: ["changes", "changeGroups", "hasChanges", "changeCount"]) { parts.insert(.changes) }
        return parts
    }

    /// The context for one report. With `needs`, only those top-level names are built (the
    /// names a template, path or column list uses), since building all of them for every
    /// report is most of an export's cost.
    static func report(_ report: Report, needs: Set<String>? = nil) -> [String: Any] {
        func want(_ key: String) -> Bool { needs?.contains(key) ?? true }
        var c: [String: Any] = [:]
        c.reserveCapacity(needs?.count ?? 64)
        let title = oneLineTitle(report)
        if want("format") { c["format"] = report.formatVersion }
        if want("id") { c["id"] = report.id }
        if want("title") { c["title"] = title ?? report.id }
        if want("subtitle") { put(&c, "subtitle", report.subtitle.map(Escaping.oneLine)) }
        if want("dek") { put(&c, "dek", report.subtitle.map(Escaping.oneLine)) }
        if want("published") { put(&c, "published", report.published) }
        if want("updated") { put(&c, "updated", report.updated) }
        if want("site") { put(&c, "site", report.site) }
        if want("language") { put(&c, "language", report.language) }
        if want("url") { put(&c, "url", report.url) }
        if want("description") { put(&c, "description", report.description) }
        if want("raw") { put(&c, "raw", report.raw) }
        if want("link"), let url = webLink(report) { c["link"] = url }
        if want("source"), let source = report.source { c["source"] = ["path": source.path, "mediaType": source.mediaType] }
        if want("authors") { c["authors"] = report.authors }
        if want("tags") { c["tags"] = report.tags }
        if want("slug") { c["slug"] = Slug.make(title ?? report.id) }
        if let date = datePart(report.published) {
            if want("date") { c["date"] = date }
            if want("year") { c["year"] = String(date.prefix(4)) }
            if want("month") { c["month"] = String(date.dropFirst(5).prefix(2)) }
            if want("day") { c["day"] = String(date.suffix(2)) }
        }
        if want("byline") { c["byline"] = byline(report.authors) }
        if want("body") { c["body"] = report.body.enumerated().map { block($0.element, index: $0.offset) } }
        if want("comments") { c["comments"] = report.comments.enumerated().map { block($0.element, index: $0.offset) } }
        if want("quotes") { c["quotes"] = report.quotes.map(quote) }
        if want("keyQuotes") { c["keyQuotes"] = keyQuotes(report.quotes).map(quote) }
        if want("entities") {
            c["entities"] = report.entities.map { entity -> [String: Any] in
                ["text": entity.text, "kind": entity.kind.rawValue,
                 "mentions": entity.mentions.map { ["block": $0.block, "start": $0.start, "end": $0.end] as [String: Any] }]
            }
        }
        let summaryText = summaryText(of: report)
        if want("summary"), let summary = report.summary {
            c["summary"] = [
                "sentences": summary.sentences.map {
                    ["text": $0.text, "block": $0.block, "position": $0.position, "score": $0.score] as [String: Any]
                },
                "keywords": summary.keywords.map { ["text": $0.text, "score": $0.score] as [String: Any] },
                "method": summary.method,
                "text": summaryText,
            ] as [String: Any]
        }
        if want("summaryText") { c["summaryText"] = summaryText }
        if want("changes") { c["changes"] = report.changes.map(change) }
        if want("changeGroups") { c["changeGroups"] = changeGroups(report.changes) }
        if want("dropped") { c["dropped"] = report.dropped.map(dropped) }
        if want("metadata") { c["metadata"] = report.metadata.mapValues(plain) }
        if want("diagnostics") {
            c["diagnostics"] = report.diagnostics.map {
                ["severity": $0.severity.rawValue, "step": $0.step, "message": $0.message] as [String: Any]
            }
        }
        if want("hasAuthors") { c["hasAuthors"] = !report.authors.isEmpty }
        if want("hasTags") { c["hasTags"] = !report.tags.isEmpty }
        if want("hasSummary") { c["hasSummary"] = !summaryText.isEmpty }
        if want("hasQuotes") { c["hasQuotes"] = !report.quotes.isEmpty }
        if want("hasKeyQuotes") { c["hasKeyQuotes"] = !report.quotes.isEmpty }
        if want("hasChanges") { c["hasChanges"] = !report.changes.isEmpty }
        if want("hasDropped") { c["hasDropped"] = !report.dropped.isEmpty }
        if want("changeCount") { c["changeCount"] = report.changes.count }
        if want("droppedCount") { c["droppedCount"] = report.dropped.count }

        if want("yaml") {
            var yaml: [String: Any] = [
                "id": Escaping.yamlQuoted(report.id),
                "title": Escaping.yamlQuoted(title ?? report.id),
                "authors": Escaping.yamlList(report.authors),
                "tags": Escaping.yamlList(report.tags),
                "summary": Escaping.yamlQuoted(summaryText),
            ]
            putQuoted(&yaml, "subtitle", report.subtitle.map(Escaping.oneLine))
            putQuoted(&yaml, "date", report.published)
            putQuoted(&yaml, "updated", report.updated)
            putQuoted(&yaml, "site", report.site)
            putQuoted(&yaml, "language", report.language)
            putQuoted(&yaml, "url", report.url)
            putQuoted(&yaml, "source", report.url ?? report.source?.path)
            c["yaml"] = yaml
        }
        if want("md") {
            var md: [String: Any] = [
                "title": Escaping.markdown(title ?? report.id, singleLine: true),
                "summary": Escaping.markdown(summaryText, singleLine: true),
                "byline": Escaping.markdown(byline(report.authors), singleLine: true),
            ]
            if let subtitle = report.subtitle { md["subtitle"] = Escaping.markdown(subtitle, singleLine: true) }
            c["md"] = md
        }
        return c
    }

    /// The summary's sentences as one paragraph ("" when there is none).
    static func summaryText(of report: Report) -> String {
        report.summary.map { $0.sentences.map(\.text).joined(separator: " ") } ?? ""
    }

    /// The report's title on one line, or nil when it has none (or only white space).
    static func oneLineTitle(_ report: Report) -> String? {
        report.title.map(Escaping.oneLine).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The report's URL when it is a web link. Only those become hrefs: a `javascript:` URL
    /// in a page would run when clicked.
    static func webLink(_ report: Report) -> String? {
        guard let url = report.url else { return nil }
        let lower = url.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") ? url : nil
    }

    /// The context of a review page: the reports it covers and their totals.
    static func review(_ reports: [[String: Any]]) -> [String: Any] {
        let changes = reports.reduce(0) { $0 + (($1["changeCount"] as? Int) ?? 0) }
        let dropped = reports.reduce(0) { $0 + (($1["droppedCount"] as? Int) ?? 0) }
        let pageTitle = reports.count == 1
            ? "Review: " + ((reports[0]["title"] as? String) ?? "")
            : "Review of \(reports.count) reports"
        return [
            "pageTitle": pageTitle,
            "reports": reports,
            "reportCount": reports.count,
            "changeCount": changes,
            "droppedCount": dropped,
            "isBatch": reports.count != 1,
        ]
    }

    // MARK: Parts

    static func block(_ block: Block, index: Int) -> [String: Any] {
        var b: [String: Any] = ["kind": block.kind.rawValue, "text": block.text, "index": index]
        if let level = block.level { b["level"] = level }
        let isHeading = block.kind == .heading
        b["isHeading"] = isHeading
        b["isParagraph"] = block.kind == .paragraph || block.kind == .byline || block.kind == .dateline || block.kind == .tableRow
        b["isQuote"] = block.kind == .quote
        b["isListItem"] = block.kind == .listItem
        b["isCaption"] = block.kind == .caption
        b["isCode"] = block.kind == .code
        let level = headingLevel(block)
        b["headingLevel"] = level
        let md = escapedText(block)
        b["md"] = md
        b["markdown"] = markdown(block, escaped: md)
        return b
    }

    /// The title is the page's only level-1 heading, so body headings start at level 2.
    static func headingLevel(_ block: Block) -> Int {
        min(6, max(2, (block.level ?? 1) + 1))
    }

    /// The block's text escaped for Markdown; headings and list items on one line.
    static func escapedText(_ block: Block) -> String {
        Escaping.markdown(block.text, singleLine: block.kind == .heading || block.kind == .listItem)
    }

    /// The block as Markdown: its escaped text `md` with the marks of its kind.
    static func markdown(_ block: Block, escaped md: String) -> String {
        switch block.kind {
        case .heading: return String(repeating: "#", count: headingLevel(block)) + " " + md
        case .quote: return "> " + md.replacingOccurrences(of: "\n", with: "\n> ")
        case .listItem: return String(repeating: "  ", count: max(0, (block.level ?? 1) - 1)) + "- " + md
        case .code:
            let fence = block.text.contains("```") ? "~~~~" : "```"
            return fence + "\n" + block.text + "\n" + fence
        case .caption: return "_" + md + "_"
        default: return md
        }
    }

    static func quote(_ quote: Quote) -> [String: Any] {
        var q: [String: Any] = ["text": quote.text, "block": quote.block]
        if let speaker = quote.speaker { q["speaker"] = speaker }
        if let role = quote.role { q["role"] = role }
        q["md"] = Escaping.markdown(quote.text, singleLine: true)
        return q
    }

    /// The quotes worth setting apart: attributed ones first, in text order.
    static func keyQuotes(_ quotes: [Quote]) -> [Quote] {
        let attributed = quotes.filter { $0.speaker != nil }
        return Array((attributed.isEmpty ? quotes : attributed).prefix(keyQuoteCount))
    }

    static func change(_ change: Change) -> [String: Any] {
        let span = EditSpan(before: change.before, after: change.after)
        var c: [String: Any] = [
            "step": change.step, "rule": change.rule, "before": change.before, "after": change.after,
            "prefix": span.prefix, "removed": span.removed, "inserted": span.inserted, "suffix": span.suffix,
        ]
        if let block = change.block { c["block"] = block }
        if let field = change.field { c["field"] = field }
        if let context = change.context { c["context"] = context }
        c["where"] = change.field ?? change.block.map { "block \($0 + 1)" } ?? "whole text"
        return c
    }

    /// Changes grouped by rule, groups in order of each rule's first edit.
    static func changeGroups(_ changes: [Change]) -> [[String: Any]] {
        var order: [String] = []
        var groups: [String: [Change]] = [:]
        for change in changes {
            let key = change.step + "/" + change.rule
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(change)
        }
        return order.map { key in
            let members = groups[key]!
            return ["rule": members[0].rule, "step": members[0].step, "count": members.count,
                    "changes": members.map(change)] as [String: Any]
        }
    }

    static func dropped(_ dropped: DroppedBlock) -> [String: Any] {
        var d: [String: Any] = ["text": dropped.text, "reason": dropped.reason, "step": dropped.step]
        if let block = dropped.block { d["block"] = block }
        return d
    }

    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .null: return Optional<String>.none as Any
        case .bool(let b): return b
        case .number(let n): return n.rounded() == n && abs(n) < 1e15 ? Int(n) as Any : n as Any
        case .string(let s): return s
        case .array(let items): return items.map(plain)
        case .object(let object): return object.mapValues(plain)
        }
    }

    /// `2024-05-03` from an ISO 8601 date or date-time; nil when it does not start with one.
    static func datePart(_ text: String?) -> String? {
        guard let text else { return nil }
        let bytes = Array(text.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(bytes[i] >= 0x30 && bytes[i] <= 0x39) { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Names as one would print them: `A`, `A and B`, `A, B and C`.
    static func byline(_ authors: [String]) -> String {
        switch authors.count {
        case 0: return ""
        case 1: return authors[0]
        default: return authors.dropLast().joined(separator: ", ") + " and " + authors.last!
        }
    }

    private static func put(_ c: inout [String: Any], _ key: String, _ value: String?) {
        if let value, !value.isEmpty { c[key] = value }
    }

    private static func putQuoted(_ c: inout [String: Any], _ key: String, _ value: String?) {
        if let value, !value.isEmpty { c[key] = Escaping.yamlQuoted(value) }
    }

    // MARK: Schema

    /// A report with every field filled, whose context is the schema templates are checked against.
    static let sampleReport: Report = {
        var r = Report(id: "sample", source: Source(path: "sample.txt", mediaType: "text/plain"),
                       raw: "raw", title: "Title", body: [Block(.paragraph, "Text.", level: 1)])
        r.subtitle = "Dek"
        r.authors = ["A"]
        r.published = "2024-01-01"
        r.updated = "2024-01-02"
        r.site = "site"
        r.language = "en"
        r.url = "https://example.org"
        r.description = "d"
        r.tags = ["t"]
        r.dropped = [DroppedBlock(text: "x", reason: "navigation", step: "extract", block: 0)]
        r.comments = [Block(.paragraph, "c", level: 1)]
        r.quotes = [Quote(text: "q", speaker: "S", role: "R", block: 0)]
        r.entities = [Entity(text: "e", kind: .person, mentions: [Mention(block: 0, start: 0, end: 1)])]
        r.summary = Summary(sentences: [SummarySentence(text: "s", block: 0, position: 0, score: 1)],
                            keywords: [Keyword(text: "k", score: 1)], method: "lead")
        r.changes = [Change(step: "translate-fixups", rule: "r", block: 0, field: "title", before: "a", after: "b", context: "c")]
        r.diagnostics = [ReportDiagnostic(.note, step: "read", "m")]
        return r
    }()

    /// The schema of a report context.
    static let reportSchema: ContextSchema = ContextSchema(describing: report(sampleReport))

    /// The schema of a review page context.
    static let reviewSchema: ContextSchema = ContextSchema(describing: review([report(sampleReport)]))
}

/// The shape of a template context: which names exist, and what a section over each one
/// opens (an object's fields, or a list's element).
indirect enum ContextSchema: Sendable {
    case value
    /// Any name is allowed below this point (`metadata`).
    case open
    case object([String: ContextSchema])
    case list(ContextSchema)

    init(describing value: Any, key: String = "") {
        if key == "metadata" { self = .open; return }
        if let object = value as? [String: Any] {
            var fields: [String: ContextSchema] = [:]
            for (k, v) in object { fields[k] = ContextSchema(describing: v, key: k) }
            self = .object(fields)
        } else if let items = value as? [Any] {
            self = .list(items.first.map { ContextSchema(describing: $0) } ?? .value)
        } else {
            self = .value
        }
    }

    /// The names directly available here (for did-you-mean).
    var names: [String] {
        if case .object(let fields) = self { return fields.keys.sorted() }
        return []
    }

    /// The schema a name resolves to from here, or nil when there is no such name.
    func child(_ name: String) -> ContextSchema? {
        switch self {
        case .open: return .open
        case .object(let fields): return fields[name]
        case .list, .value: return nil
        }
    }

    /// What a section over this value puts on top of the context stack.
    var sectionScope: ContextSchema {
        if case .list(let element) = self { return element }
        return self
    }
}
