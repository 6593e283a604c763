import Foundation
import Mustache
import ReportKit

/// A Mustache template loaded for export: parsed by swift-mustache, and checked against the
/// context schema so that a misspelled field is an error when the pipeline loads, with its
/// file, line and column, instead of an empty space in every output.
struct CheckedTemplate: Sendable {
    var template: MustacheTemplate
    var library: MustacheLibrary
    /// The top-level names the template and its partials use.
    var usedNames: Set<String>

    /// Parses `text` (shown as `file` in messages) and its `partials`, and checks every name
    /// they use against `schema`. Throws a `DiagnosticList` describing every problem found.
    init(text: String, file: String, partials: [String: TemplateSource] = [:], schema: ContextSchema,
         escapeHTML: Bool) throws {
        var sources = [file: text]
        for partial in partials.values { sources[partial.file] = partial.text }
        var diagnostics: [Diagnostic] = []
        let main = TemplateSource(text: text, file: file)
        let checker = TemplateChecker(partials: partials)
        diagnostics += checker.check(main, scopes: [schema])
        // Parse every template even when the checker already found problems, to report them all.
        func parse(_ source: TemplateSource) -> MustacheTemplate? {
            do {
                return try MustacheTemplate(string: Self.withContentType(source.text, escapeHTML: escapeHTML))
            } catch let error as MustacheTemplate.ParserError {
                if !diagnostics.contains(where: { $0.file == source.file }) {
                    diagnostics.append(Self.diagnostic(for: error, file: source.file, text: source.text, escapeHTML: escapeHTML))
                }
            } catch {
                diagnostics.append(Diagnostic(.error, "template could not be parsed: \(error)", file: source.file))
            }
            return nil
        }
        let parsed = parse(main)
        var library = MustacheLibrary()
        for (name, partial) in partials.sorted(by: { $0.key < $1.key }) {
            if let template = parse(partial) { library.register(template, named: name) }
        }
        guard diagnostics.isEmpty, let parsed else { throw DiagnosticList(diagnostics, sources: sources) }
        self.usedNames = checker.usedNames
        self.template = parsed
        self.library = library
    }

    /// Renders the template with a context.
    func render(_ context: [String: Any]) -> String {
        template.render(context, library: library)
    }

    /// The pragma that picks escaping, on a line of its own (a standalone tag leaves no trace in
    /// the output); positions in parser errors are one line down because of it.
    static func withContentType(_ text: String, escapeHTML: Bool) -> String {
        _ = registerHTMLContentType
        return (escapeHTML ? "{{% CONTENT_TYPE: \(ByteHTMLContentType.name)}}\n" : "{{% CONTENT_TYPE: TEXT}}\n") + text
    }

    /// Registered once, before the first template that needs it is parsed.
    private static let registerHTMLContentType: Void = {
        MustacheContentTypes.register(ByteHTMLContentType(), named: ByteHTMLContentType.name)
    }()

    static func diagnostic(for error: MustacheTemplate.ParserError, file: String, text: String, escapeHTML: Bool) -> Diagnostic {
        var line = error.context.lineNumber - 1
        // swift-mustache counts the newline before the position as a column on lines after its first.
        var column = error.context.columnNumber - 1
        if column < 1 { column = 1 }
        if line < 1 { line = 1 }
        let message: String
        switch error.error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: message = "a section is closed with a different name than it was opened with"
        case .unfinishedName?: message = "a tag is not finished: a '}}' is missing or the name has characters Mustache does not allow"
        case .expectedSectionEnd?: message = "a section is not closed: add its {{/name}}"
        case .invalidSetDelimiter?: message = "the set-delimiter tag is malformed (write {{=<% %>=}})"
        case .transformAppliedToInheritanceSection?: message = "a transform cannot be applied to an inherited section"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?: message = "only {{$block}} overrides may appear inside an inherited partial"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: message = "unknown or malformed pragma ({{% ... }})"
        case nil: message = "\(error.error)"
        }
        return Diagnostic(.error, "template syntax error: " + message, file: file, mark: SourceMark(line: line, column: column))
    }
}

/// HTML escaping for templates, on the bytes. swift-mustache's own `HTML` type escapes the
/// same five characters but looks each `Character` up in a dictionary, which made escaping
/// half the time of an HTML export.
struct ByteHTMLContentType: MustacheContentType {
    static let name = "REPORTKIT_HTML"

    func escapeText(_ text: String) -> String { Escaping.html(text) }
}

/// A template's text and the name it is shown under in messages.
struct TemplateSource: Sendable {
    var text: String
    var file: String
}

/// Walks a template's tags with a stack of scopes, the way Mustache resolves names, and
/// reports names that no scope has, sections that do not close, and missing partials.
final class TemplateChecker {
    let partials: [String: TemplateSource]
    /// The first part of every name the templates use (`body` for `{{#body}}`, `yaml` for
    /// `{{yaml.title}}`): what a context must contain.
    private(set) var usedNames: Set<String> = []

    /// swift-mustache's transforms (`{{uppercased(title)}}`, `{{#first()}}`).
    static let transforms: Set<String> = [
        "empty", "capitalized", "lowercased", "uppercased", "reversed", "first", "last", "count",
        "sorted", "enumerated", "equalzero", "plusone", "minusone", "even", "odd", "index",
    ]

    init(partials: [String: TemplateSource]) {
        self.partials = partials
    }

    func check(_ source: TemplateSource, scopes initial: [ContextSchema], depth: Int = 0) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let bytes = Array(source.text.utf8)
        var open: [UInt8] = Array("{{".utf8), close: [UInt8] = Array("}}".utf8)
        var scopes = initial
        var sections: [(name: String, at: Int)] = []
        var position = 0

        func mark(_ offset: Int) -> SourceMark {
            var line = 1, lineStart = 0
            for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
            return SourceMark(line: line, column: column, offset: offset)
        }
        func report(_ message: String, at offset: Int, length: Int, notes: [String] = []) {
            diagnostics.append(Diagnostic(.error, message, file: source.file, mark: mark(offset), length: length, notes: notes))
        }
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
            var i = start
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0], Array(bytes[i..<i + needle.count]) == needle { return i }
                i += 1
            }
            return nil
        }

        while let tagStart = find(open, from: position) {
            let contentStart = tagStart + open.count
            guard var contentEnd = find(close, from: contentStart) else {
                report("a tag is not closed: '\(String(decoding: close, as: UTF8.self))' is missing", at: tagStart, length: open.count)
                break
            }
            var tagEnd = contentEnd + close.count
            var content = String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self)
            if content.hasPrefix("{"), open == Array("{{".utf8) {
                // Triple mustache: the content ends with one more '}'.
                if tagEnd < bytes.count, bytes[tagEnd] == 0x7D { tagEnd += 1 } else if content.hasSuffix("}") { content.removeLast(); contentEnd -= 1 }
                content = String(content.dropFirst())
            }
            position = tagEnd
            let length = tagEnd - tagStart
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            guard let sigil = trimmed.first else {
                report("an empty tag", at: tagStart, length: length)
                continue
            }
            let rest = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!", "%":
                continue
            case "=":
                let inner = rest.hasSuffix("=") ? String(rest.dropLast()) : rest
                let parts = inner.split(separator: " ", omittingEmptySubsequences: true)
                if parts.count == 2 {
                    open = Array(parts[0].utf8)
                    close = Array(parts[1].utf8)
                } else {
                    report("the set-delimiter tag is malformed (write {{=<% %>=}})", at: tagStart, length: length)
                    return diagnostics
                }
            case "#", "^":
                let scope = resolve(rest, scopes: scopes, at: tagStart, length: length, report: report)
                sections.append((rest, tagStart))
                if sigil == "#", let scope { scopes.append(scope.sectionScope) } else { scopes.append(scopes.last!) }
            case "$":
                sections.append((rest, tagStart))
                scopes.append(scopes.last!)
            case "<", ">":
                if let partial = partials[rest] {
                    // A partial that includes itself recurses at render time; check a few levels only.
                    if depth < 8 { diagnostics += check(partial, scopes: scopes, depth: depth + 1) }
                } else {
                    var notes = ["note: partials are the .mustache files beside the template"]
                    if let guess = EditDistance.suggestion(for: rest, among: partials.keys) { notes.insert("help: did you mean '\(guess)'?", at: 0) }
                    report("no partial named '\(rest)'", at: tagStart, length: length, notes: notes)
                }
                if sigil == "<" {
                    sections.append((rest, tagStart))
                    scopes.append(scopes.last!)
                }
            case "/":
                guard let last = sections.popLast() else {
                    report("'{{/\(rest)}}' closes a section that was never opened", at: tagStart, length: length)
                    continue
                }
                scopes.removeLast()
                if last.name != rest {
                    report("'{{/\(rest)}}' closes the section '\(last.name)' opened at \(mark(last.at))", at: tagStart, length: length,
                           notes: ["help: close it with {{/\(last.name)}}"])
                }
            case "&":
                _ = resolve(rest, scopes: scopes, at: tagStart, length: length, report: report)
            default:
                _ = resolve(trimmed, scopes: scopes, at: tagStart, length: length, report: report)
            }
        }
        for section in sections.reversed() {
            report("the section '\(section.name)' is never closed: add {{/\(section.name)}}", at: section.at,
                   length: section.name.utf8.count + 5)
        }
        return diagnostics
    }

    /// The schema `expression` resolves to, reporting names that do not exist.
    func resolve(_ expression: String, scopes: [ContextSchema], at offset: Int, length: Int,
                 report: (String, Int, Int, [String]) -> Void) -> ContextSchema? {
        var name = expression
        // Transforms wrap the name: `uppercased(title)`, `first(reversed(body))`.
        while let paren = name.firstIndex(of: "("), name.hasSuffix(")") {
            let function = String(name[..<paren])
            if !Self.transforms.contains(function) {
                var notes = ["note: transforms are " + Self.transforms.sorted().joined(separator: ", ")]
                if let guess = EditDistance.suggestion(for: function, among: Self.transforms) { notes.insert("help: did you mean '\(guess)'?", at: 0) }
                report("unknown transform '\(function)'", offset, length, notes)
                return nil
            }
            name = String(name[name.index(after: paren)..<name.index(before: name.endIndex)])
            if name.isEmpty { return .value }  // `{{#first()}}`: the position in the enclosing list
        }
        if name == "." { return scopes.last }
        let relative = name.hasPrefix(".")
        let parts = name.split(separator: ".").map(String.init)
        guard let head = parts.first else { return scopes.last }
        usedNames.insert(head)
        var found: ContextSchema?
        if relative {
            found = scopes.last?.child(head)
        } else {
            for scope in scopes.reversed() {
                if let child = scope.child(head) { found = child; break }
            }
        }
        var resolvedPath = head
        for part in parts.dropFirst() {
            guard let current = found else { break }
            found = current.child(part)
            if found == nil {
                var notes: [String] = []
                if let guess = EditDistance.suggestion(for: part, among: current.names) { notes.append("help: did you mean '\(resolvedPath).\(guess)'?") }
                else if !current.names.isEmpty { notes.append("note: '\(resolvedPath)' has " + current.names.joined(separator: ", ")) }
                report("'\(resolvedPath)' has no field '\(part)'", offset, length, notes)
                return nil
            }
            resolvedPath += "." + part
        }
        if found == nil {
            let known = Set(scopes.flatMap(\.names))
            var notes: [String] = []
            if let guess = EditDistance.suggestion(for: head, among: known) { notes.append("help: did you mean '\(guess)'?") }
            notes.append("note: custom values go in the report's 'metadata' ({{metadata.name}})")
            report("the template names '\(head)', which is not a report field", offset, length, notes)
        }
        return found
    }
}
