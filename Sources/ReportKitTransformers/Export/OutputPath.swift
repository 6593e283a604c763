import Foundation
import ReportKit

/// An output path template (`out/{{site}}/{{date}}-{{slug}}.md`), parsed once and rendered
/// per report. Values never add folders: `/` and `\` in a value become `-`. A rendered path
/// that would leave the output folder, or that has a NUL, an empty, `.` or `..` component,
/// or an over-long name, is refused with a message that says why.
struct OutputPath: Sendable {
    enum Piece: Sendable, Equatable {
        case literal(String)
        case field([String])
    }

    /// The template as written.
    let template: String
    let pieces: [Piece]
    /// The folder every output must stay inside: the literal part of the template before the
    /// first field, resolved against the pipeline's folder.
    let root: URL
    /// `root` as a path without a trailing slash.
    let rootPath: String
    /// How many bytes of every rendered path are the literal folder part (`out/` in `out/{{slug}}.md`).
    let headBytes: Int
    /// The first part of each field name (`source` for `{{source.path}}`).
    var fieldHeads: [String] { pieces.compactMap { if case .field(let parts) = $0 { return parts.first } else { return nil } } }
    /// Whether the path is the same for every report (no fields).
    var isConstant: Bool { !pieces.contains { if case .field = $0 { return true } else { return false } } }

    /// The longest file or folder name most file systems take, less room for the temporary name.
    static let maxComponentBytes = 200

    /// Parses `template` and checks its field names against `schema`; throws `OptionError`.
    init(_ template: String, base: URL, schema: ContextSchema, option: String = "path") throws {
        self.template = template
        guard !template.isEmpty else { throw OptionError(option: option, "the output path is empty") }
        guard !template.utf8.contains(0) else { throw OptionError(option: option, "the output path contains a NUL byte") }
        var pieces: [Piece] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw OptionError(option: option, "'{{' without a closing '}}' in the output path '\(template)'")
            }
            var name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("{"), rest[close.upperBound...].hasPrefix("}") {  // {{{name}}} means the same here
                name = String(name.dropFirst()).trimmingCharacters(in: .whitespaces)
                rest = rest[rest.index(after: close.upperBound)...]
            } else {
                rest = rest[close.upperBound...]
            }
            let parts = name.split(separator: ".").map(String.init)
            guard !parts.isEmpty, !name.contains(where: { "#^/>!&=".contains($0) }) else {
                throw OptionError(option: option, "the output path takes plain fields like {{slug}}, not '{{\(name)}}'")
            }
            var scope: ContextSchema? = schema
            for part in parts {
                let parentNames = scope?.names ?? []
                scope = scope?.child(part)
                if scope == nil {
                    var message = "the output path names '\(name)', which is not a report field"
                    if let guess = EditDistance.suggestion(for: part, among: parentNames) { message += " (did you mean '\(guess)'?)" }
                    throw OptionError(option: option, message)
                }
            }
            pieces.append(.field(parts))
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        self.pieces = pieces

        // The output folder: everything up to the last '/' before the first field.
        var literalHead = ""
        for piece in pieces {
            guard case .literal(let text) = piece else { break }
            literalHead += text
        }
        let isConstant = !pieces.contains { if case .field = $0 { return true } else { return false } }
        let folder: String
        if isConstant {
            folder = (literalHead as NSString).deletingLastPathComponent
        } else if let slash = literalHead.lastIndex(of: "/") {
            folder = String(literalHead[...slash])
        } else {
            folder = ""
        }
        root = Self.resolve(folder.isEmpty ? "." : folder, base: base)
        let standardized = root.path
        rootPath = standardized.count > 1 && standardized.hasSuffix("/") ? String(standardized.dropLast()) : standardized
        headBytes = isConstant
            ? (literalHead.utf8.lastIndex(of: 0x2F).map { literalHead.utf8.distance(from: literalHead.utf8.startIndex, to: $0) + 1 } ?? 0)
            : folder.utf8.count
        if isConstant, template.hasSuffix("/") {
            throw OptionError(option: option, "the output path '\(template)' names a folder; add a file name")
        }
    }

    static func resolve(_ path: String, base: URL) -> URL {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
        return url.standardizedFileURL
    }

    /// The path for one report (its context), checked to stay inside `root`. Works on the
    /// rendered string alone (no file system calls), since it runs once per report.
    func render(_ context: [String: Any]) throws -> String {
        var text = ""
        for piece in pieces {
            switch piece {
            case .literal(let literal):
                text += literal
            case .field(let parts):
                let value = Self.lookup(parts, in: context)
                guard !value.utf8.contains(0) else {
                    throw StepFailure("the value of {{\(parts.joined(separator: "."))}} contains a NUL byte; it cannot be part of a file name")
                }
                text += Self.pathSafe(value)
            }
        }
        // Below the output folder, every name must be a real name: not empty, '.' or '..'.
        let relative = text.utf8.dropFirst(headBytes)
        for component in relative.split(separator: 0x2F, omittingEmptySubsequences: false) {
            if component.isEmpty {
                throw StepFailure("the output path '\(text)' (from '\(template)') has an empty folder or file name; a field in it is probably empty for this report")
            }
            if component.elementsEqual("..".utf8) || component.elementsEqual(".".utf8) {
                throw StepFailure("the output path '\(text)' (from '\(template)') would leave the output folder: '\(String(decoding: component, as: UTF8.self))' is not allowed")
            }
            if component.count > Self.maxComponentBytes {
                throw StepFailure("a name in the output path is \(component.count) bytes long (at most \(Self.maxComponentBytes)); use {{slug}}, which is shortened, instead of long fields")
            }
        }
        return (rootPath == "/" ? "" : rootPath) + "/" + String(decoding: relative, as: UTF8.self)
    }

    /// A value as text: strings as they are, lists joined with `-`, numbers as numbers.
    static func lookup(_ parts: [String], in context: [String: Any]) -> String {
        var current: Any? = context
        for part in parts { current = (current as? [String: Any])?[part] }
        return text(of: current)
    }

    static func text(of value: Any?) -> String {
        switch value {
        case let s as String: return s
        case let i as Int: return String(i)
        case let d as Double: return String(d)
        case let b as Bool: return b ? "true" : "false"
        case let list as [Any]: return list.map { text(of: $0) }.joined(separator: "-")
        default: return ""
        }
    }

    /// A value made safe to sit inside one path component: separators and control characters
    /// become `-`, so a value can never add a folder level.
    static func pathSafe(_ value: String) -> String {
        var needsWork = false
        for b in value.utf8 where b == 0x2F || b == 0x5C || b < 0x20 || b == 0x7F { needsWork = true; break }
        guard needsWork else { return value }
        return String(decoding: value.utf8.map { ($0 == 0x2F || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F) ? 0x2D : $0 }, as: UTF8.self)
    }
}
