import Foundation

/// Reads a report from JSON by hand, straight into the model.
///
/// It accepts what `Report.init(from:)` accepts through JSONDecoder (unknown keys ignored,
/// `null` for an optional value, missing optional members) and throws `DecodingError`s of the
/// same kinds, so callers tell bad JSON from a bad report as before. Decoding through
/// JSONDecoder was a third of the host's CPU in an exec step and in `run --jsonl`.
/// Differences, on purpose: invalid UTF-8 and lone surrogates become U+FFFD instead of
/// failing the whole report, and nesting deeper than `maxDepth` is an error. Like
/// JSONDecoder, it accepts a trailing comma before `]` or `}`.
public struct ReportJSONReader {
    /// Deeper nesting is refused; JSON reports are flat, only metadata nests.
    public static let maxDepth = 200

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var path: [PathKey] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Decodes one report: the whole input must be one JSON object (spaces around it allowed).
    public static func report(from data: some ContiguousBytes) throws -> Report {
        try data.withUnsafeBytes { raw in
            var reader = ReportJSONReader(raw.bindMemory(to: UInt8.self))
            let report = try reader.readReport()
            try reader.expectEnd()
            return report
        }
    }

    /// Reads a value that the caller decodes member by member (the exec protocol's answers).
    public static func withReader<T>(_ data: some ContiguousBytes, _ body: (inout ReportJSONReader) throws -> T) throws -> T {
        try data.withUnsafeBytes { raw in
            var reader = ReportJSONReader(raw.bindMemory(to: UInt8.self))
            let value = try body(&reader)
            try reader.expectEnd()
            return value
        }
    }

    // MARK: Errors

    struct PathKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
    }

    private func syntaxError(_ message: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON: \(message) at byte \(index)"))
    }

    /// A value of the wrong kind; when the value is not even valid JSON, that error instead.
    private func shapeError(_ expected: String) -> DecodingError {
        var probe = self
        do { try probe.skipValue() } catch { return error as? DecodingError ?? syntaxError("invalid value") }
        let found: String
        switch index < bytes.count ? bytes[index] : 0 {
        case UInt8(ascii: "\""): found = "a string"
        case UInt8(ascii: "{"): found = "an object"
        case UInt8(ascii: "["): found = "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): found = "a boolean"
        case UInt8(ascii: "n"): found = "null"
        default: found = "a number"
        }
        return .typeMismatch(Any.self, .init(codingPath: path, debugDescription: "Expected \(expected) but found \(found) instead."))
    }

    private func missing(_ key: String) -> DecodingError {
        .keyNotFound(PathKey(stringValue: key), .init(codingPath: path, debugDescription: "No value associated with key '\(key)'."))
    }

    private func badValue(_ message: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: path, debugDescription: message))
    }

    // MARK: Scanning

    private mutating func skipSpaces() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next significant byte, or nil at the end.
    private mutating func peek() -> UInt8? {
        skipSpaces()
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek() == byte else {
            throw syntaxError(index < bytes.count ? "expected '\(Character(UnicodeScalar(byte)))'" : "unexpected end of input")
        }
        index += 1
    }

    private mutating func expectEnd() throws {
        if peek() != nil { throw syntaxError("unexpected text after the JSON value") }
    }

    /// Consumes `null` when it comes next.
    private mutating func takeNull() throws -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              word.withUTF8Buffer({ $0.elementsEqual(UnsafeBufferPointer(rebasing: bytes[index..<index + count])) }) else {
            throw syntaxError("invalid literal")
        }
        index += count
    }

    /// Walks an object's members: call with `first = true`, then until it returns false,
    /// read the member's value after each key it returns.
    private mutating func nextKey(_ first: inout Bool) throws -> String? {
        if first {
            try expect(UInt8(ascii: "{"))
            first = false
            if peek() == UInt8(ascii: "}") { index += 1; return nil }
        } else {
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
                // JSONDecoder accepts a trailing comma; so do we.
                if peek() == UInt8(ascii: "}") { index += 1; return nil }
            case UInt8(ascii: "}"): index += 1; return nil
            default: throw syntaxError("expected ',' or '}' in an object")
            }
        }
        guard peek() == UInt8(ascii: "\"") else { throw syntaxError("expected a member name") }
        let key = try rawString()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Walks an array's elements the same way: true while there is another element to read.
    private mutating func nextElement(_ first: inout Bool) throws -> Bool {
        if first {
            first = false
            if peek() == UInt8(ascii: "]") { index += 1; return false }
            return true
        }
        switch peek() {
        case UInt8(ascii: ","):
            index += 1
            if peek() == UInt8(ascii: "]") { index += 1; return false }
            return true
        case UInt8(ascii: "]"): index += 1; return false
        default: throw syntaxError("expected ',' or ']' in an array")
        }
    }

    /// A string, its escapes resolved; invalid UTF-8 and lone surrogates become U+FFFD.
    private mutating func rawString() throws -> String {
        index += 1  // the opening quote, checked by the caller
        let start = index
        index = JSONBytes.firstSpecial(in: bytes, from: index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            index += 1
            return text
        }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        buffer.reserveCapacity(index - start + 256)
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count,
                       bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        let save = index
                        index += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = save  // not a pair: the high half alone is replaced below
                        }
                    }
                    let character = UnicodeScalar(scalar) ?? "\u{FFFD}"
                    buffer.append(contentsOf: String(character).utf8)
                default:
                    index -= 1
                    throw syntaxError("invalid escape in a string")
                }
            default:
                if byte < 0x20 { throw syntaxError("unescaped control character in a string") }
                // Copy the run up to the next quote, backslash or control byte at once.
                let run = index
                index = JSONBytes.firstSpecial(in: bytes, from: index + 1)
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            }
        }
        throw syntaxError("unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw syntaxError("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw syntaxError("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A number's text, checked against JSON's grammar.
    private mutating func numberText() throws -> (start: Int, end: Int, integral: Bool) {
        let start = index
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        let intDigits = index - digitsStart
        guard intDigits > 0, !(intDigits > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else {
            throw syntaxError("invalid number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            let fraction = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > fraction else { throw syntaxError("invalid number") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponent = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > exponent else { throw syntaxError("invalid number") }
        }
        return (start, index, integral)
    }

    private func double(from start: Int, to end: Int) -> Double {
        Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) ?? .nan
    }

    // MARK: Typed values

    private mutating func string() throws -> String {
        guard peek() == UInt8(ascii: "\"") else { throw shapeError("a string") }
        return try rawString()
    }

    private mutating func optionalString() throws -> String? {
        try takeNull() ? nil : string()
    }

    private mutating func integer() throws -> Int {
        guard let first = peek(), first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw shapeError("a number")
        }
        let number = try numberText()
        if number.integral, number.end - number.start <= 18 {
            var value = 0
            var position = number.start
            let negative = bytes[position] == UInt8(ascii: "-")
            if negative { position += 1 }
            while position < number.end { value = value * 10 + Int(bytes[position] - UInt8(ascii: "0")); position += 1 }
            return negative ? -value : value
        }
        let value = double(from: number.start, to: number.end)
        guard value.rounded() == value, let exact = Int(exactly: value) else {
            throw badValue("Number \(String(decoding: UnsafeBufferPointer(rebasing: bytes[number.start..<number.end]), as: UTF8.self)) is not representable in Swift.")
        }
        return exact
    }

    private mutating func optionalInteger() throws -> Int? {
        try takeNull() ? nil : integer()
    }

    private mutating func number() throws -> Double {
        guard let first = peek(), first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw shapeError("a number")
        }
        let number = try numberText()
        let value = double(from: number.start, to: number.end)
        guard value.isFinite else { throw badValue("Number is not representable in Swift.") }
        return value
    }

    private mutating func stringArray() throws -> [String] {
        try array { try $0.string() }
    }

    /// An array whose elements `element` reads; the path names the element in errors.
    private mutating func array<T>(_ element: (inout ReportJSONReader) throws -> T) throws -> [T] {
        guard peek() == UInt8(ascii: "[") else { throw shapeError("an array") }
        index += 1
        guard path.count < Self.maxDepth else { throw syntaxError("nesting deeper than \(Self.maxDepth)") }
        var values: [T] = []
        var first = true
        var position = 0
        while try nextElement(&first) {
            path.append(PathKey(intValue: position))
            values.append(try element(&self))
            path.removeLast()
            position += 1
        }
        return values
    }

    /// An optional array member: `null` reads as empty, as `decodeIfPresent(…) ?? []` does.
    private mutating func optionalArray<T>(_ element: (inout ReportJSONReader) throws -> T) throws -> [T] {
        try takeNull() ? [] : array(element)
    }

    /// Reads an object member by member, `member` handling each key with the path set.
    private mutating func object(_ member: (inout ReportJSONReader, String) throws -> Void) throws {
        guard peek() == UInt8(ascii: "{") else { throw shapeError("an object") }
        guard path.count < Self.maxDepth else { throw syntaxError("nesting deeper than \(Self.maxDepth)") }
        var first = true
        while let key = try nextKey(&first) {
            path.append(PathKey(stringValue: key))
            try member(&self, key)
            path.removeLast()
        }
    }

    /// Skips a value of any kind (an unknown member).
    public mutating func skipValue() throws {
        _ = try jsonValue()
    }

    /// Any JSON value.
    public mutating func jsonValue() throws -> JSONValue {
        switch peek() {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try object { reader, key in members[key] = try reader.jsonValue() }
            return .object(members)
        case UInt8(ascii: "["):
            return .array(try array { try $0.jsonValue() })
        case UInt8(ascii: "\""):
            return .string(try rawString())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case nil:
            throw syntaxError("unexpected end of input")
        default:
            guard let first = peek(), first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
                throw syntaxError("unexpected character")
            }
            let number = try numberText()
            let value = double(from: number.start, to: number.end)
            guard value.isFinite else { throw badValue("Number is not representable in Swift.") }
            return .number(value)
        }
    }

    // MARK: The model

    /// A whole report.
    public mutating func readReport() throws -> Report {
        var report = Report(id: "")
        var formatVersion: Int?
        try object { r, key in
            switch key {
            case "format": formatVersion = try r.optionalInteger()
            case "id": report.id = try r.optionalString() ?? ""
            case "source": report.source = try r.takeNull() ? nil : r.source()
            case "raw": report.raw = try r.optionalString()
            case "title": report.title = try r.optionalString()
            case "subtitle": report.subtitle = try r.optionalString()
            case "authors": report.authors = try r.optionalArray { try $0.string() }
            case "published": report.published = try r.optionalString()
            case "updated": report.updated = try r.optionalString()
            case "site": report.site = try r.optionalString()
            case "language": report.language = try r.optionalString()
            case "url": report.url = try r.optionalString()
            case "description": report.description = try r.optionalString()
            case "tags": report.tags = try r.optionalArray { try $0.string() }
            case "body": report.body = try r.optionalArray { try $0.block() }
            case "dropped": report.dropped = try r.optionalArray { try $0.droppedBlock() }
            case "comments": report.comments = try r.optionalArray { try $0.block() }
            case "quotes": report.quotes = try r.optionalArray { try $0.quote() }
            case "entities": report.entities = try r.optionalArray { try $0.entity() }
            case "summary": report.summary = try r.takeNull() ? nil : r.summary()
            case "changes": report.changes = try r.optionalArray { try $0.change() }
            case "metadata":
                if try !r.takeNull() {
                    var metadata: [String: JSONValue] = [:]
                    try r.object { r, key in metadata[key] = try r.jsonValue() }
                    report.metadata = metadata
                }
            case "diagnostics": report.diagnostics = try r.optionalArray { try $0.diagnostic() }
            default: try r.skipValue()
            }
        }
        if let formatVersion {
            guard formatVersion <= Report.currentFormatVersion else {
                path.append(PathKey(stringValue: "format"))
                throw badValue("report format \(formatVersion) is newer than this reportkit reads (\(Report.currentFormatVersion))")
            }
            report.formatVersion = formatVersion
        }
        return report
    }

    /// Fails with keyNotFound when a required member was absent.
    private func required<T>(_ value: T?, _ key: String) throws -> T {
        guard let value else { throw missing(key) }
        return value
    }

    private mutating func source() throws -> Source {
        var path: String?, mediaType: String?
        try object { r, key in
            switch key {
            case "path": path = try r.string()
            case "mediaType": mediaType = try r.string()
            default: try r.skipValue()
            }
        }
        return Source(path: try required(path, "path"), mediaType: try required(mediaType, "mediaType"))
    }

    private mutating func enumValue<E: RawRepresentable>(_ type: E.Type) throws -> E where E.RawValue == String {
        let raw = try string()
        guard let value = E(rawValue: raw) else {
            throw badValue("Cannot initialize \(E.self) from invalid String value \(raw)")
        }
        return value
    }

    private mutating func block() throws -> Block {
        var kind: Block.Kind?, text: String?, level: Int?
        try object { r, key in
            switch key {
            case "kind": kind = try r.enumValue(Block.Kind.self)
            case "text": text = try r.string()
            case "level": level = try r.optionalInteger()
            default: try r.skipValue()
            }
        }
        return Block(try required(kind, "kind"), try required(text, "text"), level: level)
    }

    private mutating func droppedBlock() throws -> DroppedBlock {
        var text: String?, reason: String?, step: String?, block: Int?
        try object { r, key in
            switch key {
            case "text": text = try r.string()
            case "reason": reason = try r.string()
            case "step": step = try r.string()
            case "block": block = try r.optionalInteger()
            default: try r.skipValue()
            }
        }
        return DroppedBlock(text: try required(text, "text"), reason: try required(reason, "reason"),
                            step: try required(step, "step"), block: block)
    }

    private mutating func quote() throws -> Quote {
        var text: String?, speaker: String?, role: String?, block: Int?
        try object { r, key in
            switch key {
            case "text": text = try r.string()
            case "speaker": speaker = try r.optionalString()
            case "role": role = try r.optionalString()
            case "block": block = try r.integer()
            default: try r.skipValue()
            }
        }
        return Quote(text: try required(text, "text"), speaker: speaker, role: role, block: try required(block, "block"))
    }

    private mutating func entity() throws -> Entity {
        var text: String?, kind: Entity.Kind?, mentions: [Mention]?
        try object { r, key in
            switch key {
            case "text": text = try r.string()
            case "kind": kind = try r.enumValue(Entity.Kind.self)
            case "mentions": mentions = try r.array { try $0.mention() }
            default: try r.skipValue()
            }
        }
        return Entity(text: try required(text, "text"), kind: try required(kind, "kind"), mentions: try required(mentions, "mentions"))
    }

    private mutating func mention() throws -> Mention {
        var block: Int?, start: Int?, end: Int?
        try object { r, key in
            switch key {
            case "block": block = try r.integer()
            case "start": start = try r.integer()
            case "end": end = try r.integer()
            default: try r.skipValue()
            }
        }
        return Mention(block: try required(block, "block"), start: try required(start, "start"), end: try required(end, "end"))
    }

    private mutating func summary() throws -> Summary {
        var sentences: [SummarySentence]?, keywords: [Keyword]?, method: String?
        try object { r, key in
            switch key {
            case "sentences": sentences = try r.array { try $0.summarySentence() }
            case "keywords": keywords = try r.array { try $0.keyword() }
            case "method": method = try r.string()
            default: try r.skipValue()
            }
        }
        return Summary(sentences: try required(sentences, "sentences"), keywords: try required(keywords, "keywords"),
                       method: try required(method, "method"))
    }

    private mutating func summarySentence() throws -> SummarySentence {
        var text: String?, block: Int?, position: Int?, score: Double?
        try object { r, key in
            switch key {
            case "text": text = try r.string()
            case "block": block = try r.integer()
            case "position": position = try r.integer()
            case "score": score = try r.number()
            default: try r.skipValue()
            }
        }
        return SummarySentence(text: try required(text, "text"), block: try required(block, "block"),
                               position: try required(position, "position"), score: try required(score, "score"))
    }

    private mutating func keyword() throws -> Keyword {
        var text: String?, score: Double?
        try object { r, key in
            switch key {
            case "text": text = try r.string()
            case "score": score = try r.number()
            default: try r.skipValue()
            }
        }
        return Keyword(text: try required(text, "text"), score: try required(score, "score"))
    }

    private mutating func change() throws -> Change {
        var step: String?, rule: String?, block: Int?, field: String?, before: String?, after: String?, context: String?
        try object { r, key in
            switch key {
            case "step": step = try r.string()
            case "rule": rule = try r.string()
            case "block": block = try r.optionalInteger()
            case "field": field = try r.optionalString()
            case "before": before = try r.string()
            case "after": after = try r.string()
            case "context": context = try r.optionalString()
            default: try r.skipValue()
            }
        }
        return Change(step: try required(step, "step"), rule: try required(rule, "rule"), block: block, field: field,
                      before: try required(before, "before"), after: try required(after, "after"), context: context)
    }

    private mutating func diagnostic() throws -> ReportDiagnostic {
        var severity: ReportDiagnostic.Severity?, step: String?, message: String?
        try object { r, key in
            switch key {
            case "severity": severity = try r.enumValue(ReportDiagnostic.Severity.self)
            case "step": step = try r.string()
            case "message": message = try r.string()
            default: try r.skipValue()
            }
        }
        return ReportDiagnostic(try required(severity, "severity"), step: try required(step, "step"), try required(message, "message"))
    }

    // MARK: Envelopes

    /// Reads an object whose members the caller handles: `member` gets each key and reads its
    /// value through the reader (or calls `skipValue`).
    public mutating func members(_ member: (inout ReportJSONReader, String) throws -> Void) throws {
        try object(member)
    }

    /// A string or null, for callers reading an envelope.
    public mutating func readOptionalString() throws -> String? { try optionalString() }

    /// An integer or null, for callers reading an envelope.
    public mutating func readOptionalInteger() throws -> Int? { try optionalInteger() }

    /// A report or null, for callers reading an envelope.
    public mutating func readOptionalReport() throws -> Report? { try takeNull() ? nil : readReport() }
}
