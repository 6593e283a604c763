import Foundation

/// The kinds of input reportkit reads.
public enum InputFormat: String, Sendable, CaseIterable {
    case text, html, markdown, json

    public var mediaType: String {
        switch self {
        case .text: return "text/plain"
        case .html: return "text/html"
        case .markdown: return "text/markdown"
        case .json: return "application/json"
        }
    }

    /// The format a file name suggests, if its extension is known.
    public static func guess(path: String) -> InputFormat? {
        switch PathName.stemAndExtension(path).extension.lowercased() {
        case "html", "htm", "xhtml": return .html
        case "md", "markdown", "mdown": return .markdown
        case "json": return .json
        case "txt", "text": return .text
        default: return nil
        }
    }

    /// The format the first bytes suggest.
    public static func sniff(_ bytes: some Collection<UInt8>) -> InputFormat {
        var head = bytes.prefix(512).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        guard let first = head.first else { return .text }
        if first == 0x7B { return .json }
        if first == 0x3C {
            head = head.dropFirst()
            let word = String(decoding: head.prefix(9), as: UTF8.self).lowercased()
            if word.hasPrefix("!doctype") || word.hasPrefix("html") || word.hasPrefix("head") || word.hasPrefix("body")
                || word.hasPrefix("!--") || word.hasPrefix("meta") || word.hasPrefix("div") || word.hasPrefix("article") {
                return .html
            }
        }
        return .text
    }
}

/// A reason an input could not be read at all.
public struct ReadError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Turns input bytes into a report: decodes them, picks the format, and fills a first body.
public enum ReportReader {
    /// Largest input read by default (256 MiB); larger files are refused per report.
    /// A pipeline changes it with `limits: {input-bytes: …}` (`Pipeline.limits.maxInputBytes`).
    public static let defaultMaxBytes = 256 << 20

    /// Reads one file (or standard input for `-`), refusing one larger than `maxBytes` or an
    /// HTML page that nests elements deeper than `maxHTMLDepth`.
    public static func read(path: String, format: InputFormat? = nil, maxBytes: Int = defaultMaxBytes,
                            maxHTMLDepth: Int = PipelineLimits.defaultHTMLDepth) throws -> Report {
        let data: Data
        if path == "-" {
            // One byte past the limit is enough to refuse it; the rest of the stream is not read.
            data = (try? FileHandle.standardInput.read(upToCount: maxBytes + 1)) ?? Data()
        } else {
            // Bounded, regular files only: a FIFO or /dev/zero among the inputs must not hang the batch.
            do {
                data = try BoundedFile.read(path: path, maxBytes: maxBytes)
            } catch let failure as BoundedFile.Failure {
                switch failure {
                case .missing: throw ReadError(path: path, "no such file")
                case .directory: throw ReadError(path: path, "is a directory, not a file")
                case .notRegular: throw ReadError(path: path, "is not a regular file (a device, FIFO or socket)")
                case .unreadable: throw ReadError(path: path, "cannot be read (permission denied?)")
                case .tooLarge(let size):
                    throw ReadError(path: path, "is \(size.map { "\($0) bytes" } ?? "larger than that"), more than the limit of \(maxBytes) (limits: input-bytes)")
                }
            }
        }
        if data.count > maxBytes { throw ReadError(path: path, "is \(data.count) bytes, more than the limit of \(maxBytes) (limits: input-bytes)") }
        return try read(data: data, path: path, format: format, maxHTMLDepth: maxHTMLDepth)
    }

    /// Reads one input held in memory; `path` names it in the report and in messages.
    public static func read(data: Data, path: String, format: InputFormat? = nil,
                            maxHTMLDepth: Int = PipelineLimits.defaultHTMLDepth) throws -> Report {
        if data.isEmpty { throw ReadError(path: path, "is empty") }
        let chosen = format ?? InputFormat.guess(path: path) ?? InputFormat.sniff(data)
        if chosen != .html, looksBinary(data) {
            throw ReadError(path: path, "looks like a binary file (it contains NUL bytes), not a report")
        }
        switch chosen {
        case .json:
            do {
                var report = try Report.decode(json: data)
                if report.id.isEmpty { report.id = reportID(for: path) }
                return report
            } catch let error as DecodingError {
                throw ReadError(path: path, "is not a reportkit JSON report: \(describe(error))")
            } catch {
                throw ReadError(path: path, "is not valid JSON: \(error.localizedDescription)")
            }
        case .html:
            return try HTMLReader.read(data: data, path: path, maxDepth: maxHTMLDepth)
        case .text, .markdown:
            var diagnostics: [ReportDiagnostic] = []
            let text = decodeUTF8(data, diagnostics: &diagnostics)
            var report = Report(id: reportID(for: path), source: Source(path: path, mediaType: chosen.mediaType), raw: text)
            report.body = chosen == .text ? TextReader.blocks(text) : MarkdownReader.blocks(text)
            report.diagnostics = diagnostics
            return report
        }
    }

    /// Decodes UTF-8, replacing invalid bytes with U+FFFD and saying so in a diagnostic.
    public static func decodeUTF8(_ data: Data, diagnostics: inout [ReportDiagnostic]) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let text = String(decoding: bytes, as: UTF8.self)
        let replaced = text.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
        diagnostics.append(ReportDiagnostic(.warning, step: "read",
            "input is not valid UTF-8: \(replaced) invalid byte sequence(s) replaced with U+FFFD"))
        return text
    }

    /// A stable id from a path: its file name without extension, or `stdin`.
    public static func reportID(for path: String) -> String {
        if path == "-" { return "stdin" }
        let stem = PathName.stemAndExtension(path).stem
        return String(stem.isEmpty ? PathName.lastComponent(path) : stem)
    }

    static func looksBinary(_ data: Data) -> Bool {
        // One memchr over the raw bytes: `Data.contains` walked them one by one through its indexes.
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return false }
            return memchr(base, 0, min(raw.count, 8192)) != nil
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "at '\(path)': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
