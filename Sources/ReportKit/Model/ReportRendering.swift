import Foundation

extension Report {
    /// The report as plain lines: the title (if any), the dek, then each body block on its own line.
    public var plainText: String {
        var lines: [String] = []
        if let title, !title.isEmpty { lines.append(title) }
        if let subtitle, !subtitle.isEmpty { lines.append(subtitle) }
        lines += body.map(\.text)
        return lines.joined(separator: "\n")
    }

    /// The value at a dotted path in the report's JSON (`title`, `quotes.0.speaker`,
    /// `summary.sentences.count`), rendered as text; nil when the path does not exist.
    public func value(atPath path: String) -> String? {
        guard let root = try? jsonValue() else { return nil }
        var current = root
        for part in path.split(separator: ".").map(String.init) {
            switch current {
            case .object(let object):
                guard let next = object[part] else { return nil }
                current = next
            case .array(let items):
                if part == "count" { return String(items.count) }
                guard let i = Int(part), items.indices.contains(i) else { return nil }
                current = items[i]
            case .string(let s) where part == "count":
                return String(s.count)
            default:
                return nil
            }
        }
        switch current {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .string(let s): return s
        case .array, .object:
            var writer = JSONByteWriter()
            guard (try? current.write(to: &writer)) != nil else { return nil }
            return String(decoding: writer.bytes, as: UTF8.self)
        }
    }

    /// The report as an open JSON value (what templates and paths see).
    public func jsonValue() throws -> JSONValue {
        try ReportJSONReader.withReader(try jsonBytes()) { try $0.jsonValue() }
    }
}
