import Foundation
import ReportKit

/// The JSON Lines protocol between reportkit and an exec plugin (docs/plugins.md).
///
/// Version 1: the host writes `{"type":"describe","protocol":1}`; the plugin answers with
/// its spec. Then, per report, the host writes `{"type":"transform","id":N,"options":{…},"report":{…}}`
/// and the plugin answers `{"type":"report","id":N,"report":{…}}` or
/// `{"type":"error","id":N,"message":"…"}`. One JSON value per line; logs go to stderr.
public enum ExecProtocol {
    /// The protocol version this build speaks.
    public static let version = 1

    /// The describe request, with its newline.
    static let describeRequest = Array("{\"type\":\"describe\",\"protocol\":\(version)}\n".utf8)

    /// What a plugin says about itself.
    public struct Description: Sendable {
        public var name: String
        public var spec: TransformerSpec
    }

    /// One transform request line: the report's JSON is spliced in, so it is encoded once.
    static func transformRequest(id: Int, optionsJSON: [UInt8], reportJSON: [UInt8]) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(reportJSON.count + optionsJSON.count + 64)
        line += Array("{\"type\":\"transform\",\"id\":\(id),\"options\":".utf8)
        line += optionsJSON
        line += Array(",\"report\":".utf8)
        line += reportJSON
        line += Array("}\n".utf8)
        return line
    }

    /// The options as the JSON object sent with every report.
    static func optionsJSON(_ options: TransformerOptions) -> [UInt8] {
        let object = JSONValue.object(options.values.mapValues(\.json))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(object)) ?? Data("{}".utf8))
    }

    // MARK: Answers

    struct Answer {
        var type: String?
        var id: Int?
        var report: Report?
        var message: String?
    }

    /// Reads an answer line with the hand-written reader: JSONDecoder was a third of the
    /// host's time per report.
    static func readAnswer(_ line: ArraySlice<UInt8>) throws -> Answer {
        var answer = Answer()
        try ReportJSONReader.withReader(line) { reader in
            try reader.members { reader, key in
                switch key {
                case "type": answer.type = try reader.readOptionalString()
                case "id": answer.id = try reader.readOptionalInteger()
                case "report": answer.report = try reader.readOptionalReport()
                case "message": answer.message = try reader.readOptionalString()
                default: try reader.skipValue()
                }
            }
        }
        return answer
    }

    /// Decodes the answer to request `id`: the new report, or the plugin's own error.
    static func decodeAnswer(_ line: ArraySlice<UInt8>, id: Int) throws -> Result<Report, StepFailure> {
        let answer: Answer
        do {
            answer = try readAnswer(line)
        } catch {
            throw PluginFailure.protocolViolation(explain(error, line: line))
        }
        switch answer.type {
        case "report":
            guard answer.id == id else {
                throw PluginFailure.protocolViolation("answered id \(answer.id.map(String.init) ?? "none") to request \(id)")
            }
            guard let report = answer.report else {
                throw PluginFailure.protocolViolation("a 'report' answer without a \"report\" object")
            }
            guard report.formatVersion == Report.currentFormatVersion else {
                throw PluginFailure.protocolViolation(
                    "returned a report in format \(report.formatVersion); this reportkit reads format \(Report.currentFormatVersion)")
            }
            return .success(report)
        case "error":
            if let answerID = answer.id, answerID != id {
                throw PluginFailure.protocolViolation("answered id \(answerID) to request \(id)")
            }
            return .failure(StepFailure(answer.message ?? "failed (no message)"))
        case let other:
            throw PluginFailure.protocolViolation(
                "answered type \(other.map { "'\($0)'" } ?? "none"), expected 'report' or 'error'")
        }
    }

    /// Decodes a describe answer into a spec; `name` is what the pipeline calls the plugin.
    static func decodeDescription(_ line: ArraySlice<UInt8>, name: String, file: String, line declaredAt: Int) throws -> Description {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: Data(line))
        } catch {
            throw PluginFailure.protocolViolation(explain(error, line: line))
        }
        guard case .object(let object) = root else { throw PluginFailure.protocolViolation("the describe answer is not a JSON object") }
        if object["type"]?.stringValue == "error" {
            throw PluginFailure.protocolViolation("refused to describe itself: \(object["message"]?.stringValue ?? "no message")")
        }
        guard object["type"]?.stringValue == "describe" else {
            throw PluginFailure.protocolViolation("answered describe with type \(object["type"].map(render) ?? "none"), expected 'describe'")
        }
        guard case .number(let version)? = object["protocol"] else {
            throw PluginFailure.protocolViolation("the describe answer has no \"protocol\" version (this reportkit speaks \(ExecProtocol.version))")
        }
        guard Int(version) == ExecProtocol.version else {
            throw PluginFailure.protocolViolation("speaks protocol \(render(.number(version))); this reportkit speaks protocol \(ExecProtocol.version)")
        }
        let selfName = object["name"]?.stringValue ?? name
        var options: [OptionSpec] = []
        if case .array(let items)? = object["options"] {
            for item in items { options.append(try option(item)) }
        }
        var spec = TransformerSpec(name: name, summary: object["summary"]?.stringValue ?? "(exec plugin '\(selfName)')",
                                   discussion: object["discussion"]?.stringValue ?? "", options: options)
        if case .array(let items)? = object["examples"] {
            for (index, item) in items.enumerated() {
                spec.examples.append(try example(item, index: index, file: file, line: declaredAt))
            }
        }
        return Description(name: selfName, spec: spec)
    }

    static func option(_ value: JSONValue) throws -> OptionSpec {
        guard case .object(let o) = value, let name = o["name"]?.stringValue, !name.isEmpty else {
            throw PluginFailure.protocolViolation("an option in the describe answer has no \"name\"")
        }
        let type = try optionType(o, option: name)
        var defaultValue: OptionValue?
        if let raw = o["default"], raw != .null {
            guard let converted = optionValue(raw, as: type) else {
                throw PluginFailure.protocolViolation("option '\(name)': default \(render(raw)) is not a \(type.displayName)")
            }
            defaultValue = converted
        }
        var required = false
        if case .bool(let b)? = o["required"] { required = b }
        return OptionSpec(name, type, default: defaultValue, required: required, doc: o["doc"]?.stringValue ?? "")
    }

    static func optionType(_ o: [String: JSONValue], option: String) throws -> OptionType {
        func bound(_ key: String) -> Double? { if case .number(let n)? = o[key] { return n }; return nil }
        switch o["type"]?.stringValue ?? "string" {
        case "string": return .string
        case "path": return .path
        case "boolean": return .boolean
        case "map": return .map
        case "integer": return .integer(min: bound("min").map { Int($0) }, max: bound("max").map { Int($0) })
        case "number": return .number(min: bound("min"), max: bound("max"))
        case "choice":
            guard case .array(let values)? = o["values"], !values.isEmpty else {
                throw PluginFailure.protocolViolation("option '\(option)': a choice needs \"values\"")
            }
            return .choice(values.compactMap(\.stringValue))
        case "list":
            var element: [String: JSONValue] = ["type": .string("string")]
            switch o["items"] {
            case .string(let s)?: element["type"] = .string(s)
            case .object(let inner)?: element = inner
            default: break
            }
            return .list(try optionType(element, option: option))
        case let other:
            throw PluginFailure.protocolViolation(
                "option '\(option)': unknown type '\(other)' (string, integer, number, boolean, choice, list, path, map)")
        }
    }

    static func optionValue(_ value: JSONValue, as type: OptionType) -> OptionValue? {
        switch (type, value) {
        case (.string, .string(let s)), (.path, .string(let s)): return .string(s)
        case (.choice(let allowed), .string(let s)): return allowed.contains(s) ? .string(s) : nil
        case (.integer, .number(let n)) where n.rounded() == n: return .integer(Int(n))
        case (.number, .number(let n)): return .number(n)
        case (.boolean, .bool(let b)): return .boolean(b)
        case (.list(let element), .array(let items)):
            let converted = items.compactMap { optionValue($0, as: element) }
            return converted.count == items.count ? .list(converted) : nil
        case (.list(let element), _): return optionValue(value, as: element).map { .list([$0]) }
        case (.map, .object(let o)):
            let strings = o.compactMapValues(\.stringValue)
            return strings.count == o.count ? .map(strings) : nil
        default: return nil
        }
    }

    static func example(_ value: JSONValue, index: Int, file: String, line: Int) throws -> TransformerExample {
        guard case .object(let o) = value, let input = o["input"]?.stringValue else {
            throw PluginFailure.protocolViolation("example \(index + 1) in the describe answer has no \"input\" text")
        }
        var options: [String: OptionValue] = [:]
        if case .object(let given)? = o["options"] {
            for (key, raw) in given {
                switch raw {
                case .string(let s): options[key] = .string(s)
                case .bool(let b): options[key] = .boolean(b)
                case .number(let n): options[key] = n.rounded() == n ? .integer(Int(n)) : .number(n)
                case .array(let items): options[key] = .list(items.compactMap { $0.stringValue.map(OptionValue.string) })
                case .object(let m): options[key] = .map(m.compactMapValues(\.stringValue))
                case .null: break
                }
            }
        }
        var expectations: [ExampleExpectation] = []
        if case .object(let expect)? = o["expect"] {
            if let text = expect["text"]?.stringValue { expectations.append(.text(text)) }
            for needle in strings(expect["contains"]) { expectations.append(.contains(needle)) }
            for needle in strings(expect["not-contains"]) { expectations.append(.lacks(needle)) }
            if case .object(let fields)? = expect["fields"] {
                for (path, expected) in fields.sorted(by: { $0.key < $1.key }) {
                    expectations.append(.field(path, expected.stringValue ?? render(expected)))
                }
            }
        }
        if expectations.isEmpty {
            throw PluginFailure.protocolViolation("example \(index + 1) in the describe answer expects nothing (give \"expect\")")
        }
        return TransformerExample(o["title"]?.stringValue ?? "example \(index + 1)", options: options, input: input,
                                  mediaType: o["media-type"]?.stringValue ?? "text/plain", expect: expectations,
                                  file: file, line: line)
    }

    static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let s)?: return [s]
        case .array(let items)?: return items.compactMap(\.stringValue)
        default: return []
        }
    }

    static func render(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }

    /// A short reason a line did not decode, with the start of the line.
    static func explain(_ error: any Error, line: ArraySlice<UInt8>) -> String {
        let preview = String(decoding: line.prefix(120), as: UTF8.self) + (line.count > 120 ? "…" : "")
        switch error {
        case DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty:
            return "answered with a line that is not JSON: \(preview)"
        case DecodingError.dataCorrupted(let context):
            return "answered with an invalid report (\(path(context.codingPath))): \(context.debugDescription)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "answered with an invalid report (\(path(context.codingPath))): \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, let context):
            return "answered without \"\(key.stringValue)\" at \(path(context.codingPath))"
        default:
            return "answered with a line that is not JSON: \(preview)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
