import Foundation

/// A position in a source file: 1-based line and column (in characters), and the byte offset.
public struct SourceMark: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int = 0) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (a: SourceMark, b: SourceMark) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A problem in a file the user wrote (a pipeline, a test file, a template), printed in
/// compiler format: `file:line:col: error: message`, the line, a caret, and notes.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    /// The file, as the user named it; nil when the problem has no file.
    public var file: String?
    public var mark: SourceMark?
    /// How many columns the caret underlines (1 = a caret alone).
    public var length: Int
    /// Follow-up lines: `did you mean 'sentences'?`, allowed values, hints.
    public var notes: [String]

    public init(_ severity: Severity = .error, _ message: String, file: String? = nil,
                mark: SourceMark? = nil, length: Int = 1, notes: [String] = []) {
        self.severity = severity
        self.message = message
        self.file = file
        self.mark = mark
        self.length = max(1, length)
        self.notes = notes
    }

    /// The first line alone: `file:line:col: error: message`.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let mark { location += ":\(mark.line):\(mark.column)" }
            location += ": "
        }
        return "\(location)\(severity.rawValue): \(message)"
    }

    /// The full compiler-style rendering, with the source line and caret when `source` is given.
    public func rendered(source: String? = nil) -> String {
        var out = description
        if let source, let mark, let line = Self.line(mark.line, of: source) {
            let gutter = String(mark.line)
            let pad = String(repeating: " ", count: gutter.count)
            out += "\n \(pad) |\n \(gutter) | \(line)\n \(pad) | "
            let prefix = line.prefix(max(0, mark.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
            let room = max(1, min(length, line.count - (mark.column - 1)))
            out += prefix + "^" + String(repeating: "~", count: room - 1)
        }
        for note in notes { out += "\n" + (note.hasPrefix("note:") || note.hasPrefix("help:") ? note : "note: \(note)") }
        return out
    }

    /// The given 1-based line of `source`, without its line break.
    static func line(_ number: Int, of source: String) -> String? {
        // "\r\n" is one Character in Swift, so split the scalars: a file saved with Windows
        // line ends must show the same line libyaml counted.
        var current = 1
        for line in source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number { return String(String.UnicodeScalarView(line.last == "\r" ? line.dropLast() : line[...])) }
            current += 1
        }
        return nil
    }
}

/// Several diagnostics from one check, so that every problem in a file is reported at once.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// The text of each file named in the diagnostics, for rendering source lines.
    public var sources: [String: String]

    public init(_ diagnostics: [Diagnostic], sources: [String: String] = [:]) {
        self.diagnostics = diagnostics
        self.sources = sources
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    /// Every diagnostic rendered, in file order.
    public func rendered() -> String {
        diagnostics.map { $0.rendered(source: $0.file.flatMap { sources[$0] }) }.joined(separator: "\n")
    }

    public var description: String { rendered() }
}
