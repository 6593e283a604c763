import Foundation

/// Writes reports as compact JSON by hand.
///
/// The output is byte for byte what `JSONEncoder` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes` (the tests compare the two), at several times its speed:
/// encoding was close to half of the CPU of `run --jsonl` and of an exec step.
/// Byte scans shared by the JSON writer and reader.
enum JSONBytes {
    /// The index of the first byte at or after `start` that a JSON string cannot hold as is
    /// (a quote, a backslash or a control byte), or `bytes.count`. Eight bytes a step.
    @inline(__always)
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                // A byte below 0x20, or equal to '"' (0x22) or '\\' (0x5C), sets its high bit here;
                // bytes of 0x80 and above are excluded by `& ~word`.
                let control = word &- ones &* 0x20
                let quote = (word ^ (ones &* 0x22)) &- ones
                let backslash = (word ^ (ones &* 0x5C)) &- ones
                if (control | quote | backslash) & ~word & highs != 0 { break }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }
}

public struct JSONByteWriter {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// A string with JSON's escapes: quote, backslash and control characters; nothing else.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                index = JSONBytes.firstSpecial(in: utf8, from: index)
                guard index < utf8.count else { break }
                let byte = utf8[index]
                defer { index += 1 }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An integer in decimal.
    public mutating func integer(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A finite number as JSONEncoder writes it: the shortest form that reads back, without `.0`.
    public mutating func number(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is not a JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    public mutating func null() {
        bytes.append(contentsOf: "null".utf8)
    }

    /// Raw bytes that are already JSON.
    public mutating func raw(_ json: some Sequence<UInt8>) {
        bytes.append(contentsOf: json)
    }

    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// An object: `body` writes its members through the `ObjectWriter`, keys in sorted order.
    public mutating func object(_ body: (inout ObjectWriter) throws -> Void) rethrows {
        var members = ObjectWriter(writer: self)
        bytes = []
        members.writer.bytes.append(UInt8(ascii: "{"))
        try body(&members)
        members.writer.bytes.append(UInt8(ascii: "}"))
        self = members.writer
    }

    /// An array of `elements`, each written by `element`.
    public mutating func array<C: Collection>(_ elements: C, _ element: (inout JSONByteWriter, C.Element) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            try element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object's members; the caller gives the keys in sorted (UTF-8 byte) order.
    public struct ObjectWriter {
        var writer: JSONByteWriter
        var first = true

        /// Starts a member; the value is written next through the returned writer.
        public mutating func member(_ key: StaticString, _ value: (inout JSONByteWriter) throws -> Void) rethrows {
            startKey()
            writer.bytes.append(UInt8(ascii: "\""))
            key.withUTF8Buffer { writer.bytes.append(contentsOf: $0) }
            writer.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
            try value(&writer)
        }

        /// A member whose key is only known at run time (metadata keys).
        public mutating func member(dynamicKey key: String, _ value: (inout JSONByteWriter) throws -> Void) rethrows {
            startKey()
            writer.string(key)
            writer.bytes.append(UInt8(ascii: ":"))
            try value(&writer)
        }

        /// A string member, left out when nil (`encodeIfPresent`).
        public mutating func stringIfPresent(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            member(key) { $0.string(value) }
        }

        /// An integer member, left out when nil.
        public mutating func integerIfPresent(_ key: StaticString, _ value: Int?) {
            guard let value else { return }
            member(key) { $0.integer(value) }
        }

        private mutating func startKey() {
            if !first { writer.bytes.append(UInt8(ascii: ",")) }
            first = false
        }
    }
}

extension JSONValue {
    /// Writes the value as `encode(to:)` would through JSONEncoder with sorted keys.
    public func write(to writer: inout JSONByteWriter) throws {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { writer.integer(Int(value)) } else { try writer.number(value) }
        case .string(let value): writer.string(value)
        case .array(let values): try writer.array(values) { try $1.write(to: &$0) }
        case .object(let members):
            try writer.object { object in
                for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                    try object.member(dynamicKey: key) { try members[key]!.write(to: &$0) }
                }
            }
        }
    }
}

extension Report {
    /// The report as compact JSON with sorted keys: the bytes `jsonLine()` returns, without a line break.
    public func jsonBytes() throws -> [UInt8] {
        var writer = JSONByteWriter(capacity: (raw?.utf8.count ?? 0) * 2 + 4096)
        try write(to: &writer)
        return writer.bytes
    }

    /// Writes the report; members in sorted key order, optional ones as `encode(to:)` writes them.
    public func write(to writer: inout JSONByteWriter) throws {
        try writer.object { o in
            o.member("authors") { $0.array(authors) { $0.string($1) } }
            o.member("body") { $0.array(body) { $1.write(to: &$0) } }
            o.member("changes") { $0.array(changes) { $1.write(to: &$0) } }
            o.member("comments") { $0.array(comments) { $1.write(to: &$0) } }
            o.stringIfPresent("description", description)
            o.member("diagnostics") { $0.array(diagnostics) { $1.write(to: &$0) } }
            o.member("dropped") { $0.array(dropped) { $1.write(to: &$0) } }
            o.member("entities") { $0.array(entities) { $1.write(to: &$0) } }
            o.member("format") { $0.integer(formatVersion) }
            o.member("id") { $0.string(id) }
            o.stringIfPresent("language", language)
            try o.member("metadata") { try JSONValue.object(metadata).write(to: &$0) }
            o.stringIfPresent("published", published)
            o.member("quotes") { $0.array(quotes) { $1.write(to: &$0) } }
            o.stringIfPresent("raw", raw)
            o.stringIfPresent("site", site)
            if let source {
                o.member("source") { w in
                    w.object { s in
                        s.member("mediaType") { $0.string(source.mediaType) }
                        s.member("path") { $0.string(source.path) }
                    }
                }
            }
            o.stringIfPresent("subtitle", subtitle)
            try o.member("summary") { w in
                if let summary { try summary.write(to: &w) } else { w.null() }
            }
            o.member("tags") { $0.array(tags) { $0.string($1) } }
            o.member("title") { $0.optionalString(title) }
            o.stringIfPresent("updated", updated)
            o.stringIfPresent("url", url)
        }
    }
}

extension Block {
    func write(to writer: inout JSONByteWriter) {
        writer.object { o in
            o.member("kind") { $0.string(kind.rawValue) }
            o.integerIfPresent("level", level)
            o.member("text") { $0.string(text) }
        }
    }
}

extension DroppedBlock {
    func write(to writer: inout JSONByteWriter) {
        writer.object { o in
            o.integerIfPresent("block", block)
            o.member("reason") { $0.string(reason) }
            o.member("step") { $0.string(step) }
            o.member("text") { $0.string(text) }
        }
    }
}

extension Quote {
    func write(to writer: inout JSONByteWriter) {
        writer.object { o in
            o.member("block") { $0.integer(block) }
            o.stringIfPresent("role", role)
            o.stringIfPresent("speaker", speaker)
            o.member("text") { $0.string(text) }
        }
    }
}

extension Entity {
    func write(to writer: inout JSONByteWriter) {
        writer.object { o in
            o.member("kind") { $0.string(kind.rawValue) }
            o.member("mentions") { w in
                w.array(mentions) { w, mention in
                    w.object { m in
                        m.member("block") { $0.integer(mention.block) }
                        m.member("end") { $0.integer(mention.end) }
                        m.member("start") { $0.integer(mention.start) }
                    }
                }
            }
            o.member("text") { $0.string(text) }
        }
    }
}

extension Summary {
    func write(to writer: inout JSONByteWriter) throws {
        try writer.object { o in
            try o.member("keywords") { w in
                try w.array(keywords) { w, keyword in
                    try w.object { k in
                        try k.member("score") { try $0.number(keyword.score) }
                        k.member("text") { $0.string(keyword.text) }
                    }
                }
            }
            o.member("method") { $0.string(method) }
            try o.member("sentences") { w in
                try w.array(sentences) { w, sentence in
                    try w.object { s in
                        s.member("block") { $0.integer(sentence.block) }
                        s.member("position") { $0.integer(sentence.position) }
                        try s.member("score") { try $0.number(sentence.score) }
                        s.member("text") { $0.string(sentence.text) }
                    }
                }
            }
        }
    }
}

extension Change {
    func write(to writer: inout JSONByteWriter) {
        writer.object { o in
            o.member("after") { $0.string(after) }
            o.member("before") { $0.string(before) }
            o.integerIfPresent("block", block)
            o.stringIfPresent("context", context)
            o.stringIfPresent("field", field)
            o.member("rule") { $0.string(rule) }
            o.member("step") { $0.string(step) }
        }
    }
}

extension ReportDiagnostic {
    func write(to writer: inout JSONByteWriter) {
        writer.object { o in
            o.member("message") { $0.string(message) }
            o.member("severity") { $0.string(severity.rawValue) }
            o.member("step") { $0.string(step) }
        }
    }
}
